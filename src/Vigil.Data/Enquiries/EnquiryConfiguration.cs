
namespace Vigil.Data.Enquiries;

internal sealed class CaseActionConfiguration : IEntityTypeConfiguration<CaseAction>
{
    public void Configure(EntityTypeBuilder<CaseAction> b)
    {
        b.ToTable("case_actions");
        b.HasOne<DeathCase>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.CaseId, a.Number }).IsUnique();
        // The idempotence of the enquiry rules rests on this index, not on the code remembering (ADR 0201).
        b.HasIndex(a => new { a.CaseId, a.TriggerKey }).IsUnique();
        b.HasIndex(a => new { a.Status, a.DueAt });
        b.HasIndex(a => new { a.AllocatedTo, a.Status });
        b.HasIndex(a => a.Source);
        b.Property(a => a.Title).HasMaxLength(300);
        b.Property(a => a.Detail).HasMaxLength(4000);
        b.Property(a => a.Source).HasMaxLength(64);
        b.Property(a => a.TriggerKey).HasMaxLength(200);
        b.Property(a => a.Priority).HasMaxLength(16);
        b.Property(a => a.Status).HasMaxLength(24);
        b.Property(a => a.RaisedBy).HasMaxLength(200);
        b.Property(a => a.AllocatedTo).HasMaxLength(200);
        b.Property(a => a.Result).HasMaxLength(8000);
        b.Property(a => a.ResultBy).HasMaxLength(200);
        b.Property(a => a.ReviewedBy).HasMaxLength(200);
        b.Property(a => a.ReviewNote).HasMaxLength(4000);
        b.Property(a => a.NotPursuedReason).HasMaxLength(4000);
        b.Property(a => a.ClosedBy).HasMaxLength(200);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.Ignore(a => a.Label);
        b.Ignore(a => a.IsOpen);
    }
}

internal sealed class ExhibitMovementConfiguration : IEntityTypeConfiguration<ExhibitMovement>
{
    public void Configure(EntityTypeBuilder<ExhibitMovement> b)
    {
        b.ToTable("exhibit_movements");
        b.HasOne<DeathCase>().WithMany().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Exhibit>().WithMany().HasForeignKey(m => m.ExhibitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(m => new { m.ExhibitId, m.MovedAt });
        b.Property(m => m.MovedBy).HasMaxLength(200);
        b.Property(m => m.From).HasMaxLength(300);
        b.Property(m => m.To).HasMaxLength(300);
        b.Property(m => m.Reason).HasMaxLength(2000);
        b.Property(m => m.SealNumber).HasMaxLength(64);
        b.Property(m => m.RecordedBy).HasMaxLength(200);
    }
}

internal sealed class ForensicSubmissionConfiguration : IEntityTypeConfiguration<ForensicSubmission>
{
    public void Configure(EntityTypeBuilder<ForensicSubmission> b)
    {
        b.ToTable("forensic_submissions");
        b.HasOne<DeathCase>().WithMany().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Exhibit>().WithMany().HasForeignKey(s => s.ExhibitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => s.ExhibitId);
        b.Property(s => s.Laboratory).HasMaxLength(200);
        b.Property(s => s.Examination).HasMaxLength(500);
        b.Property(s => s.SubmittedBy).HasMaxLength(200);
        b.Property(s => s.Result).HasMaxLength(8000);
        b.Property(s => s.ResultRecordedBy).HasMaxLength(200);
    }
}

internal sealed class ExaminationResultConfiguration : IEntityTypeConfiguration<ExaminationResult>
{
    public void Configure(EntityTypeBuilder<ExaminationResult> b)
    {
        b.ToTable("examination_results");
        b.HasOne<DeathCase>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.CaseId, r.Kind });
        b.Property(r => r.Kind).HasMaxLength(24);
        b.Property(r => r.Summary).HasMaxLength(8000);
        b.Property(r => r.RecordedBy).HasMaxLength(200);
    }
}

internal sealed class CaseDecisionConfiguration : IEntityTypeConfiguration<CaseDecision>
{
    public void Configure(EntityTypeBuilder<CaseDecision> b)
    {
        b.ToTable("case_decisions");
        b.HasOne<DeathCase>().WithMany().HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(d => new { d.CaseId, d.Sequence }).IsUnique();
        b.HasIndex(d => new { d.Kind, d.At });
        b.Property(d => d.Kind).HasMaxLength(32);
        b.Property(d => d.FromCategory).HasMaxLength(40);
        b.Property(d => d.ToCategory).HasMaxLength(40);
        b.Property(d => d.Rationale).HasMaxLength(8000);
        b.Property(d => d.FactsReliedOn).HasMaxLength(8000);
        b.Property(d => d.DecidedBy).HasMaxLength(200);
        b.Property(d => d.DecidedByRole).HasMaxLength(32);
        b.Property(d => d.BlockedBy).HasMaxLength(4000);
    }
}

internal sealed class CaseReviewConfiguration : IEntityTypeConfiguration<CaseReview>
{
    public void Configure(EntityTypeBuilder<CaseReview> b)
    {
        b.ToTable("case_reviews");
        b.HasOne<DeathCase>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.CaseId, r.Label }).IsUnique();
        b.HasIndex(r => new { r.CompletedAt, r.DueAt });
        b.Property(r => r.Label).HasMaxLength(16);
        b.Property(r => r.CompletedBy).HasMaxLength(200);
        b.Property(r => r.Outcome).HasMaxLength(8000);
    }
}
