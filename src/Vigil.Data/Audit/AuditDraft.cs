namespace Vigil.Data.Audit;

/// <summary>An audit entry before it is chained: what the interceptor derives from a change, or an explicit
/// event (a view, a login, an export) recorded with <see cref="VigilDbContext.RecordEvent"/>.</summary>
public sealed record AuditDraft(string Action, string EntityType, string EntityId, Guid? CaseId, string Details)
{
    /// <summary>Other cases the entry concerns (recorded as <see cref="AuditCaseRef"/> rows).</summary>
    public IReadOnlyList<Guid> AlsoCases { get; init; } = [];

    /// <summary>Who acted, when the entry is chained by a save made on their behalf (reads chained together, ADR
    /// 1593); null: the saving context's actor.</summary>
    public string? Actor { get; init; }
}
