namespace Vigil.Web.Features.Enquiries.Actions;

/// <summary>A requested move of an action. <see cref="To"/> is a verb: allocate, submit-result, review-and-close, review,
/// send-back, close, not-pursue.</summary>
public sealed record ActionTransition(string To, string? AllocateTo = null, string? Text = null);

public static class ActionVerbs
{
    public const string Allocate = "allocate";
    public const string SubmitResult = "submit-result";
    /// <summary>A supervisor's review of a submitted result and the action's closing, one step (walk61 finding 6, ADR 3325).</summary>
    public const string ReviewAndClose = "review-and-close";
    public const string Review = "review";
    public const string SendBack = "send-back";
    public const string Close = "close";
    public const string NotPursue = "not-pursue";
    // In the order a form offers them: a supervisor's form on a submitted result starts on "Review and close".
    public static readonly IReadOnlyList<string> All = [Allocate, SubmitResult, ReviewAndClose, Review, SendBack, Close, NotPursue];
}

/// <summary>The state machine of a MIR action: raised → allocated → result submitted → reviewed → closed, or not pursued.
/// Pure: <see cref="Refusal"/> says in an officer's words why a move is not allowed; <see cref="Apply"/> makes it.</summary>
public static class ActionWorkflow
{
    public static string? Refusal(CaseAction a, ActionTransition t, Officer by)
    {
        var s = a.Status;
        return t.To switch
        {
            ActionVerbs.Allocate when s is not (ActionStatus.Raised or ActionStatus.Allocated) =>
                $"{a.Label} is {s}: only a raised or allocated action can be (re)allocated.",
            ActionVerbs.Allocate when string.IsNullOrWhiteSpace(t.AllocateTo) => $"Say which officer {a.Label} is allocated to.",
            ActionVerbs.SubmitResult when s != ActionStatus.Allocated =>
                $"{a.Label} is {s}: a result can only be submitted for an allocated action.",
            // The exhibit's chain of custody is the one record of its submission (ADR 3324): its result comes from there.
            ActionVerbs.SubmitResult when ExhibitLink.Of(a) is { } exhibit =>
                $"{a.Label}'s result comes from the chain of custody of {exhibit}: record its submission to the laboratory there, which submits {a.Label}'s result for a supervisor's review.",
            ActionVerbs.SubmitResult when string.IsNullOrWhiteSpace(t.Text) => $"Write the result of {a.Label}.",
            ActionVerbs.SubmitResult when !by.IsSupervisor && !string.Equals(a.AllocatedTo, by.UserName, StringComparison.OrdinalIgnoreCase) =>
                $"{a.Label} is allocated to {a.AllocatedTo}: only they or a supervisor can submit its result.",
            ActionVerbs.Review or ActionVerbs.ReviewAndClose or ActionVerbs.SendBack when !by.IsSupervisor => $"Only a supervisor can review the result of {a.Label}.",
            ActionVerbs.Review or ActionVerbs.ReviewAndClose or ActionVerbs.SendBack when s != ActionStatus.ResultSubmitted =>
                $"{a.Label} is {s}: only a submitted result can be reviewed.",
            ActionVerbs.Review or ActionVerbs.ReviewAndClose when string.Equals(a.ResultBy, by.UserName, StringComparison.OrdinalIgnoreCase) =>
                $"You submitted the result of {a.Label}; another supervisor must review it.",
            ActionVerbs.SendBack when string.IsNullOrWhiteSpace(t.Text) => $"Say what further work {a.Label} needs.",
            ActionVerbs.Close when s == ActionStatus.ResultSubmitted && a.Mandatory =>
                $"{a.Label} is mandatory: a supervisor must review its result before it is closed.",
            ActionVerbs.Close when s is not (ActionStatus.Reviewed or ActionStatus.ResultSubmitted) =>
                $"{a.Label} is {s}: only an action with a result can be closed (or mark it not pursued, with a reason).",
            ActionVerbs.NotPursue when !by.IsSupervisor => $"Only a supervisor can decide not to pursue {a.Label}.",
            ActionVerbs.NotPursue when !a.IsOpen || s == ActionStatus.Reviewed => $"{a.Label} is {s}: it can no longer be marked not pursued.",
            ActionVerbs.NotPursue when string.IsNullOrWhiteSpace(t.Text) || t.Text.Trim().Length < 10 =>
                $"Write why {a.Label} is not being pursued (at least a sentence).",
            _ when !ActionVerbs.All.Contains(t.To) => $"Unknown action step '{t.To}'; use one of {string.Join(", ", ActionVerbs.All)}.",
            _ => null,
        };
    }

