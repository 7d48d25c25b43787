
namespace Vigil.Data.Family;

internal sealed class FamilyConfiguration :
    IEntityTypeConfiguration<FamilyFile>, IEntityTypeConfiguration<FamilyMember>, IEntityTypeConfiguration<FloDeployment>,
    IEntityTypeConfiguration<FamilyContact>, IEntityTypeConfiguration<FamilyQuestion>, IEntityTypeConfiguration<Disclosure>,
    IEntityTypeConfiguration<FamilyTask>, IEntityTypeConfiguration<FamilySubmission>, IEntityTypeConfiguration<SubmissionFile>, IEntityTypeConfiguration<SubmissionFileContent>,
    IEntityTypeConfiguration<FamilyAccount>, IEntityTypeConfiguration<FamilyInvitation>
{
    public void Configure(EntityTypeBuilder<FamilyFile> b)
    {
        b.HasKey(f => f.CaseId);
        b.HasMaxLength(2000, f => f.PlainStatus);
        // The liaison details form's version (ADR 3234): checked by the UPDATE itself, so two saves in the same
        // milliseconds cannot both pass a read of it (ADR 3235).
        b.Property(f => f.UpdatedAt).IsConcurrencyToken();
        b.BelongsToCase();
    }

    public void Configure(EntityTypeBuilder<FamilyMember> b)
    {
        b.HasMaxLength(50, m => m.Phone);
        b.HasMaxLength(100, m => m.Relationship, m => m.Language);
        b.HasMaxLength(200, m => m.Name, m => m.ContactPreference, m => m.Email);
        b.HasMaxLength(1000, m => m.SupportNeeds);
        b.BelongsToCase();
    }

    public void Configure(EntityTypeBuilder<FloDeployment> b)
    {
        b.HasMaxLength(64, d => d.OfficerUserId);
        b.HasMaxLength(200, d => d.OfficerName);
        b.HasMaxLength(300, d => d.ContactDetails);
        b.HasIndex(d => d.OfficerUserId);
        b.BelongsToCase();
    }

    public void Configure(EntityTypeBuilder<FamilyContact> b)
    {
        b.HasMaxLength(20, c => c.Method);
        b.HasMaxLength(4000, c => c.Summary);
        b.HasIndex(c => new { c.CaseId, c.At });
        b.BelongsToCase();
    }

    public void Configure(EntityTypeBuilder<FamilyQuestion> b)
    {
        b.HasMaxLength(20, q => q.Source);
        b.HasMaxLength(200, q => q.OwnerName);
        b.HasMaxLength(2000, q => q.ReturnNote);
        b.HasMaxLength(4000, q => q.Text, q => q.Answer, q => q.DraftAnswer);
        b.HasIndex(q => new { q.CaseId, q.AskedAt });
        // Answering, drafting, approving and returning each read "not yet answered" (and the draft) then write: checked
        // by the UPDATE itself, so of two in the same milliseconds the family never gets the second (ADR 3247).
        b.Property(q => q.AnsweredAt).IsConcurrencyToken();
        b.Property(q => q.DraftAt).IsConcurrencyToken();
        // What the due-event sweep has still to raise, and nothing it raised before (ADRs 1633, 3178).
        b.HasIndex(q => new { q.DueAt, q.Id }, Notifications.PendingDueEvents.QuestionsIndex).HasFilter(Notifications.PendingDueEvents.Questions);
        b.BelongsToCase();
    }

    public void Configure(EntityTypeBuilder<Disclosure> b)
    {
        b.ToTable("family_disclosures");
        b.HasMaxLength(2000, d => d.Reason);
        b.HasMaxLength(4000, d => d.What);
        b.HasIndex(d => new { d.CaseId, d.At });
        b.BelongsToCase();
    }

    public void Configure(EntityTypeBuilder<FamilyTask> b)
    {
        b.HasMaxLength(40, t => t.Kind);
        b.HasMaxLength(2000, t => t.Description, t => t.Outcome);
        b.HasIndex(t => new { t.CaseId, t.DoneAt });
        b.Property(t => t.DoneAt).IsConcurrencyToken(); // completed once, by the UPDATE's check (ADR 3247)
        b.HasIndex(t => new { t.DueAt, t.Id }, Notifications.PendingDueEvents.FamilyTasksIndex).HasFilter(Notifications.PendingDueEvents.FamilyTasks);
        b.BelongsToCase();
    }

    public void Configure(EntityTypeBuilder<FamilySubmission> b)
    {
        b.HasMaxLength(4000, s => s.Outcome);
        b.HasMaxLength(8000, s => s.Text);
        b.HasIndex(s => new { s.CaseId, s.SubmittedAt });
        b.Property(s => s.AssessedAt).IsConcurrencyToken(); // assessed once, by the UPDATE's check (ADR 3247)
        b.HasMany(s => s.Files).WithOne().HasForeignKey(f => f.SubmissionId).OnDelete(DeleteBehavior.Cascade);
        b.BelongsToCase();
    }

    public void Configure(EntityTypeBuilder<SubmissionFile> b)
    {
        b.ToTable("family_submission_files");
        b.HasMaxLength(64, f => f.StoredName, f => f.Sha256);
        b.HasMaxLength(100, f => f.ContentType);
        b.HasMaxLength(120, f => f.DisplayName);
        b.HasIndex(f => f.CaseId);
    }

    public void Configure(EntityTypeBuilder<SubmissionFileContent> b)
    {
        b.ToTable("family_submission_file_contents");
        b.HasKey(c => c.SubmissionFileId);
        b.HasOne<SubmissionFile>().WithOne().HasForeignKey<SubmissionFileContent>(c => c.SubmissionFileId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<FamilyAccount> b)
    {
        b.Property(a => a.UserName).HasMaxLength(100);
        b.HasIndex(a => a.UserName).IsUnique();
        b.HasMaxLength(64, a => a.TotpSecret, a => a.SecurityStamp);
        b.HasMaxLength(400, a => a.PasswordHash);
        // One account per family member: two racing acceptances of one invitation cannot both create one.
        b.HasIndex(a => a.FamilyMemberId).IsUnique();
        b.HasOne<FamilyMember>().WithMany().HasForeignKey(a => a.FamilyMemberId).OnDelete(DeleteBehavior.Restrict);
        b.BelongsToCase();
    }

    public void Configure(EntityTypeBuilder<FamilyInvitation> b)
    {
        b.Property(i => i.TokenHash).HasMaxLength(64);
        b.HasIndex(i => i.TokenHash).IsUnique();
        // Accepting and revoking each read "neither used nor revoked", then write: checked by the UPDATE itself, so of an
        // acceptance and a revocation in the same milliseconds exactly one is saved (ADR 3257).
        b.Property(i => i.UsedAt).IsConcurrencyToken();
        b.Property(i => i.RevokedAt).IsConcurrencyToken();
        b.HasOne<FamilyMember>().WithMany().HasForeignKey(i => i.FamilyMemberId).OnDelete(DeleteBehavior.Restrict);
        b.BelongsToCase();
    }
}
