using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Web.Features.Cases;

namespace Vigil.Web.Features.Enquiries.Decisions;

/// <summary>A change of category is a decision (POST /api/v1/cases/{id}/classification), never a side effect of editing
/// the record: an edit that carries a different classification keeps the current one and says so on the timeline.
/// Re-imports are the source's own record and keep its term beside the category (ADR 0203).</summary>
public sealed class ClassificationGuardHook(TimeProvider clock) : ICaseChangeHook
{
    public Task BeforeSaveAsync(VigilDbContext db, IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct)
    {
        if (kind != CaseChangeKind.Edited) return Task.CompletedTask;
        foreach (var c in cases)
        {
            var property = db.Entry(c).Property(x => x.Classification);
            if (property.OriginalValue is not { } before || before == c.Classification) continue;
            var asked = c.Classification;
            c.Classification = before;
            db.TimelineEvents.Add(new TimelineEvent
            {
                CaseId = c.Id, OccurredAt = clock.GetUtcNow().UtcDateTime, Kind = "classification-not-changed", RecordedBy = db.Actor.Name,
                Description = $"An edit asked for \"{CaseClassification.Describe(asked)}\"; a category changes only by a recorded decision.",
            });
        }
        return Task.CompletedTask;
    }
}
