namespace Vigil.Web.Features.Enquiries.Actions;

/// <summary>A requested move of an action. <see cref="To"/> is a verb: allocate, submit-result, review, send-back, close, not-pursue.</summary>
public sealed record ActionTransition(string To, string? AllocateTo = null, string? Text = null);

public static class ActionVerbs
{
    public const string Allocate = "allocate";
    public const string SubmitResult = "submit-result";
    public const string Review = "review";
    public const string SendBack = "send-back";
    public const string Close = "close";
    public const string NotPursue = "not-pursue";
    public static readonly IReadOnlyList<string> All = [Allocate, SubmitResult, Review, SendBack, Close, NotPursue];
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
            ActionVerbs.SubmitResult when string.IsNullOrWhiteSpace(t.Text) => $"Write the result of {a.Label}.",
            ActionVerbs.SubmitResult when !by.IsSupervisor && !string.Equals(a.AllocatedTo, by.UserName, StringComparison.OrdinalIgnoreCase) =>
                $"{a.Label} is allocated to {a.AllocatedTo}: only they or a supervisor can submit its result.",
            ActionVerbs.Review or ActionVerbs.SendBack when !by.IsSupervisor => $"Only a supervisor can review the result of {a.Label}.",
            ActionVerbs.Review or ActionVerbs.SendBack when s != ActionStatus.ResultSubmitted =>
                $"{a.Label} is {s}: only a submitted result can be reviewed.",
            ActionVerbs.Review when string.Equals(a.ResultBy, by.UserName, StringComparison.OrdinalIgnoreCase) =>
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
            case ActionVerbs.Close: (a.Status, a.ClosedBy, a.ClosedAt) = (ActionStatus.Closed, by.UserName, now); break;
            case ActionVerbs.NotPursue: (a.Status, a.NotPursuedReason, a.ClosedBy, a.ClosedAt) = (ActionStatus.NotPursued, t.Text!.Trim(), by.UserName, now); break;
        }
        a.Version++;
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
