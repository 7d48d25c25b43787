
namespace Vigil.Data.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasKey(e => e.Sequence);
        b.Property(e => e.Sequence).ValueGeneratedNever();
        b.HasMaxLength(40, e => e.Action);
        b.HasMaxLength(64, e => e.PreviousHash, e => e.Hash);
        b.HasMaxLength(80, e => e.EntityType);
        b.HasMaxLength(200, e => e.Actor, e => e.EntityId);
        b.HasIndex(e => new { e.CaseId, e.Sequence });
    }
}
