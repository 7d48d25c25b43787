using Vigil.Data.Enquiries;

namespace Vigil.Data.Notifications;

/// <summary>The rows whose due event the sweep has still to raise, as one SQL condition per kind (ADR 1633): the filter
/// of a partial index on (DueAt, Id) and the WHERE of the sweep's read, the same text in both so that SQLite and
/// PostgreSQL both use the index. The index holds only what is pending, so a sweep reads what is new to raise and never
/// walks the events it raised before (on a million deaths, 1.1 million mandatory actions and 3 million reviews stay
/// overdue for good). The same text runs on both stores: quoted column names, an IN list of constants.</summary>
public static class PendingDueEvents
{
    private const string NotYetNoticed = "(\"NoticedDueAt\" IS NULL OR \"NoticedDueAt\" <> \"DueAt\")";

    // Before Actions: static fields are initialised in the order they are written.
    private static readonly string[] NotDone = [ActionStatus.Raised, ActionStatus.Allocated, ActionStatus.ResultSubmitted];

    /// <summary>A mandatory action not yet done whose due date's event is not raised: the overdue states
    /// (<see cref="ActionStatus.Overdue"/>) and a submitted result, which a supervisor may send back (overdue again). The
    /// sweep's read narrows it to the overdue states (ADR 3260); the index keeps this text, so no migration rewrites it.</summary>
    public static readonly string Actions =
        $"\"Mandatory\" AND \"Status\" IN ({string.Join(", ", NotDone.Select(s => $"'{s}'"))}) AND {NotYetNoticed}";

    /// <summary>A review not completed whose due date's event is not raised.</summary>
    public const string Reviews = "\"CompletedAt\" IS NULL AND " + NotYetNoticed;

    /// <summary>A family's question not answered (a draft awaiting approval is not an answer) whose due date's event is not raised.</summary>
    public const string Questions = "\"AnsweredAt\" IS NULL AND " + NotYetNoticed;

    /// <summary>A "tell the family" task not done whose due date's event is not raised.</summary>
    public const string FamilyTasks = "\"DoneAt\" IS NULL AND " + NotYetNoticed;

    public const string ActionsIndex = "IX_case_actions_due_pending";
    public const string ReviewsIndex = "IX_case_reviews_due_pending";
    public const string QuestionsIndex = "IX_family_questions_due_pending";
    public const string FamilyTasksIndex = "IX_family_tasks_due_pending";

    /// <summary>Marks the rows whose event was raised before the marks existed (actions and reviews: family questions and
    /// tasks were raised only once they had their marks, ADR 3178), from their notices, so that a store
    /// upgraded with a raised backlog does not find it all pending again (each page would then fail on the notices' key).</summary>
    public static readonly string[] MarkRaisedBefore =
    [
        Mark("case_actions", NotificationKinds.ActionOverdue),
        Mark("case_reviews", NotificationKinds.ReviewDue),
    ];

    private static string Mark(string table, string kind) =>
        $"""UPDATE {table} SET "NoticedDueAt" = "DueAt" WHERE EXISTS (SELECT 1 FROM due_event_notices n WHERE n."Kind" = '{kind}' AND n."SubjectId" = {table}."Id" AND n."DueAt" = {table}."DueAt")""";
}
