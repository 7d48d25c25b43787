
namespace Vigil.Data.Family;

internal sealed class FamilyConfiguration :
    IEntityTypeConfiguration<FamilyFile>, IEntityTypeConfiguration<FamilyMember>, IEntityTypeConfiguration<FloDeployment>,
    IEntityTypeConfiguration<FamilyContact>, IEntityTypeConfiguration<FamilyQuestion>, IEntityTypeConfiguration<Disclosure>,
    IEntityTypeConfiguration<FamilyTask>, IEntityTypeConfiguration<FamilySubmission>, IEntityTypeConfiguration<SubmissionFile>,
    IEntityTypeConfiguration<FamilyAccount>, IEntityTypeConfiguration<FamilyInvitation>
{
    private static void BelongsToCase<T>(EntityTypeBuilder<T> b) where T : class =>
        b.HasOne<DeathCase>().WithMany().HasForeignKey("CaseId").OnDelete(DeleteBehavior.Cascade);

    public void Configure(EntityTypeBuilder<FamilyFile> b)
    {
        b.ToTable("family_files");
        b.HasKey(f => f.CaseId);
        b.Property(f => f.PlainStatus).HasMaxLength(2000);
        BelongsToCase(b);
    }

    public void Configure(EntityTypeBuilder<FamilyMember> b)
    {
        b.ToTable("family_members");
        b.Property(m => m.Name).HasMaxLength(200);
        b.Property(m => m.Relationship).HasMaxLength(100);
        b.Property(m => m.ContactPreference).HasMaxLength(200);
        b.Property(m => m.Phone).HasMaxLength(50);
        b.Property(m => m.Email).HasMaxLength(200);
        b.Property(m => m.Language).HasMaxLength(100);
        b.Property(m => m.SupportNeeds).HasMaxLength(1000);
        b.HasIndex(m => m.CaseId);
        BelongsToCase(b);
    }

    public void Configure(EntityTypeBuilder<FloDeployment> b)
    {
        b.ToTable("flo_deployments");
        b.Property(d => d.OfficerUserId).HasMaxLength(64);
        b.Property(d => d.OfficerName).HasMaxLength(200);
        b.Property(d => d.ContactDetails).HasMaxLength(300);
        b.HasIndex(d => d.CaseId);
        b.HasIndex(d => d.OfficerUserId);
        BelongsToCase(b);
    }

    public void Configure(EntityTypeBuilder<FamilyContact> b)
    {
        b.ToTable("family_contacts");
        b.Property(c => c.Method).HasMaxLength(20);
        b.Property(c => c.By).HasMaxLength(200);
        b.Property(c => c.Summary).HasMaxLength(4000);
        b.HasIndex(c => new { c.CaseId, c.At });
        BelongsToCase(b);
    }

    public void Configure(EntityTypeBuilder<FamilyQuestion> b)
    {
        b.ToTable("family_questions");
        b.Property(q => q.Source).HasMaxLength(20);
        b.Property(q => q.Text).HasMaxLength(4000);
        b.Property(q => q.OwnerName).HasMaxLength(200);
        b.Property(q => q.Answer).HasMaxLength(4000);
        b.Property(q => q.AnsweredBy).HasMaxLength(200);
        b.Property(q => q.DraftAnswer).HasMaxLength(4000);
        b.Property(q => q.DraftBy).HasMaxLength(200);
        b.Property(q => q.ApprovedBy).HasMaxLength(200);
        b.Property(q => q.ReturnNote).HasMaxLength(2000);
        b.HasIndex(q => new { q.CaseId, q.AskedAt });
        BelongsToCase(b);
    }

    public void Configure(EntityTypeBuilder<Disclosure> b)
    {
        b.ToTable("family_disclosures");
        b.Property(d => d.By).HasMaxLength(200);
        b.Property(d => d.What).HasMaxLength(4000);
        b.Property(d => d.Reason).HasMaxLength(2000);
        b.HasIndex(d => new { d.CaseId, d.At });
        BelongsToCase(b);
    }

    public void Configure(EntityTypeBuilder<FamilyTask> b)
    {
        b.ToTable("family_tasks");
        b.Property(t => t.Kind).HasMaxLength(40);
        b.Property(t => t.Description).HasMaxLength(2000);
        b.Property(t => t.DoneBy).HasMaxLength(200);
        b.Property(t => t.Outcome).HasMaxLength(2000);
        b.HasIndex(t => new { t.CaseId, t.DoneAt });
        BelongsToCase(b);
    }

    public void Configure(EntityTypeBuilder<FamilySubmission> b)
    {
        b.ToTable("family_submissions");
        b.Property(s => s.SubmittedBy).HasMaxLength(200);
        b.Property(s => s.Text).HasMaxLength(8000);
        b.Property(s => s.AssessedBy).HasMaxLength(200);
        b.Property(s => s.Outcome).HasMaxLength(4000);
        b.HasIndex(s => new { s.CaseId, s.SubmittedAt });
        b.HasMany(s => s.Files).WithOne().HasForeignKey(f => f.SubmissionId).OnDelete(DeleteBehavior.Cascade);
        BelongsToCase(b);
    }

    public void Configure(EntityTypeBuilder<SubmissionFile> b)
    {
        b.ToTable("family_submission_files");
        b.Property(f => f.DisplayName).HasMaxLength(120);
        b.Property(f => f.StoredName).HasMaxLength(64);
        b.Property(f => f.ContentType).HasMaxLength(100);
        b.Property(f => f.Sha256).HasMaxLength(64);
        b.HasIndex(f => f.CaseId);
    }

    public void Configure(EntityTypeBuilder<FamilyAccount> b)
    {
        b.ToTable("family_accounts");
        b.Property(a => a.UserName).HasMaxLength(100);
        b.HasIndex(a => a.UserName).IsUnique();
        b.Property(a => a.PasswordHash).HasMaxLength(400);
        b.Property(a => a.TotpSecret).HasMaxLength(64);
        b.Property(a => a.SecurityStamp).HasMaxLength(64);
        b.HasIndex(a => a.CaseId);
        // One account per family member: two racing acceptances of one invitation cannot both create one.
        b.HasIndex(a => a.FamilyMemberId).IsUnique();
        b.HasOne<FamilyMember>().WithMany().HasForeignKey(a => a.FamilyMemberId).OnDelete(DeleteBehavior.Restrict);
        BelongsToCase(b);
    }

    public void Configure(EntityTypeBuilder<FamilyInvitation> b)
    {
        b.ToTable("family_invitations");
        b.Property(i => i.TokenHash).HasMaxLength(64);
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.Property(i => i.CreatedBy).HasMaxLength(200);
        b.HasIndex(i => i.CaseId);
        b.HasOne<FamilyMember>().WithMany().HasForeignKey(i => i.FamilyMemberId).OnDelete(DeleteBehavior.Restrict);
        BelongsToCase(b);
    }
}
