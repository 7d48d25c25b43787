namespace Vigil.Data.Notifications;

/// <summary>What a due-event digest counts (ADR 3167): a notification that tells one person of many due events of one
/// kind in one list stays their one unread digest of that kind and list, and each later save with more such events
/// adds them here and rewrites its text, so its counts are of every event it has gathered, across pages and sweeps.
/// Once read it is never changed again. Bookkeeping beside the audited notification, whose every text is audited.</summary>
public class DueEventDigest : Audit.INotAudited
{
    /// <summary>The notification it counts for (one to one).</summary>
    public Guid NotificationId { get; set; }
    /// <summary>The events gathered: each event is raised once (its notice's key), so each is added once. The
    /// concurrency token: an update made from a stale read fails instead of losing the other save's events.</summary>
    public int Events { get; set; }
    /// <summary>The distinct cases of those events: <see cref="DueEventDigestCase"/>'s rows for this digest.</summary>
    public int Cases { get; set; }
    public DateTime FirstDueAt { get; set; }
    public DateTime LastDueAt { get; set; }
}

/// <summary>A case a digest counts: a case whose events arrive in several saves is counted once.</summary>
public class DueEventDigestCase : Audit.INotAudited
{
    public Guid NotificationId { get; set; }
    public Guid CaseId { get; set; }
}
