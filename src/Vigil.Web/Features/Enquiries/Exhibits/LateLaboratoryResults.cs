using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Features.Enquiries.Decisions;

namespace Vigil.Web.Features.Enquiries.Exhibits;

/// <summary>What a late laboratory result set off: the action raised to consider it, and the reopening when it came
/// after the case was closed (ADR 3344).</summary>
public sealed record LateResult(CaseAction Action, CaseDecision? Reopened);

/// <summary>A laboratory's result that comes back after the exhibit's action was reviewed or closed (since ADR 3324 a
/// supervisor may do so on the submission alone), after the case was called not suspicious or expected (by a decision
/// here or by the record it came with, ADR 3345), or after it was closed (ADR 3344), is new information a decision was
/// taken without. Before ADR 3337 it was recorded in custody and told no one. As a major incident room does with late
/// information, it raises a mandatory action to consider it, allocated to the case's officer in charge, and the decision
/// log says the information came after the decision (the case's supervisors are told from that entry, ADR 0703); a
/// closed case is reopened by it. The result itself stays recorded once, in custody (issue 7).</summary>
public sealed class LateLaboratoryResults(VigilDbContext db, DecisionLog log, CaseEvents events, TimeProvider clock)
{
    /// <summary>The source of the action raised, and the start of its key: one per submission (its result comes once).</summary>
    public const string Source = "laboratory-result";

    /// <summary>How the decision log's entry opens; the supervisors' notice, whose kind already says it, leaves it out.</summary>
    public const string Opening = "New information after the decision: ";

    /// <summary>Two days to read the result against the decision: the same urgency as the rules' forensic actions.</summary>
    public static readonly TimeSpan ConsiderWithin = TimeSpan.FromDays(2);

    /// <summary>The decision log's kinds <see cref="After"/> reads: the category's decisions, closures and reopenings.</summary>
    public static readonly string[] DecisionsRead = [DecisionKinds.Classification, DecisionKinds.Closure, DecisionKinds.Reopened];

    /// <summary>What the result came after, in words ("A3 was closed", "the case was called “…” (D5)", "the case was
    /// closed (D9)"); none when it came in time to be read before any decision on it. Pure: the rule, apart from the
    /// records it reads.</summary>
    /// <param name="exhibitActions">The actions raised for the exhibit, as they stand before this result.</param>
    /// <param name="decisions">The case's classification, closure and reopening entries (<see cref="DecisionsRead"/>).</param>
    /// <param name="category">The case's category now.</param>
    public static List<string> After(IEnumerable<CaseAction> exhibitActions, IReadOnlyCollection<CaseDecision> decisions, string category)
    {
        var after = exhibitActions.OrderBy(a => a.Number).Select(a => a.Status switch
        {
            ActionStatus.Reviewed => $"{a.Label} was reviewed",
            ActionStatus.Closed => $"{a.Label} was closed",
            ActionStatus.NotPursued => $"{a.Label} was marked not pursued",
            _ => null,
        }).OfType<string>().ToList();
        if (ClassificationGate.GatedCategories.Contains(category)) after.Add(Called(decisions, category));
        // Closed is the one rule of the closed-case gate, read on the same entries (ADR 0203).
        if (ClosedCaseGate.IsClosed(decisions))
            after.Add($"the case was closed (D{decisions.Where(d => d.Kind == DecisionKinds.Closure).Max(d => d.Sequence)})");
        return after;
    }

    /// <summary>The category the case stands in, whatever set it: a decision recorded here, or the record it came with (an
    /// import's, or a new case's). Either way it was called without this result (ADR 3345; ADR 3337 counted decisions only).</summary>
    private static string Called(IReadOnlyCollection<CaseDecision> decisions, string category)
    {
        var standing = decisions.Where(d => d.Kind == DecisionKinds.Classification).MaxBy(d => d.Sequence);
        var called = $"the case was called “{CaseClassification.Describe(category)}”";
        return standing?.ToCategory == category ? $"{called} (D{standing.Sequence})" : $"{called} by its record";
    }

