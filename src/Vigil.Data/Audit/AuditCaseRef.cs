
namespace Vigil.Data.Audit;

/// <summary>Rows that are the audit log itself, never changes to record in it.</summary>
public interface IAuditLogRow;

/// <summary>A further case an audit entry concerns besides its own <see cref="AuditEntry.CaseId"/>: a linkage alert
/// belongs to the newer death but names the earlier one, so a case rebuilt from the log alone finds it too.
/// Written with the entry, in the same transaction; append-only.</summary>
public class AuditCaseRef : IAuditLogRow
{
    public Guid CaseId { get; set; }
    public long Sequence { get; set; }
}

internal sealed class AuditCaseRefConfiguration : IEntityTypeConfiguration<AuditCaseRef>
{
    public void Configure(EntityTypeBuilder<AuditCaseRef> b)
    {
        b.HasKey(r => new { r.CaseId, r.Sequence });
    }
}
