using Vigil.Web.Features.Enquiries.Rules;

namespace Vigil.Web.Features.Enquiries.Reviews;

/// <summary>Schedules the case reviews (e.g. 24 hours, 7 and 28 days after the case is recorded) for a death under
/// investigation or a homicide. A death already concluded at the source (expected, not suspicious) is not scheduled
/// on import; it gets its schedule if it is reclassified (<see cref="ReviewsOnReclassification"/>, ADR 0204).</summary>
public sealed class ReviewScheduleHook(IOptions<EnquiryOptions> options) : ICaseChangeHook
{
    public static readonly IReadOnlySet<string> ReviewedCategories = new HashSet<string>([CaseClassification.UnderInvestigation, CaseClassification.Homicide], StringComparer.Ordinal);

    public int Order => CaseHookOrder.Reviews;

    public Task BeforeSaveAsync(VigilDbContext db, IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct)
    {
        if (kind == CaseChangeKind.Edited) return Task.CompletedTask;
        foreach (var c in cases.Where(c => db.IsAdded(c) && ReviewedCategories.Contains(c.Classification)))
            foreach (var (label, after) in options.Value.Reviews())
                db.AddCaseRow(c, new CaseReview { CaseId = c.Id, Label = label, DueAt = c.CreatedAt + after });
        return Task.CompletedTask;
    }
}

/// <summary>A death that returns to "under investigation" (or becomes a homicide) from a concluded category, by a
/// decision or a re-import, is reviewed again on the same schedule from that moment: a pending review of the same
/// label moves to its new date, a missing one is added (ADR 0204).</summary>
public sealed class ReviewsOnReclassification(IOptions<EnquiryOptions> options, TimeProvider clock) : ICaseEventListener
{
    public async Task OnCaseEventAsync(VigilDbContext db, CaseEvent e, CancellationToken ct)
    {
        if (e.Kind != CaseEventKinds.ClassificationChanged || e.ToCategory is not { } to) return;
        if (!ReviewScheduleHook.ReviewedCategories.Contains(to) || e.FromCategory is { } from && ReviewScheduleHook.ReviewedCategories.Contains(from)) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var pending = await db.CaseReviews.Where(r => r.CaseId == e.CaseId && r.CompletedAt == null).ToListAsync(ct);
        foreach (var (label, after) in options.Value.Reviews())
        {
            if (pending.FirstOrDefault(r => r.Label == label) is { } review) review.DueAt = now + after;
            else db.CaseReviews.Add(new CaseReview { CaseId = e.CaseId, Label = label, DueAt = now + after });
        }
    }
}
