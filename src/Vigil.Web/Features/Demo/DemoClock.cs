namespace Vigil.Web.Features.Demo;

/// <summary>The demo store is written as if it had been kept day by day: the clock stands at each day's reports
/// while they are recorded, so the audit trail, linkage alerts and "as known on" views carry believable dates.
/// After seeding the web app runs on the real clock.</summary>
public sealed class DemoClock(DateTime start) : TimeProvider
{
    private DateTime now = start;

    public void Set(DateTime utc) => now = utc > now ? utc : now.AddSeconds(1); // never backwards: the chain is in time order

    public override DateTimeOffset GetUtcNow() => new(now, TimeSpan.Zero);
}
