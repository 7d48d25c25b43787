namespace Vigil.Data.Enquiries;

/// <summary>A numbered line of enquiry on a case (A1, A2, ...), as raised in a major incident room.</summary>
public class CaseAction
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }
    /// <summary>Per-case number; (CaseId, Number) is unique. Shown as "A{Number}".</summary>
    public int Number { get; set; }
    public string Title { get; set; } = "";
    public string? Detail { get; set; }
    /// <summary>The rule that raised it (e.g. "note-handwriting"), "manual", or another capability's kind.</summary>
    public string Source { get; set; } = "manual";
    /// <summary>"rule-id|fact": unique per case, so a rule raises an action once per fact however often the case is saved.</summary>
    public string? TriggerKey { get; set; }
    public bool Mandatory { get; set; }
    public string Priority { get; set; } = ActionPriority.Medium;
    public string Status { get; set; } = ActionStatus.Raised;
    public DateTime RaisedAt { get; set; }
    public string RaisedBy { get; set; } = "";
    public DateTime DueAt { get; set; }
    public string? AllocatedTo { get; set; }
    public DateTime? AllocatedAt { get; set; }
    public string? Result { get; set; }
    public string? ResultBy { get; set; }
    public DateTime? ResultAt { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTime? ReviewedAt { get; set; }
    public string? ReviewNote { get; set; }
    public string? NotPursuedReason { get; set; }
    public DateTime? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    /// <summary>Optimistic concurrency, exposed as the action's ETag.</summary>
    public int Version { get; set; } = 1;
    /// <summary>The due date whose "overdue" event the due-event sweep has raised (ADR 1633): bookkeeping, not audited,
    /// written only by the sweep. An action re-dated since no longer matches it, so its new date is raised when it falls due.</summary>
    public DateTime? NoticedDueAt { get; set; }

    public string Label => $"A{Number}";
    public bool IsOpen => ActionStatus.Open.Contains(Status);
}

public static class ActionStatus
{
    public const string Raised = "raised";
    public const string Allocated = "allocated";
    public const string ResultSubmitted = "result-submitted";
    public const string Reviewed = "reviewed";
    public const string Closed = "closed";
    public const string NotPursued = "not-pursued";
    public static readonly IReadOnlyList<string> All = [Raised, Allocated, ResultSubmitted, Reviewed, Closed, NotPursued];
    /// <summary>Still needing work: a reviewed action is done but not yet closed, so it still counts as open.</summary>
    public static readonly IReadOnlyList<string> Open = [Raised, Allocated, ResultSubmitted, Reviewed];
    /// <summary>Counted overdue once past their due date: work still with the officer. A submitted result is not: what
    /// is outstanding then is the supervisor's review (walk55 finding 7, ADR 3260), and a reviewed action is done.</summary>
    public static readonly IReadOnlyList<string> Overdue = [Raised, Allocated];
}

public static class ActionPriority
{
    public const string Critical = "critical";
    public const string High = "high";
    public const string Medium = "medium";
    public const string Low = "low";
    public static readonly IReadOnlyList<string> All = [Critical, High, Medium, Low];
}
