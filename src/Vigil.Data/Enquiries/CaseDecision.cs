namespace Vigil.Data.Enquiries;

/// <summary>An entry in a case's decision log: a classification, an override, a sign-off, a closure.
/// Append-only (see <see cref="DecisionLogGuard"/>): the log is evidence of who decided what, when and why.</summary>
public class CaseDecision
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }
    /// <summary>Per-case order, 1, 2, ...; (CaseId, Sequence) is unique.</summary>
    public int Sequence { get; set; }
    public DateTime At { get; set; }
    /// <summary><see cref="DecisionKinds"/>.</summary>
    public string Kind { get; set; } = "";
    public string? FromCategory { get; set; }
    public string? ToCategory { get; set; }
    public string Rationale { get; set; } = "";
    public string? FactsReliedOn { get; set; }
    public string DecidedBy { get; set; } = "";
    public string DecidedByRole { get; set; } = "";
    /// <summary>For an override: what the gate refused, kept word for word.</summary>
    public string? BlockedBy { get; set; }
    /// <summary>For a sign-off: the decision it signs.</summary>
    public Guid? SignsDecisionId { get; set; }
}

public static class DecisionKinds
{
    public const string Classification = "classification";
    /// <summary>An investigator asks a supervisor to override a gate; nothing changes until signed.</summary>
    public const string OverrideRequested = "override-requested";
    /// <summary>A supervisor signs an override (theirs or a requested one) with a written reason.</summary>
    public const string OverrideSigned = "override-signed";
    /// <summary>A supervisor declines an investigator's override request, with a reason; the category is unchanged.
    /// Like a signature it points at the request (<see cref="CaseDecision.SignsDecisionId"/>), which is then answered.</summary>
    public const string OverrideDeclined = "override-declined";
    public const string Closure = "case-closed";
    public const string Reopened = "case-reopened";
    public const string ActionReviewed = "action-reviewed";
    public const string ActionNotPursued = "action-not-pursued";
    public const string ReviewCompleted = "review-completed";
    /// <summary>Information that came after a decision was taken without it (a laboratory's result after its action was
    /// closed or the case was called not suspicious): recorded so the log shows the decision was not made on it (ADR 3337).</summary>
    public const string NewInformation = "new-information";
}
