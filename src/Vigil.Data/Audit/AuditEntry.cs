namespace Vigil.Data.Audit;

/// <summary>One link of the tamper-evident audit chain. Append-only: nothing in Vigil updates or deletes these rows.</summary>
public class AuditEntry : IAuditLogRow
{
    /// <summary>1, 2, 3, ... assigned under a lock so that a gap means a deleted entry.</summary>
    public long Sequence { get; set; }
    public DateTime At { get; set; }
    /// <summary>Who: "user:{id}:{name}", "token:{id}:{user}", "cli:{os user}", "family:{id}".</summary>
    public string Actor { get; set; } = "";
    /// <summary>create, update, delete, view, or a domain verb (login, import, ...).</summary>
    public string Action { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string EntityId { get; set; } = "";
    public Guid? CaseId { get; set; }
    /// <summary>Canonical JSON of what changed: property → [old, new] for updates, property → value for creates.</summary>
    public string Changes { get; set; } = "";
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}
