using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Audit.Tree;
using Vigil.Web.Features.Notifications.DueEvents;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Operations;

/// <summary>A node's timers (the due-event sweep, ADR 3152; tree-head signing, ADR 0802) log a failure nobody foresaw (a
/// defect, not only the store going away) and try again at the next tick: .NET stops the whole host when a background
/// service throws, so before this one failed tick took the web node, and every officer on it, down with it. The
/// behaviour is the timer's, so one store is enough.</summary>
public sealed class TimerFailureTests
{
    [Theory]
    [InlineData("Vigil:DueEvents:Interval", "00:00:00.100", typeof(DueEventRaiser))]
    [InlineData("Vigil:AuditTreeHeadMinutes", "0.002", typeof(AuditTreeHeads))]
    public async Task ATickThatThrowsAnythingButCancellation_IsTriedAgainAtTheNext_AndTheNodeServes(string setting, string often, Type broken)
    {
        var attempts = 0;
        await using var app = new SqliteApp
        {
            Settings = new Dictionary<string, string> { [setting] = often },
            ServiceChanges = s => s.AddScoped(broken, _ =>
            {
                Interlocked.Increment(ref attempts);
                throw new NotSupportedException("a defect in the timer's work");
            }),
        };
        await app.InitializeAsync();
        using var client = app.CreateClient(); // starts the host, and with it the timers
        for (var deadline = DateTime.UtcNow.AddSeconds(30); Volatile.Read(ref attempts) < 3 && DateTime.UtcNow < deadline;)
            await Task.Delay(50);
        Assert.True(Volatile.Read(ref attempts) >= 3, $"{attempts} ticks attempted: the timer stopped after a failure");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
