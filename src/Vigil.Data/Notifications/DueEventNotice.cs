namespace Vigil.Data.Notifications;

/// <summary>That a due event (a family contact missed, a case review due, a mandatory action overdue, a family's question
/// unanswered or a "tell the family" task not done by its due date) has been raised
/// as notifications (ADR 3152). (Kind, SubjectId, DueAt) is unique and the row is written in the same save as the
/// notifications, so however many nodes sweep at once, or crash mid-sweep, each event notifies once: a second insert
/// of the key fails and its notifications roll back with it. A due date that moves (a contact logged, an action
/// re-dated) is a new event. Bookkeeping beside the audited notifications, so not itself audited.</summary>
public class DueEventNotice : Audit.INotAudited
{
    public Guid Id { get; set; } = NewId.Version7();
    /// <summary>The notification kind it raised: contact-overdue, review-due, action-overdue, question-overdue or family-task-overdue.</summary>
    public string Kind { get; set; } = "";
    /// <summary>What fell due: the action's, review's, question's or task's id; for a family contact, the case's.</summary>
    public Guid SubjectId { get; set; }
    public Guid CaseId { get; set; }
    public DateTime DueAt { get; set; }
    public DateTime RaisedAt { get; set; }
}

