
namespace Vigil.Data.Enquiries;

internal sealed class CaseActionConfiguration : IEntityTypeConfiguration<CaseAction>
{
    public void Configure(EntityTypeBuilder<CaseAction> b)
    {
        b.BelongsToCase();
        b.HasIndex(a => new { a.CaseId, a.Number }).IsUnique();
        // The idempotence of the enquiry rules rests on this index, not on the code remembering (ADR 0201).
        b.HasIndex(a => new { a.CaseId, a.TriggerKey }).IsUnique();
        b.HasIndex(a => new { a.Status, a.DueAt });
        // What the due-event sweep has still to raise, and nothing it raised before (ADR 1633).
        b.HasIndex(a => new { a.DueAt, a.Id }, Notifications.PendingDueEvents.ActionsIndex).HasFilter(Notifications.PendingDueEvents.Actions);
        b.HasIndex(a => new { a.AllocatedTo, a.Status });
        b.HasIndex(a => a.Source);
        b.HasMaxLength(16, a => a.Priority);
        b.HasMaxLength(24, a => a.Status);
        b.HasMaxLength(64, a => a.Source);
        b.HasMaxLength(200, a => a.TriggerKey, a => a.AllocatedTo);
        b.HasMaxLength(300, a => a.Title);
        b.HasMaxLength(4000, a => a.Detail, a => a.ReviewNote, a => a.NotPursuedReason);
        b.HasMaxLength(8000, a => a.Result);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.Ignore(a => a.Label);
        b.Ignore(a => a.IsOpen);
    }
}

internal sealed class ExhibitMovementConfiguration : IEntityTypeConfiguration<ExhibitMovement>
{
    public void Configure(EntityTypeBuilder<ExhibitMovement> b)
    {
        b.BelongsToCase();
        b.HasOne<Exhibit>().WithMany().HasForeignKey(m => m.ExhibitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(m => new { m.ExhibitId, m.MovedAt });
        b.HasMaxLength(64, m => m.SealNumber);
        b.HasMaxLength(300, m => m.From, m => m.To);
        b.HasMaxLength(2000, m => m.Reason);
    }
}

internal sealed class ForensicSubmissionConfiguration : IEntityTypeConfiguration<ForensicSubmission>
{
    public void Configure(EntityTypeBuilder<ForensicSubmission> b)
    {
        b.BelongsToCase();
        b.HasOne<Exhibit>().WithMany().HasForeignKey(s => s.ExhibitId).OnDelete(DeleteBehavior.Restrict);
        b.HasMaxLength(200, s => s.Laboratory);
        b.HasMaxLength(500, s => s.Examination);
        b.HasMaxLength(8000, s => s.Result);
        b.Property(s => s.ResultAt).IsConcurrencyToken(); // one result, by the UPDATE's check (ADR 3247)
    }
}

internal sealed class ExaminationResultConfiguration : IEntityTypeConfiguration<ExaminationResult>
{
    public void Configure(EntityTypeBuilder<ExaminationResult> b)
    {
        b.BelongsToCase();
        b.HasIndex(r => new { r.CaseId, r.Kind });
        b.HasMaxLength(24, r => r.Kind);
        b.HasMaxLength(8000, r => r.Summary);
        b.HasMaxLength(2000, r => r.SupersededReason);
        b.Property(r => r.SupersededAt).IsConcurrencyToken(); // one correction of a result, by the UPDATE's check (ADR 3368)
    }
}

internal sealed class CaseDecisionConfiguration : IEntityTypeConfiguration<CaseDecision>
{
    public void Configure(EntityTypeBuilder<CaseDecision> b)
    {
        b.BelongsToCase();
        b.HasIndex(d => new { d.CaseId, d.Sequence }).IsUnique();
        b.HasIndex(d => new { d.Kind, d.At });
        b.HasMaxLength(32, d => d.Kind, d => d.DecidedByRole);
        b.HasMaxLength(40, d => d.FromCategory, d => d.ToCategory);
        b.HasMaxLength(4000, d => d.BlockedBy);
        b.HasMaxLength(8000, d => d.Rationale, d => d.FactsReliedOn);
    }
}

internal sealed class CaseReviewConfiguration : IEntityTypeConfiguration<CaseReview>
{
    public void Configure(EntityTypeBuilder<CaseReview> b)
    {
        b.BelongsToCase();
        b.HasIndex(r => new { r.CaseId, r.Label }).IsUnique();
        b.Property(r => r.CompletedAt).IsConcurrencyToken(); // completed once, by the UPDATE's check (ADR 3247)
        b.HasIndex(r => new { r.CompletedAt, r.DueAt });
        b.HasIndex(r => new { r.DueAt, r.Id }, Notifications.PendingDueEvents.ReviewsIndex).HasFilter(Notifications.PendingDueEvents.Reviews);
        b.HasMaxLength(16, r => r.Label);
        b.HasMaxLength(8000, r => r.Outcome);
    }
}