    public static void Apply(CaseAction a, ActionTransition t, Officer by, DateTime now)
    {
        if (Refusal(a, t, by) is { } why) throw new InvalidOperationException(why);
        switch (t.To)
        {
            case ActionVerbs.Allocate: (a.Status, a.AllocatedTo, a.AllocatedAt) = (ActionStatus.Allocated, t.AllocateTo!.Trim(), now); break;
            case ActionVerbs.SubmitResult: (a.Status, a.Result, a.ResultBy, a.ResultAt) = (ActionStatus.ResultSubmitted, t.Text!.Trim(), by.UserName, now); break;
            case ActionVerbs.Review: (a.Status, a.ReviewedBy, a.ReviewedAt, a.ReviewNote) = (ActionStatus.Reviewed, by.UserName, now, t.Text?.Trim()); break;
            case ActionVerbs.SendBack: (a.Status, a.ReviewNote) = (ActionStatus.Allocated, t.Text!.Trim()); break;
            case ActionVerbs.ReviewAndClose:
                (a.ReviewedBy, a.ReviewedAt, a.ReviewNote) = (by.UserName, now, t.Text?.Trim());
                (a.Status, a.ClosedBy, a.ClosedAt) = (ActionStatus.Closed, by.UserName, now);
                break;
            case ActionVerbs.Close: (a.Status, a.ClosedBy, a.ClosedAt) = (ActionStatus.Closed, by.UserName, now); break;
            case ActionVerbs.NotPursue: (a.Status, a.NotPursuedReason, a.ClosedBy, a.ClosedAt) = (ActionStatus.NotPursued, t.Text!.Trim(), by.UserName, now); break;
        }
        a.Version++;
    }

    /// <summary>Moves an action on from its exhibit's chain of custody (ADR 3324): a submission or a laboratory's result
    /// recorded there submits the action's result, in <paramref name="result"/>'s words, for a supervisor's review, as
    /// "Submit a result" does; a raised action is allocated to the officer who recorded it, who did its work. A result
    /// still awaiting review and itself taken from custody is brought up to date. Any other action (reviewed, closed, not
    /// pursued, or with a result written before ADR 3324) is left as it is. True when the action changed.</summary>
    public static bool FollowCustody(CaseAction a, string result, Officer by, DateTime now)
    {
        var fromCustody = a.Result?.StartsWith(ExhibitLink.ResultPrefix, StringComparison.Ordinal) == true;
        if (a.Status is not (ActionStatus.Raised or ActionStatus.Allocated) && !(a.Status == ActionStatus.ResultSubmitted && fromCustody)) return false;
        if (a.Status == ActionStatus.Raised) (a.AllocatedTo, a.AllocatedAt) = (by.UserName, now);
        (a.Status, a.Result, a.ResultBy, a.ResultAt) = (ActionStatus.ResultSubmitted, result, by.UserName, now);
        a.Version++;
        return true;
    }

    /// <summary>The steps this officer may take on the action now: those its state and their role allow. The written
    /// parts (officer, result, reason) are checked when the step is taken, so they are assumed given here.</summary>
    /// <remarks>Once the action is allocated, the step that moves it on comes first and re-allocating last: the first
    /// step is the one the form starts on, and an officer who typed A1's result and pressed "Apply to A1" on a form that
    /// started on "Allocate" re-allocated it to herself and lost the result without a word (walk61 finding 1, ADR 3312).</remarks>
    public static IReadOnlyList<string> Offered(CaseAction a, Officer by) =>
        [.. ActionVerbs.All.Where(v => Refusal(a, new ActionTransition(v, by.UserName, "A reason long enough to be given."), by) is null)
            .OrderBy(v => v == ActionVerbs.Allocate && a.Status == ActionStatus.Allocated)];

    /// <summary>Past its due date with the work still with its officer. A submitted result is not overdue: what is
    /// outstanding is the supervisor's review (<see cref="AwaitsReview"/>; walk55 finding 7, ADR 3260).</summary>
    public static bool IsOverdue(CaseAction a, DateTime now) => ActionStatus.Overdue.Contains(a.Status) && a.DueAt < now;

    /// <summary>A result submitted and not yet reviewed: the supervisor's turn, whatever the due date.</summary>
    public static bool AwaitsReview(CaseAction a) => a.Status == ActionStatus.ResultSubmitted;
}
