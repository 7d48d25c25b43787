
namespace Vigil.Data.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.Property(n => n.UserId).HasMaxLength(450);
        b.Property(n => n.Kind).HasMaxLength(32);
        b.Property(n => n.Text).HasMaxLength(1000);
        b.Property(n => n.Href).HasMaxLength(400);
        b.HasIndex(n => new { n.UserId, n.CreatedAt });
        // The header's unread count on every page: (user, read_at) answers it from the index.
        b.HasIndex(n => new { n.UserId, n.ReadAt });
    }
}

internal sealed class SavedSearchConfiguration : IEntityTypeConfiguration<SavedSearch>
{
    public void Configure(EntityTypeBuilder<SavedSearch> b)
    {
        b.ToTable("saved_searches");
        b.Property(s => s.UserId).HasMaxLength(450);
        b.Property(s => s.Name).HasMaxLength(200);
        b.Property(s => s.Kind).HasMaxLength(16);
        b.Property(s => s.Query).HasMaxLength(2000);
        b.HasIndex(s => s.UserId);
        b.HasIndex(s => s.Watch);
    }
}
