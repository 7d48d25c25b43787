using Vigil.Web.Features.Enquiries.Decisions;

namespace Vigil.Web.Features.Enquiries.Reviews;

/// <summary>Recording a review's outcome. A supervisor conducts a case review; the outcome goes into the decision log.</summary>
public sealed class ReviewCommands(VigilDbContext db, DecisionLog log, TimeProvider clock)
{
    public Task<List<CaseReviewResponse>> ForCaseAsync(Guid caseId, CancellationToken ct) =>
        db.CaseReviews.AsNoTracking().Where(r => r.CaseId == caseId).OrderBy(r => r.DueAt)
            .Select(r => new CaseReviewResponse(r.Id, r.CaseId, r.Label, r.DueAt, r.CompletedAt, r.CompletedBy, r.Outcome)).ToListAsync(ct);

    public async Task<Refusal?> CompleteAsync(Guid caseId, Guid reviewId, string outcome, Officer by, CancellationToken ct)
    {
        if (!by.IsSupervisor) return Refusal.Forbidden("Case reviews are conducted by a supervisor.");
        var review = await db.CaseReviews.FirstOrDefaultAsync(r => r.Id == reviewId && r.CaseId == caseId, ct);
        if (review is null) return new Refusal(StatusCodes.Status404NotFound, "No such review on this case.");
        if (review.CompletedAt is not null) return Refusal.Conflict($"The {review.Label} review was completed by {review.CompletedBy}.");
        if (string.IsNullOrWhiteSpace(outcome)) return Refusal.Invalid("Record the review's outcome.");
        (review.CompletedAt, review.CompletedBy, review.Outcome) = (clock.GetUtcNow().UtcDateTime, by.UserName, outcome.Trim());
        await log.AppendAsync(caseId, DecisionKinds.ReviewCompleted, $"{review.Label} review: {outcome.Trim()}", by, ct);
        // Completed by another supervisor in the same milliseconds: CompletedAt is the review's concurrency token (ADR 3247).
        return await db.SavedFirstAsync(ct) ? null : Refusal.Conflict($"The {review.Label} review has just been completed by another supervisor.");
    }
}
