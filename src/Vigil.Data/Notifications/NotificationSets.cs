using Vigil.Data.People;
using Vigil.Data.Search;

namespace Vigil.Data.Notifications;

/// <summary>The workspace's tables (notifications, saved searches, search documents, person changes) as sets on the
/// one context, without the context having to know them.</summary>
public static class WorkspaceSets
{
    extension(VigilDbContext db)
    {
        public DbSet<Notification> UserNotifications => db.Set<Notification>();
        public DbSet<DueEventNotice> DueEventNotices => db.Set<DueEventNotice>();
        public DbSet<DueEventDigest> DueEventDigests => db.Set<DueEventDigest>();
        public DbSet<DueEventDigestCase> DueEventDigestCases => db.Set<DueEventDigestCase>();
        public DbSet<SavedSearch> SavedSearches => db.Set<SavedSearch>();
        public DbSet<SearchDocument> SearchDocuments => db.Set<SearchDocument>();
        public DbSet<PersonChange> PersonChanges => db.Set<PersonChange>();
    }
}
