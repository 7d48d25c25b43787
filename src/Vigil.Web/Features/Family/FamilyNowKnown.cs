namespace Vigil.Web.Features.Family;

/// <summary>A family becomes known on a case (its family file made, its first member recorded, an FLO deployed) whose
/// standing changed before: closed, reopened, reclassified by a decision, or linked to a series, each of which raised no
/// task then (<see cref="TellTheFamily"/> tells only a known family). One "tell the family" task says where the
/// investigation stands now, whatever changed and however often; none when the family was already known, so a second
/// member or FLO raises nothing (ADR 3365). Called by the writer before it adds the row, in the same save.</summary>
public sealed class FamilyNowKnown(TimeProvider clock, IOptions<FamilyOptions> options)
{
    /// <summary>The task's kind: not a case event's, since it tells a standing, not one change.</summary>
    public const string Kind = "standing-when-known";

    public const string Title = "Tell the family where the investigation stands, as it changed before they were known to us";

    public async Task RaiseIfFirstAsync(VigilDbContext db, Guid caseId, CancellationToken ct)
    {
        if (await TellTheFamily.FamilyKnownAsync(db, caseId, ct)) return;
        if (Describe(await FactsAsync(db, caseId, ct)) is not { } description) return;
        var now = clock.GetUtcNow().UtcDateTime;
        db.FamilyTasks.Add(new FamilyTask { CaseId = caseId, Kind = Kind, Description = description, CreatedAt = now, DueAt = now + options.Value.TellTheFamilyWithin });
    }

    /// <summary>The latest closure or reopening (kind, decision number), the category now, and whether a decision changed
    /// it or the death joined a series.</summary>
    internal sealed record Facts(string? StandingKind, int? StandingDecision, string Category, bool Reclassified, bool InSeries);

    /// <summary>What changed, in one statement. A category or a series whose own task was raised before ADR 3365 (on any
    /// case, ADR 3179) is that task's to tell. A category changed by a re-import of the source's record is in no decision
    /// and not read here: the FLO tells the family the category as it is when deployed, as for any case.</summary>
    private static Task<Facts?> FactsAsync(VigilDbContext db, Guid caseId, CancellationToken ct)
    {
        var standing = db.CaseDecisions.Where(d => d.CaseId == caseId && (d.Kind == DecisionKinds.Closure || d.Kind == DecisionKinds.Reopened))
            .OrderByDescending(d => d.Sequence);
        var tasks = db.FamilyTasks.Where(t => t.CaseId == caseId);
        return db.Cases.Where(c => c.Id == caseId).Select(c => new Facts(
            standing.Select(d => d.Kind).FirstOrDefault(), standing.Select(d => (int?)d.Sequence).FirstOrDefault(), c.Classification,
            db.CaseDecisions.Any(d => d.CaseId == caseId && d.Kind == DecisionKinds.Classification) && !tasks.Any(t => t.Kind == CaseEventKinds.ClassificationChanged),
            db.TimelineEvents.Any(e => e.CaseId == caseId && e.Kind == TimelineKinds.LinkedSeries) && !tasks.Any(t => t.Kind == CaseEventKinds.LinkedSeries)))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>The task's words, naming every change the FLO is to tell; null when nothing changed.</summary>
    internal static string? Describe(Facts? f)
    {
        if (f is null) return null;
        var told = new List<string>();
        if (f.StandingKind == DecisionKinds.Closure) told.Add($"the case was closed (D{f.StandingDecision})");
        if (f.StandingKind == DecisionKinds.Reopened) told.Add($"the case was closed and has been reopened (D{f.StandingDecision})");
        if (f.Reclassified) told.Add($"the death has been reclassified: it is now \"{CaseClassification.Describe(f.Category)}\"");
        if (f.InSeries) told.Add("the death is being looked at with other deaths");
        return told.Count == 0 ? null : $"{Title}: {string.Join("; ", told)}.";
    }
}
