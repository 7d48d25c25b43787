namespace Vigil.Web.Features.Notifications.DueEvents;

/// <summary>"Vigil:DueEvents:…": how often each node looks for events that have fallen due (ADR 3152), and how much one
/// sweep takes on; what is left over waits for the next.</summary>
public sealed class DueEventOptions
{
    public const string Section = "Vigil:DueEvents";

    /// <summary>Between sweeps; zero turns the timer off (tests sweep by calling <see cref="DueEventSweep.RunOnceAsync"/>).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Events read, and raised in one save, at a time.</summary>
    public int PageSize { get; set; } = 500;
    /// <summary>Pages of each kind one sweep takes on at most, so a backlog (the first sweep after upgrading) is worked
    /// off over several sweeps rather than holding a node for minutes.</summary>
    public int PagesPerSweep { get; set; } = 20;
    /// <summary>A person who would be told of more events of one kind than this in one save gets one digest saying how
    /// many and where they are listed instead (ADR 3152, round 42): the first sweep of the demo store told its supervisor
    /// of 3,217 events one by one, burying every other notification. While that digest is unread, every later event of
    /// the kind it lists for them is gathered into it, however few (ADR 3167).</summary>
    public int DigestAbove { get; set; } = 10;
}
