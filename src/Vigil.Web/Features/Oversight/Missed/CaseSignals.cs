using Vigil.Web.Features.Enquiries;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Oversight.AsKnown;

namespace Vigil.Web.Features.Oversight.Missed;

/// <summary>What the report needs to know beyond one case's entries: references of other cases, officers' names (by user
/// id and by user name), the alert threshold, which cases the reader may see, and when people became "seen in another
/// death".</summary>
public sealed record SignalContext(
    IReadOnlyDictionary<Guid, string> References, IReadOnlySet<Guid> Visible, IReadOnlyDictionary<string, string> UserNames,
    double Threshold, IReadOnlyDictionary<Guid, DateTime> RecurringSince, IReadOnlySet<Guid> FamilyShown, ForceTime Time,
    IReadOnlyDictionary<Guid, FirstContactFacts> FirstContacts, DeadlineRules Rules, IReadOnlyDictionary<string, string>? RuleTitles = null)
{
    /// <summary>What raised an action, in words (walk53 finding 13: "rule note-handwriting"): the enquiry rule by its
    /// title ("{fact}" as "…": the action names what it was), by hand, or the kind of record that raised it.</summary>
    public string RaisedBy(string source) => source switch
    {
        "manual" => "raised by hand",
        _ when RuleTitles?.GetValueOrDefault(source) is { } title => $"the enquiry rule “{title.Replace("{fact}", "…", StringComparison.Ordinal)}”",
        "family-submission" => "information sent by the family",
        _ => Words.Of(source),
    };

    /// <summary>The officer's full name, as a reader of the report knows them, rather than their login.</summary>
    public string? NameOf(string? userName) => userName is null ? null : UserNames.GetValueOrDefault(userName, userName);
}

/// <summary>A case's first-contact clock (<see cref="ContactClock.OfAsync"/>) and the contacts logged, as the store holds
/// them at the report's moment (the report is always built at now).</summary>
public sealed record FirstContactFacts(FirstContactClock Clock, IReadOnlyCollection<FamilyContact> Contacts);

/// <summary>Reads one case's signals from its replayed history: each action, each stretch a red flag was showing,
/// each linkage alert, review, family question and submission, and each decision with what was open when it was taken.</summary>
public static class CaseSignals
{
    private static readonly HashSet<string> FlagInputs = new(StringComparer.Ordinal) { "DeathCase", "CasePerson", "Exhibit", "CaseAction", "ForensicSubmission" };

