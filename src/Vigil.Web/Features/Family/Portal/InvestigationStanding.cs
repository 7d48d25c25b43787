namespace Vigil.Web.Features.Family.Portal;

/// <summary>Where the investigation stands as the family may read it: open, closed on a day, or reopened on a day. The
/// decision log's closures and reopenings, with nothing of their rationale, their officer or the category (ADR 3360).</summary>
/// <param name="Kind"><see cref="DecisionKinds.Closure"/>, <see cref="DecisionKinds.Reopened"/>, or null while never closed.</param>
public sealed record InvestigationStanding(string? Kind, DateTime? At)
{
    public static readonly InvestigationStanding Open = new(null, null);

    public string Words(ForceTime time) => (Kind, At) switch
    {
        (DecisionKinds.Closure, { } at) => $"The investigation was closed on {time.Day(at)}.",
        (DecisionKinds.Reopened, { } at) => $"The investigation was reopened on {time.Day(at)} and is open.",
        _ => "The investigation is open.",
    };

    /// <summary>The latest closure or reopening the family has been told of. A change whose "tell the family" task is
    /// open and not yet due is the FLO's to tell first, as a new category is (the portal never shows a category): the
    /// line keeps the standing before it. At the task's due time the line shows it anyway, so a family is never kept
    /// from it past the deadline the force set itself (ADR 3360). A family found after the case was closed is told by the task
    /// raised when they became known, as if for each change before it (ADR 3365).</summary>
    public static async Task<InvestigationStanding> ForCaseAsync(VigilDbContext db, Guid caseId, DateTime now, CancellationToken ct)
    {
        var changes = await db.CaseDecisions.AsNoTracking()
            .Where(d => d.CaseId == caseId && (d.Kind == DecisionKinds.Closure || d.Kind == DecisionKinds.Reopened))
            .OrderByDescending(d => d.Sequence).Select(d => new { d.Kind, d.Sequence, d.At }).ToListAsync(ct);
        if (changes.Count == 0) return Open;
        var untold = await db.FamilyTasks.AsNoTracking()
            .Where(t => t.CaseId == caseId && t.DoneAt == null && t.DueAt > now
                && (t.Kind == CaseEventKinds.Closed || t.Kind == CaseEventKinds.Reopened || t.Kind == FamilyNowKnown.Kind))
            .Select(t => new { t.Kind, t.Description, t.CreatedAt }).ToListAsync(ct);
        var descriptions = untold.Select(t => t.Description).ToHashSet(StringComparer.Ordinal);
        var toldWhenKnown = untold.Where(t => t.Kind == FamilyNowKnown.Kind).Select(t => (DateTime?)t.CreatedAt).Min();
        var told = changes.FirstOrDefault(d => !descriptions.Contains(TellTheFamily.Describe(Event(caseId, d.Kind, d.Sequence))!) 
            && (toldWhenKnown is null || d.At > toldWhenKnown));
        return told is null ? Open : new InvestigationStanding(told.Kind, told.At);
    }

    private static CaseEvent Event(Guid caseId, string kind, int sequence) =>
        kind == DecisionKinds.Closure ? CaseEvent.Closed(caseId, sequence, "") : CaseEvent.Reopened(caseId, sequence, "");
}
