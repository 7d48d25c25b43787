using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Data.Family;
using Vigil.Web.Features.Cases;

namespace Vigil.Web.Features.Family;

/// <summary>Changes a family must hear from their FLO before anyone else (classification, a linked series, a new
/// investigating officer, an inquest date) each raise a "tell the family" task, in the publisher's transaction.</summary>
public sealed class TellTheFamily(TimeProvider clock, IOptions<FamilyOptions> options) : ICaseEventListener
{
    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["classification-changed"] = "Tell the family the death has been reclassified",
        ["linked-series"] = "Tell the family the death is being looked at with other deaths",
        ["officer-changed"] = "Tell the family who their investigating officer is now",
        ["inquest-date"] = "Tell the family the inquest date",
    };

    public async Task OnCaseEventAsync(VigilDbContext db, CaseEvent e, CancellationToken ct)
    {
        if (!Kinds.TryGetValue(e.Kind, out var title)) return;
        var description = $"{title}: {e.Description}";
        // The same change published twice (e.g. by a hook and by its owner) is one task, not two.
        var open = db.FamilyTasks.Local.Any(t => t.CaseId == e.CaseId && t.Description == description && t.DoneAt == null)
            || await db.FamilyTasks.AnyAsync(t => t.CaseId == e.CaseId && t.Description == description && t.DoneAt == null, ct);
        if (open) return;
        var now = clock.GetUtcNow().UtcDateTime;
        db.FamilyTasks.Add(new FamilyTask { CaseId = e.CaseId, Kind = e.Kind, Description = description, CreatedAt = now, DueAt = now + options.Value.TellTheFamilyWithin });
    }
}

/// <summary>Decisions publish their own classification-changed event; a re-import can also change the category
/// (the source's record), so notice that here. Edits cannot: the enquiries guard keeps the category (ADR 0203).</summary>
public sealed class ClassificationWatch(CaseEvents events, IHttpContextAccessor http) : ICaseChangeHook
{
    public async Task BeforeSaveAsync(VigilDbContext db, IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct)
    {
        if (kind == CaseChangeKind.Created) return;
        foreach (var c in cases)
        {
            var entry = db.Entry(c);
            if (entry.State != EntityState.Modified) continue;
            var before = entry.Property(x => x.Classification).OriginalValue;
            if (string.Equals(before, c.Classification, StringComparison.Ordinal)) continue;
            var by = http.HttpContext?.User.Identity?.Name ?? "system";
            await events.PublishAsync(db, new CaseEvent(c.Id, "classification-changed",
                $"{CaseClassification.Describe(before)} → {CaseClassification.Describe(c.Classification)}", by), ct);
        }
    }
}
