using Vigil.Data.Audit;

namespace Vigil.Data.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.HasMaxLength(32, n => n.Kind);
        b.HasMaxLength(400, n => n.Href);
        b.HasMaxLength(450, n => n.UserId);
        b.HasMaxLength(1000, n => n.Text);
        b.HasIndex(n => new { n.UserId, n.CreatedAt });
        // The header's unread count on every page: (user, read_at) answers it from the index.
        b.HasIndex(n => new { n.UserId, n.ReadAt });
        b.HasMaxLength(300, n => n.Done);
        // The act that completes a task finds its notices by their subject (ADR 3301).
        b.HasIndex(n => n.SubjectId);
        b.Property(n => n.LatestAt).IsNotAudited();
    }
}

internal sealed class SavedSearchConfiguration : IEntityTypeConfiguration<SavedSearch>
{
    public void Configure(EntityTypeBuilder<SavedSearch> b)
    {
        b.HasMaxLength(16, s => s.Kind);
        b.HasMaxLength(200, s => s.Name);
        b.HasMaxLength(450, s => s.UserId);
        b.HasMaxLength(2000, s => s.Query);
        b.HasIndex(s => s.UserId);
        b.HasIndex(s => s.Watch);
    }
}

internal sealed class DueEventNoticeConfiguration : IEntityTypeConfiguration<DueEventNotice>
{
    public void Configure(EntityTypeBuilder<DueEventNotice> b)
    {
        b.HasMaxLength(32, n => n.Kind);
        // The exactly-once key (ADR 3152); the sweep's "not yet raised" probe is answered from it too.
        b.HasIndex(n => new { n.Kind, n.SubjectId, n.DueAt }).IsUnique();
        b.HasIndex(n => n.CaseId);
    }
}

internal sealed class DueEventDigestConfiguration : IEntityTypeConfiguration<DueEventDigest>, IEntityTypeConfiguration<DueEventDigestCase>
{
    public void Configure(EntityTypeBuilder<DueEventDigest> b)
    {
        b.HasKey(d => d.NotificationId);
        b.HasOne<Notification>().WithOne().HasForeignKey<DueEventDigest>(d => d.NotificationId).OnDelete(DeleteBehavior.Cascade);
        // Two saves gathering into one digest from the same read: the second matches no row and fails whole (ADR 3167).
        b.Property(d => d.Events).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<DueEventDigestCase> b)
    {
        b.HasKey(c => new { c.NotificationId, c.CaseId });
        b.HasOne<DueEventDigest>().WithMany().HasForeignKey(c => c.NotificationId).OnDelete(DeleteBehavior.Cascade);
    }
}
