using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Data.Enquiries;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Rules;

namespace Vigil.Web.Features.Enquiries.Reviews;

/// <summary>Schedules the case reviews (e.g. 24 hours, 7 and 28 days after the case is recorded) for a death under
/// investigation or a homicide. A death already concluded at the source (expected, not suspicious) is not scheduled
/// on import; it gets its schedule if it is reclassified (ADR 0204).</summary>
public sealed class ReviewScheduleHook(EnquiryOptions options) : ICaseChangeHook
{
    public static readonly IReadOnlySet<string> ReviewedCategories = new HashSet<string>([CaseClassification.UnderInvestigation, CaseClassification.Homicide], StringComparer.Ordinal);

    public Task BeforeSaveAsync(VigilDbContext db, IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct)
    {
        if (kind == CaseChangeKind.Edited) return Task.CompletedTask;
        foreach (var c in cases.Where(c => db.Entry(c).State == EntityState.Added && ReviewedCategories.Contains(c.Classification)))
            Schedule(db, c.Id, c.CreatedAt, options);
        return Task.CompletedTask;
    }

    public static void Schedule(VigilDbContext db, Guid caseId, DateTime from, EnquiryOptions options)
    {
        foreach (var (label, after) in options.Reviews())
            db.CaseReviews.Add(new CaseReview { CaseId = caseId, Label = label, DueAt = from + after });
    }
}
