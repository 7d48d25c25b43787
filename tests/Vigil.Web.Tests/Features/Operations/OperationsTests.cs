using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Data.Identity;
using Vigil.Load;
using Vigil.Web.Features.Operations;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Operations;

/// <summary>Probes, metrics, quiet logs and the shared key ring, through the real pipeline on each store.</summary>
public abstract class OperationsTests(VigilAppFactory app)
{
    [Fact]
    public async Task LiveAndReadyProbes_AnswerAnonymously_WithTheirChecks()
    {
        using var client = app.CreateClient();
        var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("healthy", JsonDocument.Parse(await live.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());

        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var checks = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal("healthy", checks.GetProperty("database").GetString());
        Assert.Equal("healthy", checks.GetProperty("accepting-traffic").GetString());
    }

    [Fact]
    public async Task Metrics_DescribeRequestsByRoute_InPrometheusFormat()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var api = app.ApiClient(ivy);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/cases")).StatusCode);
        using var client = app.CreateClient();
        var text = "";
        // The exporter caches a scrape briefly; the request above shows up within a second or two on a quiet machine.
        // A deadline, not a count of tries: 20 tries of 200 ms can run out on a loaded one before the request's metric is there.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!text.Contains("http_route=\"/api/v1/cases/\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            var response = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
            await Task.Delay(200);
        }
        Assert.Contains("http_server_request_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.True(text.Contains("http_route=\"/api/v1/cases/\"", StringComparison.Ordinal), string.Join("\n", text.Split('\n').Where(l => l.Contains("route", StringComparison.Ordinal)).Take(8)));
    }

    /// <summary>ADR 3184: a node asked to (vigil-load's) sums its allocation ticks and shows them on /metrics, where the
    /// load report reads them; a node not asked runs no listener.</summary>
    [Fact]
    public async Task AllocationTicks_OnlyWhenAsked_CountWhatTheNodeAllocates()
    {
        Assert.Null(app.Services.GetService<AllocationTicks>());
        await using var node = app.WithWebHostBuilder(b => b.UseSetting("Vigil:AllocationTicks", "true"));
        using var client = node.CreateClient();
        var ticks = node.Services.GetRequiredService<AllocationTicks>();
        var before = ticks.Bytes;
        var kept = new List<byte[]>();
        for (var i = 0; i < 64; i++) kept.Add(new byte[1 << 20]);
        GC.KeepAlive(kept);
        // The runtime hands the listener its events from a dispatching thread: a deadline, not a count of tries.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (ticks.Bytes - before < 64L << 20 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.True(ticks.Bytes - before >= 64L << 20, $"{ticks.Bytes - before:N0} bytes counted after 64 MiB allocated");
        var text = "";
        for (deadline = DateTime.UtcNow.AddSeconds(30); !text.Contains("vigil_gc_allocated_ticks_bytes_total", StringComparison.Ordinal) && DateTime.UtcNow < deadline; await Task.Delay(200))
            text = await client.GetStringAsync("/metrics");
        Assert.Contains("vigil_gc_allocated_ticks_bytes_total", text, StringComparison.Ordinal);
        Assert.True(NodeGc.Parse(text).TickBytes >= 64L << 20, "the scraped counter should hold what was counted");
    }

    /// <summary>A node reached directly (no proxy, or round the proxy) is told its caller's address by the connection,
    /// not by a header the caller wrote; only a listed proxy may vouch for another address. Round 41's review: with no
    /// proxy listed, "X-Forwarded-For: 127.0.0.1" from anywhere read /metrics (and chose its own sign-in bucket).</summary>
    [Theory]
    [InlineData("", "203.0.113.7", "127.0.0.1", HttpStatusCode.NotFound)]
    [InlineData("", "127.0.0.1", null, HttpStatusCode.OK)]
    [InlineData("203.0.113.7", "198.51.100.9", "127.0.0.1", HttpStatusCode.NotFound)]
    [InlineData("203.0.113.7", "203.0.113.7", "198.51.100.9", HttpStatusCode.NotFound)]
    [InlineData("203.0.113.0/24", "203.0.113.7", "127.0.0.1", HttpStatusCode.OK)]
    public async Task ForwardedFor_IsBelievedOnlyFromAListedProxy(string trusted, string peer, string? forwardedFor, HttpStatusCode expected)
    {
        await using var node = app.WithWebHostBuilder(b => b.UseSetting("Vigil:TrustedProxies", trusted)
            .ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new ConnectionFrom(IPAddress.Parse(peer)))));
        using var client = node.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        Assert.Equal(expected, (await client.SendAsync(request)).StatusCode);
    }

    /// <summary>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true (common advice for containers behind a proxy) makes the host add
    /// its own forwarded-headers step with both lists cleared; Vigil's options, configured after the host's, still
    /// believe the header from no one when no proxy is listed.</summary>
    [Fact]
    public async Task ForwardedFor_IsNotBelieved_WhenTheHostsForwardedHeadersSwitchIsOn_AndNoProxyIsListed()
    {
        // The peer is set ahead of the host's own filter, as a socket's address is there before any middleware.
        await using var node = app.WithWebHostBuilder(b => b.UseSetting("ForwardedHeaders_Enabled", "true")
            .ConfigureTestServices(s => s.Insert(0, ServiceDescriptor.Singleton<IStartupFilter>(new ConnectionFrom(IPAddress.Parse("198.51.100.9"))))));
        using var client = node.CreateClient();
        Assert.Contains(node.Services.GetServices<IStartupFilter>(), f => f.GetType().Name == "ForwardedHeadersStartupFilter");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Forwarded-For", "127.0.0.1");
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(request)).StatusCode);
    }

    /// <summary>Gives every request the peer address a socket would (the test server leaves it empty), ahead of the app.</summary>
    private sealed class ConnectionFrom(IPAddress peer) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, following) =>
            {
                http.Connection.RemoteIpAddress = peer;
                return following(http);
            });
            next(app);
        };
    }

    [Fact]
    public void Logs_AreWarningsAndAbove_ByDefault()
    {
        var factory = app.Services.GetRequiredService<ILoggerFactory>();
        foreach (var category in new[] { "Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.EntityFrameworkCore.Database.Command", "Vigil.Web" })
        {
            var log = factory.CreateLogger(category);
            Assert.False(log.IsEnabled(LogLevel.Information), $"{category} logs Information");
            Assert.True(log.IsEnabled(LogLevel.Warning), $"{category} does not log warnings");
        }
    }

    [Fact]
    public async Task KeyRing_IsInTheDatabase_Encrypted_AndItsAuditEntryHoldsNoKey()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var _ = await app.SignedInClientAsync(ivy); // signing in needs the key ring
        await app.WithDbAsync(async db =>
        {
            var keys = await db.DataProtectionKeys.AsNoTracking().ToListAsync();
            Assert.NotEmpty(keys);
            Assert.All(keys, k =>
            {
                Assert.Contains("vigilEncryptedKey", k.Xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<value>", k.Xml, StringComparison.Ordinal); // the plain master key element
            });
            var audited = await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "DataProtectionKey").ToListAsync();
            Assert.NotEmpty(audited);
            Assert.All(audited, e => Assert.DoesNotContain("vigilEncryptedKey", e.Changes, StringComparison.Ordinal));
        });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OperationsTests_Sqlite(SqliteApp app) : OperationsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OperationsTests_Postgres(PostgresApp app) : OperationsTests(app);
