using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Features.Enquiries.Decisions;

namespace Vigil.Web.Features.Enquiries.Exhibits;

/// <summary>A laboratory's result that comes back after the exhibit's action was reviewed or closed (since ADR 3324 a
/// supervisor may do so on the submission alone), or after the case was called not suspicious or expected, is new
/// information a decision was taken without. Before ADR 3337 it was recorded in custody and told no one: the closed
/// action kept its old words and the decision stood unread against it. As a major incident room does with late
/// information, it raises a mandatory action to consider it, allocated to the case's officer in charge, and the decision
/// log says the information came after the decision (the case's supervisors are told from that entry, ADR 0703). The
/// result itself stays recorded once, in custody (issue 7).</summary>
public sealed class LateLaboratoryResults(VigilDbContext db, DecisionLog log, TimeProvider clock)
{
    /// <summary>The source of the action raised, and the start of its key: one per submission (its result comes once).</summary>
    public const string Source = "laboratory-result";

    /// <summary>Two days to read the result against the decision: the same urgency as the rules' forensic actions.</summary>
    public static readonly TimeSpan ConsiderWithin = TimeSpan.FromDays(2);

    /// <summary>What the result came after, in words ("A3 was closed", "the case was called “…” (D5)"); none when it
    /// came in time to be read before any decision on it. Pure: the rule, apart from the records it reads.</summary>
    /// <param name="exhibitActions">The actions raised for the exhibit, as they stand before this result.</param>
    /// <param name="standing">The case's latest classification decision, or null when none was recorded here.</param>
    /// <param name="category">The case's category now.</param>
    public static List<string> After(IEnumerable<CaseAction> exhibitActions, CaseDecision? standing, string category)
    {
        var after = exhibitActions.OrderBy(a => a.Number).Select(a => a.Status switch
        {
            ActionStatus.Reviewed => $"{a.Label} was reviewed",
            ActionStatus.Closed => $"{a.Label} was closed",
            ActionStatus.NotPursued => $"{a.Label} was marked not pursued",
            _ => null,
        }).OfType<string>().ToList();
        // The category the case stands in by a decision recorded here; an imported category was the source's call, not
        // one this system's gate let through (ADR 3337).
        if (standing is { Kind: DecisionKinds.Classification, ToCategory: { } to } && to == category && ClassificationGate.GatedCategories.Contains(to))
            after.Add($"the case was called “{CaseClassification.Describe(to)}” (D{standing.Sequence})");
        return after;
    }

    /// <summary>When the result is late (<see cref="After"/>), adds the action to consider it and the decision log's entry,
    /// for the caller's save; null otherwise.</summary>
    public async Task<CaseAction?> RaiseIfLateAsync(Exhibit e, ForensicSubmission s, IReadOnlyList<CaseAction> exhibitActions, Officer by, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == e.CaseId)
            .Select(x => new { x.Classification, Lead = x.OfficerInCharge == null ? null : x.OfficerInCharge.UserName }).FirstAsync(ct);
        var standing = ClassificationGate.GatedCategories.Contains(c.Classification)
            ? await db.CaseDecisions.AsNoTracking().Where(d => d.CaseId == e.CaseId && d.Kind == DecisionKinds.Classification).OrderByDescending(d => d.Sequence).FirstOrDefaultAsync(ct)
            : null;
        var after = After(exhibitActions, standing, c.Classification);
        if (after.Count == 0) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        // The officer in charge reads it against the decision; with none, the officer who worked the exhibit's action.
        var officer = c.Lead ?? exhibitActions.OrderBy(a => a.Number).Select(a => a.AllocatedTo).LastOrDefault(u => u is not null);
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
        await log.AppendAsync(e.CaseId, DecisionKinds.NewInformation,
            $"New information after the decision: the laboratory's result for {e.Reference} was recorded after {Joined(after)}. {action.Label} raised to consider it.",
            by, ct, facts: s.Result);
        return action;
    }

    /// <summary>"A3 was closed and the case was called …": the clauses read as one sentence.</summary>
    public static string Joined(IReadOnlyList<string> after) => string.Join(" and ", after);
}
