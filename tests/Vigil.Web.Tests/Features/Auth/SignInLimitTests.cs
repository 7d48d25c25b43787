using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Auth;

/// <summary>The sign-in limit per client address holds across every node of a store (ADR 1624): two hosts on one
/// database stand for two nodes behind a proxy, each with its own memory. The clock is stopped mid-minute so that the
/// attempts cannot straddle two windows.</summary>
public abstract class SignInLimitTests
{
    protected abstract VigilAppFactory NewApp(Action<IServiceCollection> services);

    [Fact]
    public async Task AttemptsOnOneNode_CountOnTheOther_And429SaysWhenToRetry()
    {
        var now = DateTimeOffset.UtcNow;
        var clock = new StoppedClock(new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 20, TimeSpan.Zero));
        await using var app = NewApp(s => s.AddSingleton<TimeProvider>(clock));
        await app.InitializeAsync();
        await using var otherNode = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        using var first = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        using var second = otherNode.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

        var statuses = new List<HttpStatusCode>();
        foreach (var client in new[] { first, first, second, second, first })
            statuses.Add((await Forms.PostAsync(client, "/login", new() { ["Input.UserName"] = "nobody", ["Input.Password"] = "not the password" })).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);

        var refused = await Forms.PostAsync(second, "/login", new() { ["Input.UserName"] = "nobody", ["Input.Password"] = "not the password" });
        Assert.Equal("40", refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The next minute starts a new count on both nodes.
        clock.Now = clock.Now.AddMinutes(1);
        Assert.Equal(HttpStatusCode.OK, (await Forms.PostAsync(second, "/login", new() { ["Input.UserName"] = "nobody", ["Input.Password"] = "not the password" })).StatusCode);
    }

    private sealed class StoppedClock(DateTimeOffset at) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = at;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

public sealed class SignInLimitTests_Sqlite : SignInLimitTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new SqliteApp { LoginAttemptsPerMinute = 3, ServiceChanges = services };
}

[Collection(PostgresCollection.Name)]
public sealed class SignInLimitTests_Postgres : SignInLimitTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new PostgresApp { LoginAttemptsPerMinute = 3, ServiceChanges = services };
}
