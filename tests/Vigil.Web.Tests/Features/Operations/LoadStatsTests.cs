using System.Net;
using Vigil.Load;

namespace Vigil.Web.Tests.Features.Operations;

/// <summary>The load report says when each route's slowest request started and in which seconds slow requests
/// bunched: what tells a stall of the machine (every route at once) from a slow route.</summary>
public sealed class LoadStatsTests
{
    [Fact]
    public void TheSlowestRequest_IsPlacedAtItsStart_AndCountedInItsSecond()
    {
        var stats = new LoadStats();
        stats.Record("GET /cases", HttpStatusCode.OK, 12);
        stats.Record("GET /cases", HttpStatusCode.OK, 5_000); // answered now, so it started about five seconds ago
        stats.RecordFailure("GET /cases", 2_500, "timeout");
        stats.Record("GET /cases", HttpStatusCode.OK, 900);

        var route = Assert.Single(stats.Summaries());
        Assert.Equal(5_000, route.Max);
        Assert.InRange(route.MaxStartedAt, -5.5, -4.5);
        var slow = stats.SlowestSeconds(10);
        Assert.Equal(2, slow.Sum(s => s.Slow)); // 5,000 and 2,500 ms; not 12 nor 900
        Assert.Contains(slow, s => s.Second is -5 or -6);
        Assert.Contains(slow, s => s.Second is -3 or -4);
        Assert.Contains("requests over 1 s by the second they started", stats.Table(), StringComparison.Ordinal);
    }
}
