namespace Vigil.Web.Features.Family;

/// <summary>Changes a family must hear from their FLO before anyone else (a new category, a linked series, the case
/// closed or reopened) each raise a "tell the family" task, in the publisher's transaction, where a family is known; a
/// family found later is told them all at once (<see cref="FamilyNowKnown"/>, ADR 3365). (A change of investigating
/// officer and an inquest date belong here too once Vigil records them; until then nothing happens that could publish them.)</summary>
public sealed class TellTheFamily(TimeProvider clock, IOptions<FamilyOptions> options) : ICaseEventListener
{
    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [CaseEventKinds.ClassificationChanged] = "Tell the family the death has been reclassified",
        [CaseEventKinds.LinkedSeries] = "Tell the family the death is being looked at with other deaths",
        // Closure is where UK practice agrees an exit strategy with the family; their portal stays open until it is
        // agreed and the FLO withdraws it (ADR 3361).
        [CaseEventKinds.Closed] = "Tell the family the investigation has ended, and agree with them how liaison ends (their portal stays open until you withdraw it)",
        [CaseEventKinds.Reopened] = "Tell the family the investigation has started again",
    };

    /// <summary>The task's words for the change, which also name it: the same change published twice is one task, and
    /// the portal finds the task of a closure or reopening by them (<see cref="Portal.InvestigationStanding"/>).</summary>
    public static string? Describe(CaseEvent e) => Kinds.TryGetValue(e.Kind, out var title) ? $"{title}: {e.Description}" : null;

    public async Task OnCaseEventAsync(VigilDbContext db, CaseEvent e, CancellationToken ct)
    {
        if (Describe(e) is not { } description) return;
        // One rule for every kind (ADR 3365): a task only where a family is known. A change made before then is told once,
        // with everything else they have missed, when the family becomes known (FamilyNowKnown). Asked first: most
        // closures are of cases with no family, which then read nothing more.
        if (!await FamilyKnownAsync(db, e.CaseId, ct)) return;
        var open = db.FamilyTasks.Local.Any(t => t.CaseId == e.CaseId && t.Description == description && t.DoneAt == null)
            || await db.FamilyTasks.AnyAsync(t => t.CaseId == e.CaseId && t.Description == description && t.DoneAt == null, ct);
        if (open) return;
        var now = clock.GetUtcNow().UtcDateTime;
        db.FamilyTasks.Add(new FamilyTask { CaseId = e.CaseId, Kind = e.Kind, Description = description, CreatedAt = now, DueAt = now + options.Value.TellTheFamilyWithin });
    }

    /// <summary>The case has a family side: a family file, a member recorded or an FLO ever deployed (one statement).</summary>
    public static Task<bool> FamilyKnownAsync(VigilDbContext db, Guid caseId, CancellationToken ct) =>
        db.Set<DeathCase>().Where(c => c.Id == caseId).Select(c => db.Set<FamilyFile>().Any(f => f.CaseId == caseId)
            || db.Set<FamilyMember>().Any(m => m.CaseId == caseId) || db.Set<FloDeployment>().Any(d => d.CaseId == caseId)).FirstOrDefaultAsync(ct);
}
