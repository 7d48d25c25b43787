using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Features.Enquiries.Decisions;

namespace Vigil.Web.Features.Enquiries.Exhibits;

/// <summary>What a late result set off: the action raised to consider it, and the reopening when it came after the case
/// was closed (ADR 3344).</summary>
public sealed record LateResult(CaseAction Action, CaseDecision? Reopened);

/// <summary>A result recorded on a case, as the rule of late results names it. <paramref name="What"/> is how the log and
/// the action speak of it ("the laboratory's result for …/EX-01", "the toxicology result"); <paramref name="Own"/> what it
/// came after of its own (an exhibit's actions decided, none for an examination); <paramref name="Worker"/> the officer
/// who reads it when the case has no officer in charge.</summary>
public sealed record ArrivedResult(Guid CaseId, string Source, string Key, string What, string Title, string Facts, IReadOnlyList<string> Own, string? Worker);

/// <summary>A result that comes after the case was called not suspicious or expected (by a decision here or by the record
/// it came with, ADR 3345), or after it was closed (ADR 3344), is new information a decision was taken without: a
/// laboratory's result for an exhibit (ADR 3337) or a post-mortem or toxicology result (ADR 3356). As a major incident
/// room does with late information, it raises a mandatory action to consider it, allocated to the case's officer in
/// charge, and the decision log says the information came after the decision (the case's supervisors are told from that
/// entry, ADR 0703; their notice is done when the action is closed, ADR 3346); a closed case is reopened by it. The
/// result itself stays recorded once, where it was recorded (issue 7). One rule for every kind of result.</summary>
public sealed class LateResults(VigilDbContext db, DecisionLog log, CaseEvents events, TimeProvider clock)
{
    /// <summary>How the decision log's entry opens; the supervisors' notice, whose kind already says it, leaves it out.</summary>
    public const string Opening = "New information after the decision: ";

    /// <summary>Two days to read the result against the decision: the same urgency as the rules' forensic actions.</summary>
    public static readonly TimeSpan ConsiderWithin = TimeSpan.FromDays(2);

    /// <summary>The decision log's kinds <see cref="After"/> reads: the category's decisions, closures and reopenings.</summary>
    public static readonly string[] DecisionsRead = [DecisionKinds.Classification, DecisionKinds.Closure, DecisionKinds.Reopened];

    /// <summary>The sources of the actions raised to consider a late result: the supervisors' notice names one as its task.</summary>
    public static readonly IReadOnlySet<string> Sources = new HashSet<string>([LateLaboratoryResults.Source, LateExaminationResults.Source], StringComparer.Ordinal);

    /// <summary>What the result came after, in words: what it came after of its own, then "the case was called “…” (D5)"
    /// and "the case was closed (D9)"; none when it came in time to be read before any decision on it. Pure.</summary>
    /// <param name="own">What the result came after of its own (an exhibit's actions decided).</param>
    /// <param name="decisions">The case's classification, closure and reopening entries (<see cref="DecisionsRead"/>).</param>
    /// <param name="category">The case's category now.</param>
    public static List<string> After(IEnumerable<string> own, IReadOnlyCollection<CaseDecision> decisions, string category)
    {
        var after = own.ToList();
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
    public async Task<LateResult?> RaiseIfLateAsync(ArrivedResult r, Officer by, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == r.CaseId)
            .Select(x => new { x.Classification, Lead = x.OfficerInCharge == null ? null : x.OfficerInCharge.UserName }).FirstAsync(ct);
        var decisions = await db.CaseDecisions.AsNoTracking().Where(d => d.CaseId == r.CaseId && DecisionsRead.Contains(d.Kind)).ToListAsync(ct);
        var after = After(r.Own, decisions, c.Classification);
        if (after.Count == 0) return null;
        var action = await ConsiderAsync(r, c.Lead ?? r.Worker, after, by, ct);
        var reopened = ClosedCaseGate.IsClosed(decisions) ? await ReopenAsync(r, action, c.Classification, by, ct) : null;
        await log.AppendAsync(r.CaseId, DecisionKinds.NewInformation,
            $"{Opening}{r.What} was recorded after {Joined(after)}. "
            + (reopened is null ? "" : $"The case is reopened (D{reopened.Sequence}); ") + $"{action.Label} raised to consider it.",
            by, ct, facts: r.Facts);
        return new LateResult(action, reopened);
    }

    private async Task<CaseAction> ConsiderAsync(ArrivedResult r, string? officer, List<string> after, Officer by, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var action = new CaseAction
        {
            CaseId = r.CaseId, Number = await ActionNumbers.NextAsync(db, r.CaseId, ct), Title = r.Title,
            Detail = $"{char.ToUpperInvariant(r.What[0])}{r.What[1..]} came after {Joined(after)}: \"{r.Facts}\". "
                + "Read it against the decision and record what it changes, or why it changes nothing.",
            Source = r.Source, TriggerKey = r.Key, Mandatory = true, Priority = ActionPriority.High,
            RaisedAt = now, RaisedBy = by.UserName, DueAt = now + ConsiderWithin,
            Status = officer is null ? ActionStatus.Raised : ActionStatus.Allocated, AllocatedTo = officer, AllocatedAt = officer is null ? null : now,
        };
        db.CaseActions.Add(action);
        return action;
    }

    /// <summary>A laboratory reports weeks after a file is closed, a toxicologist's report after an inquest file is: the
    /// result is a fact and is recorded, and it reopens the case in the same save, as a reopening decided on the page does
    /// (a `case-reopened` entry, which the closed-case gate reads), so the action it raises is worked on an open case and
    /// closing again passes the gate (ADR 3344). The case's decision version moves, as every decision's does (ADR 3246).</summary>
    private async Task<CaseDecision> ReopenAsync(ArrivedResult r, CaseAction action, string category, Officer by, CancellationToken ct)
    {
        (await db.Cases.FindAsync([r.CaseId], ct))!.DecisionVersion++;
        var reopened = await log.AppendAsync(r.CaseId, DecisionKinds.Reopened,
            $"Reopened by {r.What}, recorded after the case was closed: {action.Label} raised to consider it.",
            by, ct, from: category, facts: r.Facts);
        // Published as a reopening on the page is: the family hears of it from their FLO (ADR 3359).
        await events.PublishAsync(db, CaseEvent.Reopened(r.CaseId, reopened.Sequence, by.UserName), ct);
        return reopened;
    }

    /// <summary>"A3 was closed, the case was called … and the case was closed (D9)": the clauses read as one sentence.</summary>
    public static string Joined(IReadOnlyList<string> after) =>
        after.Count <= 1 ? string.Join("", after) : $"{string.Join(", ", after.Take(after.Count - 1))} and {after[^1]}";
}
