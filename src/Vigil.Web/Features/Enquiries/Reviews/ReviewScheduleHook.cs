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
/// step moves to its new date, else one is added (ADR 0204). A step's review completed already keeps its outcome and
/// the new one is the step's next round, "24h (2)": labels are unique per case, and adding "24h" again failed the
/// decision or the import line whole (ADR 3177).</summary>
public sealed class ReviewsOnReclassification(IOptions<EnquiryOptions> options, TimeProvider clock) : ICaseEventListener
{
    public async Task OnCaseEventAsync(VigilDbContext db, CaseEvent e, CancellationToken ct)
    {
        if (e.Kind != CaseEventKinds.ClassificationChanged || e.ToCategory is not { } to) return;
        if (!ReviewScheduleHook.ReviewedCategories.Contains(to) || e.FromCategory is { } from && ReviewScheduleHook.ReviewedCategories.Contains(from)) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var reviews = await db.CaseReviews.Where(r => r.CaseId == e.CaseId).ToListAsync(ct);
        foreach (var (label, after) in options.Value.Reviews())
        {
            var step = reviews.Where(r => OfStep(r.Label, label)).ToList();
            if (step.FirstOrDefault(r => r.CompletedAt is null) is { } review) review.DueAt = now + after;
            else db.CaseReviews.Add(new CaseReview { CaseId = e.CaseId, Label = step.Count == 0 ? label : $"{label} ({step.Count + 1})", DueAt = now + after });
        }
    }

    /// <summary>A review of the schedule's step <paramref name="label"/>: its first round, or a later one ("24h (2)").</summary>
    private static bool OfStep(string review, string label) =>
        review == label || review.StartsWith(label + " (", StringComparison.Ordinal);
}
