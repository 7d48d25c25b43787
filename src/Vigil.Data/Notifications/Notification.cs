namespace Vigil.Data.Notifications;

/// <summary>A message to one user about something they must act on or asked to hear of: an override awaiting their
/// signature, a family's question, an action allocated to them, new possible links, a case joining a linked series,
/// a new death matching a watched search. Read from the notifications page; the header shows the unread count.</summary>
public class Notification
{
    public Guid Id { get; set; } = NewId.Version7();
    public string UserId { get; set; } = "";
    /// <summary>One of <see cref="NotificationKinds"/>.</summary>
    public string Kind { get; set; } = "";
    /// <summary>The case it concerns, when it concerns one (the page re-checks access before linking to it).</summary>
    public Guid? CaseId { get; set; }
    public string Text { get; set; } = "";
    /// <summary>Where acting on it starts (a case page, the linkage queue, a search).</summary>
    public string Href { get; set; } = "";
    /// <summary>When it was raised: for a notice that gathers later events while unread, the first of them.</summary>
    public DateTime CreatedAt { get; set; }
    /// <summary>When the latest event it gathered joined it, when one did after it was raised: a possible-links notice takes
    /// in every link raised while it is unread, a due-event digest every event (ADR 3316). The inbox shows and orders by
    /// it. Not audited: each event it stands for is on the trail itself (the link, the due row), and an entry per analyst
    /// per comparison would grow the trail as the notices did before ADR 1653.</summary>
    public DateTime? LatestAt { get; set; }
    /// <summary>When the recipient marked it read: theirs alone, never set for them by someone else's act.</summary>
    public DateTime? ReadAt { get; set; }
    /// <summary>The row whose task the notice asks for (an override request, a family question, what a family sent, an action, a case review,
    /// a "tell the family" task), so the act that completes it marks it done for every recipient (ADR 3301); for a missed
    /// family contact, the case (no one act completes it); null for a digest, possible links, a watched search.</summary>
    public Guid? SubjectId { get; set; }
    /// <summary>When its task was done, by anyone; a done notice no longer counts as unread (ADR 3301).</summary>
    public DateTime? DoneAt { get; set; }
    /// <summary>What was done and by whom, as the inbox shows it: "Signed by Insp. Ada Reed".</summary>
    public string? Done { get; set; }
}

public static class NotificationKinds
{
    public const string OverrideRequested = "override-requested";
    public const string FamilyQuestion = "family-question";
    /// <summary>The family sent information (a note, files) through the portal: an FLO must read and assess it (ADR 1654).</summary>
    public const string FamilySubmission = "family-submission";
    public const string ActionAllocated = "action-allocated";
    /// <summary>New information after a decision (a late laboratory's result): the case's supervisors are told (ADR 3337).</summary>
    public const string NewInformation = "new-information";
    public const string LinkageAlert = "linkage-alert";
    public const string LinkedSeries = "linked-series";
    public const string WatchMatch = "watch-match";
    /// <summary>Raised by the due-event sweep (ADR 3152), once per event.</summary>
    public const string ContactOverdue = "contact-overdue";
    public const string ReviewDue = "review-due";
    public const string ActionOverdue = "action-overdue";
    /// <summary>A family's question unanswered past its due date, a "tell the family" task not done by its due date (ADR 3178).</summary>
    public const string QuestionOverdue = "question-overdue";
    public const string FamilyTaskOverdue = "family-task-overdue";
}

/// <summary>A search or map filter a user saved; when watched, each new death that matches notifies them.</summary>
public class SavedSearch
{
    public Guid Id { get; set; } = NewId.Version7();
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>"search" (the one-box search) or "map" (the map's filters).</summary>
    public string Kind { get; set; } = SavedSearchKinds.Search;
    /// <summary>The page's query string, as the user ran it (e.g. "q=victor+hale" or "substance=GHB&amp;area=Newham").</summary>
    public string Query { get; set; } = "";
    public bool Watch { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class SavedSearchKinds
{
    public const string Search = "search";
    public const string Map = "map";
}
