namespace Vigil.Web.Features.Family;

/// <summary>Changes a family must hear from their FLO before anyone else (a new category, a linked series) each raise a
/// "tell the family" task, in the publisher's transaction. (A change of investigating officer and an inquest date belong
/// here too once Vigil records them; until then nothing happens that could publish them.)</summary>
public sealed class TellTheFamily(TimeProvider clock, IOptions<FamilyOptions> options) : ICaseEventListener
{
    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [CaseEventKinds.ClassificationChanged] = "Tell the family the death has been reclassified",
        [CaseEventKinds.LinkedSeries] = "Tell the family the death is being looked at with other deaths",
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
