using Microsoft.Extensions.DependencyInjection;
using Vigil.Web.Features.Notifications.DueEvents;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Notifications;

/// <summary>A sweep that fails in a way nobody foresaw (a defect, not the store going away) is logged and tried again
/// at the next tick: .NET stops the whole host when a background service throws, so before this one broken sweep took
/// the web node, and every officer on it, down with it. The behaviour is the timer's, so one store is enough.</summary>
public sealed class DueEventSweepFailureTests
{
    [Fact]
    public async Task ASweepThatThrowsAnythingButCancellation_IsTriedAgainAtTheNextTick()
    {
        var attempts = 0;
        await using var app = new SqliteApp
        {
            Settings = new Dictionary<string, string> { ["Vigil:DueEvents:Interval"] = "00:00:00.100" },
            ServiceChanges = s => s.AddScoped<DueEventRaiser>(_ =>
            {
                Interlocked.Increment(ref attempts);
                throw new NotSupportedException("a defect in the sweep");
            }),
        };
        await app.InitializeAsync();
        using var client = app.CreateClient(); // starts the host, and with it the timer
        for (var deadline = DateTime.UtcNow.AddSeconds(30); Volatile.Read(ref attempts) < 3 && DateTime.UtcNow < deadline;)
            await Task.Delay(50);
        Assert.True(Volatile.Read(ref attempts) >= 3, $"{attempts} sweeps attempted: the timer stopped after a failure");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