    public static List<Signal> Read(Guid caseId, IReadOnlyList<Vigil.Data.Audit.AuditEntry> entries, CaseHistory history, SignalContext x, DateTime asOf)
    {
        var reference = x.References.GetValueOrDefault(caseId, "this case");
        var replay = new CaseReplay(caseId, history.Keys);
        var rules = new ReplayedRules(replay);
        var signals = new List<Signal>();
        var showing = new Dictionary<string, (DateTime Since, RedFlagKind Kind)>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var moments = replay.Moments.Count;
            replay.Apply(e);
            var decided = e.EntityType == "CaseDecision" && e.Action == "create";
            if (replay.Moments.Count == moments || !(decided || FlagInputs.Contains(e.EntityType))) continue;
            var now = rules.At(e.At);
            var recurring = x.RecurringSince.Where(r => r.Value <= e.At).Select(r => r.Key).ToHashSet();
            var flags = RedFlagsAt.Of(now, recurring).ToDictionary(f => f.Id, StringComparer.Ordinal);
            foreach (var gone in showing.Keys.Except(flags.Keys).ToList())
            {
                signals.Add(Flag(caseId, reference, showing[gone], new SignalResponse(e.At, "no longer showing", Vigil.Web.Features.Audit.AuditActor.Say(e.Actor)), x));
                showing.Remove(gone);
            }
            foreach (var (id, kind) in flags) showing.TryAdd(id, (e.At, kind));
            if (decided) signals.Add(Decision(caseId, reference, now, flags.Values, e, x));
        }
        foreach (var still in showing.Values) signals.Add(Flag(caseId, reference, still, null, x));
        var final = CaseSnapshot.From(replay, caseId, asOf, x.FamilyShown.Contains(caseId));
        // An action is a signal from its due time, as a review (ADR 3217, amended by ADR 3261): one not yet due and not yet
        // touched was not missed. walk55: a death recorded a minute earlier led with "Signals never acted on 6", five of
        // them actions due in 1–3 days. One acted on early (allocated, a result, closed) is kept: a response worth showing.
        signals.AddRange(final.Actions.Where(a => a.DueAt <= asOf || ActedOn(a)).Select(a => Action(caseId, reference, a, x)));
        signals.AddRange(final.Candidates.Select(c => Alert(caseId, c, final, replay.Viewings, x)));
        // A review is a signal from its due time: one not yet due (and not done early) was not missed. walk51: a case an
        // hour old led its report with "The 28d review … was due 03 Jan 2027; it was not completed", a month ahead.
        signals.AddRange(final.Reviews.Where(r => r.DueAt <= asOf || r.CompletedAt is not null).Select(r => new Signal(SignalKind.Review, caseId, reference, r.DueAt, $"Case review {r.Label}", "review schedule", r.DueAt,
            r.CompletedAt is { } done ? [new SignalResponse(done, $"review completed: {r.Outcome}", r.CompletedBy)] : [],
            $"The {r.Label} review of {reference} {(r.DueAt <= asOf ? "was" : "is")} due {x.Time.Show(r.DueAt)}; " + (r.CompletedAt is { } d ? $"it was completed {x.Time.Show(d)} by {r.CompletedBy}." : "it was not completed.") )));
        if (x.FirstContacts.GetValueOrDefault(caseId) is { } contact && FirstContact(caseId, reference, contact, x, asOf) is { } firstContact) signals.Add(firstContact);
        if (final.Family is { } family) signals.AddRange(FamilySignals(caseId, reference, family, x));
        return signals;
    }

    /// <summary>The family's first contact against its deadline (ADR 3228), by the rule the family page, the dashboard and
    /// the due-event sweep use (<see cref="ContactClock"/>, <see cref="FamilyDeadlines"/>; ADR 3224). Like a review
    /// (ADR 3217), it is a signal once owed: one not yet due and not made is none, nor one whose liaison ended before
    /// any contact (no contact is owed then, and neither the dashboard nor the sweep flags it). It is raised at the
    /// clock's start, so its delay is how long the family waited. Every reader of the report sees it, liaison role or
    /// not: it is the deadline flag and the FLO's name the case page shows them (ADR 0502), with no family member's words.</summary>
    private static Signal? FirstContact(Guid caseId, string reference, FirstContactFacts f, SignalContext x, DateTime asOf)
    {
        if (f.Clock.Start is not { } start || FamilyDeadlines.FirstContactDueAt(f.Clock, x.Rules) is not { } due) return null;
        var first = f.Contacts.MinBy(c => c.At);
        if (first is null && FamilyDeadlines.NextContact(f.Clock, [], asOf, x.Rules)?.Missed != true) return null;
        var late = FamilyDeadlines.FirstContactWasLate(f.Clock, f.Contacts, x.Rules);
        var window = Plural.Count((long)Math.Round(x.Rules.FirstContactWithin.TotalHours), "hour", "hours");
        var sentence = $"The family of {reference} was owed a first contact by {x.Time.Show(due)}, {window} after {ClockStartWords.What(start)} ({x.Time.Show(start.At)}); "
            + (first is null ? "none was made."
                : $"it was made {x.Time.Show(first.At)} by {x.NameOf(first.By)}, {MissedReport.Duration(first.At - start.At)} after the clock started{(late ? ", after the deadline" : "")}.");
        return new Signal(SignalKind.FirstContact, caseId, reference, start.At, "First contact with the family", $"first contact within {window}", due,
            first is null ? [] : [new SignalResponse(first.At, $"first contact ({first.Method})", x.NameOf(first.By))], sentence);
    }

    private static Signal Flag(Guid caseId, string reference, (DateTime Since, RedFlagKind Kind) flag, SignalResponse? cleared, SignalContext x) =>
        new(SignalKind.RedFlag, caseId, reference, flag.Since, $"Red flag: {flag.Kind.Title}", $"red flag {flag.Kind.Id}", null, cleared is null ? [] : [cleared],
            $"{reference} showed the red flag \"{flag.Kind.Title}\" from {x.Time.Show(flag.Since)}" + (cleared is null ? "; it was still showing." : $" until {x.Time.Show(cleared.At)}, when {cleared.By} changed the case."))
        { RuleWords = $"red flag “{flag.Kind.Title}”" };

    private static bool ActedOn(CaseAction a) => a.AllocatedAt is not null || a.ResultAt is not null || a.ReviewedAt is not null || a.ClosedAt is not null;

    private static Signal Action(Guid caseId, string reference, CaseAction a, SignalContext x)
    {
        var responses = new List<SignalResponse>();
        if (a.AllocatedAt is { } allocated) responses.Add(new(allocated, $"allocated to {x.NameOf(a.AllocatedTo)}", x.NameOf(a.AllocatedTo)));
        if (a.ResultAt is { } result) responses.Add(new(result, $"result: {a.Result}", x.NameOf(a.ResultBy)));
        if (a.ReviewedAt is { } reviewed) responses.Add(new(reviewed, $"reviewed: {a.ReviewNote}", x.NameOf(a.ReviewedBy)));
        if (a.ClosedAt is { } closed) responses.Add(new(closed, a.Status == ActionStatus.NotPursued ? $"not pursued: {a.NotPursuedReason}" : "closed", x.NameOf(a.ClosedBy)));
        var rule = a.Source == "manual" ? "raised by hand" : $"rule {a.Source}";
        var said = x.RaisedBy(a.Source);
        var first = responses.OrderBy(r => r.At).FirstOrDefault();
        var sentence = $"{a.Label} \"{a.Title}\" on {reference} ({said}{(a.Mandatory ? ", mandatory" : "")}, {a.Priority}, due {x.Time.Show(a.DueAt)}) was raised {x.Time.Show(a.RaisedAt)}; "
            + (first is null ? $"nothing was done (status {a.Status})." : $"first {first.What} {x.Time.Show(first.At)} ({MissedReport.Duration(first.At - a.RaisedAt)} later); now {a.Status}.");
        return new Signal(SignalKind.Action, caseId, reference, a.RaisedAt, $"{a.Label} {a.Title}{(a.Mandatory ? " (mandatory)" : "")}", rule, a.DueAt, responses, sentence)
            { RuleWords = said };
    }

    private static Signal Alert(Guid caseId, LinkCandidate c, CaseSnapshot final, IReadOnlyList<CaseViewing> viewings, SignalContext x)
    {
        string Name(Guid id) => x.Visible.Contains(id) ? x.References.GetValueOrDefault(id, "another death") : "a death outside your access";
        // The alert is said to exist (ADR 0804), but the analyst's reason for deciding it may describe the death outside
        // the reader's access: it is withheld, as the case's history leaves the whole alert out (ADR 2801, 2902).
        var outside = !x.Visible.Contains(c.NewerCaseId) || !x.Visible.Contains(c.EarlierCaseId);
        string Reason(LinkDecision d) => outside ? WithheldReason : $"\"{d.Reason}\"";
        var responses = new List<SignalResponse>();
        var opened = viewings.Where(v => v.Details.Contains("linkage-compare", StringComparison.Ordinal) && v.Details.Contains(c.Id.ToString(), StringComparison.Ordinal)).MinBy(v => v.At);
        if (opened is not null) responses.Add(new(opened.At, "opened for comparison", Vigil.Web.Features.Audit.AuditActor.Say(opened.Actor)));
        var decision = final.LinkDecisions.LastOrDefault(d => d.CandidateId == c.Id);
        if (decision is not null) responses.Add(new(decision.DecidedAt, $"{(decision.Confirmed ? "confirmed" : "rejected")}: {(outside ? WithheldReason : decision.Reason)}", x.NameOf(decision.DecidedBy)));
        var rule = string.Create(CultureInfo.InvariantCulture, $"linkage probability {c.Probability:P1} ≥ threshold {x.Threshold:P1}");
        var sentence = $"{Name(c.NewerCaseId)} raised an alert naming {Name(c.EarlierCaseId)} on {x.Time.Show(c.RaisedAt)} ({rule}); "
            + (opened is null ? "it was never opened" : $"it was opened {x.Time.Show(opened.At)} by {Vigil.Web.Features.Audit.AuditActor.Say(opened.Actor)}")
            + (decision is null ? (LinkStatus.Undecided(c.Status) ? " and is still undecided." : ".") : $" and {(decision.Confirmed ? "confirmed" : "rejected")} {x.Time.Show(decision.DecidedAt)}, reason: {Reason(decision)}.");
        return new Signal(SignalKind.LinkageAlert, caseId, Name(c.NewerCaseId), c.RaisedAt, $"Linkage alert: {Name(c.NewerCaseId)} ↔ {Name(c.EarlierCaseId)}", rule, null, responses, sentence, c.Id.ToString());
    }

    /// <summary>In place of an analyst's reason about an alert naming a death outside the reader's access.</summary>
    public const string WithheldReason = "withheld (it concerns a death outside your access)";

    private static Signal Decision(Guid caseId, string reference, CaseSnapshot at, IEnumerable<RedFlagKind> flags, Vigil.Data.Audit.AuditEntry e, SignalContext x)
    {
        var d = at.Decisions.LastOrDefault(d => d.Id.ToString() == e.EntityId) ?? at.Decisions.LastOrDefault();
        var open = at.Actions.Where(a => a.Mandatory && a.IsOpen).Select(a => a.Label).ToList();
        var showing = flags.Select(f => f.Title).ToList();
        var context = (open.Count == 0 ? "no mandatory action open" : $"mandatory actions {string.Join(", ", open)} open")
            + (showing.Count == 0 ? "" : $" and the red {(showing.Count == 1 ? "flag" : "flags")} {string.Join("; ", showing)} showing");
        var what = d is null ? "decision recorded" : Enquiries.Decisions.DecisionWords.Of(d.Kind, d.ToCategory);
        return new Signal(SignalKind.Decision, caseId, reference, e.At, $"Decision: {what}", d?.BlockedBy is null ? "decision log" : $"override of: {d.BlockedBy}", null, [],
            $"{reference}: {what} by {x.NameOf(d?.DecidedBy) ?? Vigil.Web.Features.Audit.AuditActor.Say(e.Actor)} {x.Time.Show(e.At)}, with {context}. Rationale: \"{d?.Rationale}\"{(d?.Rationale is { Length: > 0 } r && ".!?".Contains(r[^1], StringComparison.Ordinal) ? "" : ".")}");
    }

    private static IEnumerable<Signal> FamilySignals(Guid caseId, string reference, FamilySnapshot f, SignalContext x)
    {
        foreach (var q in f.Questions)
            yield return new Signal(SignalKind.FamilyQuestion, caseId, reference, q.AskedAt, $"Family question: {q.Text}", "family questions register", q.DueAt,
                q.AnsweredAt is { } a ? [new SignalResponse(a, $"answered: {q.Answer}", q.AnsweredBy)] : [],
                $"The family of {reference} asked \"{q.Text}\" on {x.Time.Show(q.AskedAt)} (due {x.Time.Show(q.DueAt)}); " + (q.AnsweredAt is { } at ? $"answered {x.Time.Show(at)} by {q.AnsweredBy}." : "it was not answered."));
        foreach (var s in f.Submissions)
            yield return new Signal(SignalKind.FamilySubmission, caseId, reference, s.SubmittedAt, "Information from the family", "family submissions", null,
                s.AssessedAt is { } a ? [new SignalResponse(a, $"assessed: {s.Outcome}", s.AssessedBy)] : [],
                $"The family of {reference} sent information on {x.Time.Show(s.SubmittedAt)}; " + (s.AssessedAt is { } at ? $"assessed {x.Time.Show(at)} by {s.AssessedBy}: {s.Outcome}." : "it was not assessed."));
    }
}
