using Vigil.Data.Audit;

namespace Vigil.Data.Linkage;

/// <summary>One saved or imported case waiting to be compared by the linkage worker, written in the case's own
/// transaction (a transactional outbox, ADR 1231). The worker takes pending rows in <see cref="FoundAt"/> order and
/// sets <see cref="DoneAt"/> in the transaction that stores the alerts, so a crash leaves the row pending, never
/// skipped nor done twice. Bookkeeping, not evidence: the case's own audit entry records the save.</summary>
public class LinkageOutboxRow : INotAudited
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }

    /// <summary>The case's found_at when saved: the order the worker compares in, as the index is built.</summary>
    public DateTime FoundAt { get; set; }

    public DateTime EnqueuedAt { get; set; }

    /// <summary>When the worker compared the case and stored its alerts; null while pending.</summary>
    public DateTime? DoneAt { get; set; }

    /// <summary>Failed attempts so far, and the last failure (for operators; the row stays pending and is retried).</summary>
    public int Attempts { get; set; }

    public string? LastError { get; set; }
}

internal sealed class LinkageOutboxConfiguration : IEntityTypeConfiguration<LinkageOutboxRow>
{
    public void Configure(EntityTypeBuilder<LinkageOutboxRow> b)
    {
        b.ToTable("linkage_outbox");
        b.HasOne<DeathCase>().WithMany().HasForeignKey(o => o.CaseId).OnDelete(DeleteBehavior.Cascade);
        // The worker's scan: pending rows in the one order deaths are compared in (found_at, then case: ADR 1635). Partial,
        // so a million done rows cost it nothing.
        b.HasIndex(o => new { o.FoundAt, o.CaseId, o.EnqueuedAt }).HasFilter("\"DoneAt\" IS NULL").HasDatabaseName("IX_linkage_outbox_pending");
        // Other nodes catch their index up on rows done since they last looked.
        b.HasIndex(o => o.DoneAt);
        b.Property(o => o.LastError).HasMaxLength(2000);
    }
}
