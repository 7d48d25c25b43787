
namespace Vigil.Data.Family;

/// <summary>The family tables as sets on the one context, without the context having to know them.</summary>
public static class FamilySets
{
    extension(VigilDbContext db)
    {
        public DbSet<FamilyFile> FamilyFiles => db.Set<FamilyFile>();
        public DbSet<FamilyMember> FamilyMembers => db.Set<FamilyMember>();
        public DbSet<FloDeployment> FloDeployments => db.Set<FloDeployment>();
        public DbSet<FamilyContact> FamilyContacts => db.Set<FamilyContact>();
        public DbSet<FamilyQuestion> FamilyQuestions => db.Set<FamilyQuestion>();
        public DbSet<Disclosure> Disclosures => db.Set<Disclosure>();
        public DbSet<FamilyTask> FamilyTasks => db.Set<FamilyTask>();
        public DbSet<FamilySubmission> FamilySubmissions => db.Set<FamilySubmission>();
        public DbSet<SubmissionFile> SubmissionFiles => db.Set<SubmissionFile>();
        public DbSet<SubmissionFileContent> SubmissionFileContents => db.Set<SubmissionFileContent>();
        public DbSet<FamilyAccount> FamilyAccounts => db.Set<FamilyAccount>();
        public DbSet<FamilyInvitation> FamilyInvitations => db.Set<FamilyInvitation>();
        public DbSet<CaseLiaison> CaseLiaisons => db.Set<CaseLiaison>();
    }
}
