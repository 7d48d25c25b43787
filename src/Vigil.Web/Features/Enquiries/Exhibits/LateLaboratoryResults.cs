namespace Vigil.Web.Features.Enquiries.Exhibits;

/// <summary>A laboratory's result for an exhibit, as the rule of late results reads it (<see cref="LateResults"/>). Of its
/// own it is late after the exhibit's action was reviewed or closed (since ADR 3324 a supervisor may do so on the
/// submission alone) or marked not pursued (ADR 3337); like any result, after the case was called not suspicious or
/// expected, or was closed. Before ADR 3337 it was recorded in custody and told no one.</summary>
public static class LateLaboratoryResults
{
    /// <summary>The source of the action raised, and the start of its key: one per submission (its result comes once).</summary>
    public const string Source = "laboratory-result";

    /// <summary>What the result came after ("A3 was closed", "the case was called “…” (D5)", "the case was closed (D9)");
    /// none when it came in time to be read before any decision on it. Pure: the rule, apart from the records it reads.</summary>
    /// <param name="exhibitActions">The actions raised for the exhibit, as they stand before this result.</param>
    /// <param name="decisions">The case's classification, closure and reopening entries (<see cref="LateResults.DecisionsRead"/>).</param>
    /// <param name="category">The case's category now.</param>
    public static List<string> After(IEnumerable<CaseAction> exhibitActions, IReadOnlyCollection<CaseDecision> decisions, string category) =>
        LateResults.After(Decided(exhibitActions), decisions, category);

    /// <summary>The result as the rule names it. With no officer in charge, the officer who worked the exhibit's action reads it.</summary>
    public static ArrivedResult Of(Exhibit e, ForensicSubmission s, IReadOnlyList<CaseAction> exhibitActions)
    {
        var what = $"the laboratory's result for {e.Reference}";
        return new ArrivedResult(e.CaseId, Source, $"{Source}|submission:{s.Id}", what, $"Consider {what} ({e.Type})", s.Result!, Decided(exhibitActions),
            exhibitActions.OrderBy(a => a.Number).Select(a => a.AllocatedTo).LastOrDefault(u => u is not null));
    }

    private static List<string> Decided(IEnumerable<CaseAction> exhibitActions) =>
        exhibitActions.OrderBy(a => a.Number).Select(a => a.Status switch
        {
            ActionStatus.Reviewed => $"{a.Label} was reviewed",
            ActionStatus.Closed => $"{a.Label} was closed",
            ActionStatus.NotPursued => $"{a.Label} was marked not pursued",
            _ => null,
        }).OfType<string>().ToList();
}