    /// <summary>When the result is late (<see cref="After"/>), adds the action to consider it, the reopening of a closed
    /// case and the decision log's entries, for the caller's save; null otherwise.</summary>
    public async Task<LateResult?> RaiseIfLateAsync(Exhibit e, ForensicSubmission s, IReadOnlyList<CaseAction> exhibitActions, Officer by, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == e.CaseId)
            .Select(x => new { x.Classification, Lead = x.OfficerInCharge == null ? null : x.OfficerInCharge.UserName }).FirstAsync(ct);
        var decisions = await db.CaseDecisions.AsNoTracking().Where(d => d.CaseId == e.CaseId && DecisionsRead.Contains(d.Kind)).ToListAsync(ct);
        var after = After(exhibitActions, decisions, c.Classification);
        if (after.Count == 0) return null;
        // The officer in charge reads it against the decision; with none, the officer who worked the exhibit's action.
        var officer = c.Lead ?? exhibitActions.OrderBy(a => a.Number).Select(a => a.AllocatedTo).LastOrDefault(u => u is not null);
        var action = await ConsiderAsync(e, s, officer, after, by, ct);
        var reopened = ClosedCaseGate.IsClosed(decisions) ? await ReopenAsync(e, s, action, c.Classification, by, ct) : null;
        await log.AppendAsync(e.CaseId, DecisionKinds.NewInformation,
            $"{Opening}the laboratory's result for {e.Reference} was recorded after {Joined(after)}. "
            + (reopened is null ? "" : $"The case is reopened (D{reopened.Sequence}); ") + $"{action.Label} raised to consider it.",
            by, ct, facts: s.Result);
        return new LateResult(action, reopened);
    }

    private async Task<CaseAction> ConsiderAsync(Exhibit e, ForensicSubmission s, string? officer, List<string> after, Officer by, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var action = new CaseAction
        {
            CaseId = e.CaseId, Number = await ActionNumbers.NextAsync(db, e.CaseId, ct), Title = $"Consider the laboratory's result for {e.Reference} ({e.Type})",
            Detail = $"The laboratory's result for {e.Reference} came after {Joined(after)}: \"{s.Result}\". "
                + "Read it against the decision and record what it changes, or why it changes nothing.",
            Source = Source, TriggerKey = $"{Source}|submission:{s.Id}", Mandatory = true, Priority = ActionPriority.High,
            RaisedAt = now, RaisedBy = by.UserName, DueAt = now + ConsiderWithin,
            Status = officer is null ? ActionStatus.Raised : ActionStatus.Allocated, AllocatedTo = officer, AllocatedAt = officer is null ? null : now,
        };
        db.CaseActions.Add(action);
        return action;
    }

    /// <summary>A laboratory reports weeks after a file is closed: the result is a fact of custody and is recorded, and it
    /// reopens the case in the same save, as a reopening decided on the page does (a `case-reopened` entry, which the
    /// closed-case gate reads), so the action it raises is worked on an open case and closing again passes the gate
    /// (ADR 3344). The case's decision version moves, as every decision's does (ADR 3246).</summary>
    private async Task<CaseDecision> ReopenAsync(Exhibit e, ForensicSubmission s, CaseAction action, string category, Officer by, CancellationToken ct)
    {
        (await db.Cases.FindAsync([e.CaseId], ct))!.DecisionVersion++;
        var reopened = await log.AppendAsync(e.CaseId, DecisionKinds.Reopened,
            $"Reopened by the laboratory's result for {e.Reference}, recorded after the case was closed: {action.Label} raised to consider it.",
            by, ct, from: category, facts: s.Result);
        // Published as a reopening on the page is: the family hears of it from their FLO (ADR 3359).
        await events.PublishAsync(db, CaseEvent.Reopened(e.CaseId, reopened.Sequence, by.UserName), ct);
        return reopened;
    }

    /// <summary>"A3 was closed, the case was called … and the case was closed (D9)": the clauses read as one sentence.</summary>
    public static string Joined(IReadOnlyList<string> after) =>
        after.Count <= 1 ? string.Join("", after) : $"{string.Join(", ", after.Take(after.Count - 1))} and {after[^1]}";
}
