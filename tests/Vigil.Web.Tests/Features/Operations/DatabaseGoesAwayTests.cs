using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Vigil.Web.Tests.Features.Operations;

/// <summary>Issue 13's last fault (ADR 1492, 3151): PostgreSQL goes away under a node that is warm and serving — its
/// pooled connections reset, new ones unanswered (<see cref="CuttableProxy"/>). API callers get 503 problem documents
/// they may retry, within seconds, the node stays live and is not ready; a save in flight leaves no half-written case; and
/// once the database is back the same process serves again, with no restart.</summary>
public sealed class DatabaseGoesAwayTests(ITestOutputHelper output)
{
    /// <summary>Each answer while the database is away: the pool's 5 s connect timeout, with room for a loaded machine.</summary>
    private static readonly TimeSpan Answered = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task DatabaseCutUnderARunningNode_ApiAnswers503Quickly_NoCaseIsHalfWritten_AndTheNodeServesAgainOnceItIsBack()
    {
        await using var store = await SharedStore.CreateAsync("postgres");
        var real = new NpgsqlConnectionStringBuilder(store.Database);
        await using var proxy = new CuttableProxy(real.Host!, real.Port);
        // The seam: the save that has just sent its case row waits, its transaction open.
        var saving = new CommandPause(sql => sql.Contains("INSERT INTO cases ", StringComparison.Ordinal), armed: false);
        await using var app = new ProxiedApp($"Host=127.0.0.1;Port={proxy.Port};Username={real.Username};Database={real.Database}")
        {
            Settings = new Dictionary<string, string> { ["Vigil:AuditKeyFile"] = store.AuditKeyFile },
            ServiceChanges = s => s.AddSingleton<IInterceptor>(saving),
        };
        await app.InitializeAsync();
        var ivy = await store.CreateUserAsync(Roles.Investigator, "away-team");
        using var client = app.ApiClient(ivy);
        client.Timeout = TimeSpan.FromSeconds(60);
        using var probe = app.CreateClient(); // a proxy's probe sends no token (a token is looked up in the database)
        probe.Timeout = TimeSpan.FromSeconds(60);

        // Warm and serving.
        var warm = await PostCaseAsync(client, ivy, "Away Warm");
        Assert.Equal(HttpStatusCode.Created, warm.StatusCode);
        var warmId = (await warm.Content.ReadFromJsonAsync<CaseResponse>(ApiJson.Client))!.Id;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/cases/{warmId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/ready")).StatusCode);

        // A save in flight: its case row is written inside its transaction when the database goes.
        var marker = "Away Inflight " + Guid.NewGuid().ToString("N")[..8];
        saving.Arm();
        var inFlight = PostCaseAsync(client, ivy, marker);
        await saving.Reached.WaitAsync(TimeSpan.FromMinutes(3));
        proxy.Cut();
        saving.Release();
        await AssertUnavailableAsync(await inFlight.WaitAsync(TimeSpan.FromMinutes(1)));

        // While it is away: every API call a 503 problem document, quickly; live, not ready.
        foreach (var call in new Func<Task<HttpResponseMessage>>[]
        {
            () => client.GetAsync("/api/v1/cases"),
            () => client.GetAsync($"/api/v1/cases/{warmId}"),
            () => PostCaseAsync(client, ivy, "Away Refused"),
        })
        {
            var clock = Stopwatch.StartNew();
            var response = await call();
            Assert.True(clock.Elapsed < Answered, $"answered in {clock.Elapsed.TotalSeconds:0.0} s");
            output.WriteLine($"answered 503 in {clock.Elapsed.TotalSeconds:0.0} s");
            await AssertUnavailableAsync(response);
        }
        var ready = await probe.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("application/problem+json", ready.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/live")).StatusCode);

        // Back: the same process serves again, with no restart. Connections the pool held through the cut are found
        // broken only when next used, one request each (a 503 the client retries after Retry-After): at most the pool.
        proxy.Restore();
        var retried = 0;
        async Task<HttpResponseMessage> ServedAsync(Func<Task<HttpResponseMessage>> call)
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (true)
            {
                var response = await call();
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline) return response;
                retried++;
            }
        }
        Assert.Equal(HttpStatusCode.OK, (await ServedAsync(() => client.GetAsync($"/api/v1/cases/{warmId}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ServedAsync(() => probe.GetAsync("/health/ready"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ServedAsync(() => PostCaseAsync(client, ivy, "Away Back"))).StatusCode);
        Assert.InRange(retried, 0, VigilDatabase.WarmConnections);
        output.WriteLine($"503s after the database came back, before each call was served: {retried}");

        // The save cut in flight left nothing, or its case whole (one person, one exhibit, its toxicology): never a part.
        await using var services = store.Services();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var written = await db.Cases.AsNoTracking().Where(c => c.Deceased.Name == marker)
            .Select(c => new { People = c.People.Count, Exhibits = c.Exhibits.Count, Toxicology = c.Toxicology.Count }).ToListAsync();
        Assert.True(written.Count == 0 || (written.Count == 1 && written[0] is { People: 1, Exhibits: 1, Toxicology: 1 }),
            $"the case cut in flight: {JsonSerializer.Serialize(written)}");
    }

    private static Task<HttpResponseMessage> PostCaseAsync(HttpClient client, TestUser user, string name) =>
        client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(user.TeamId, Samples.Record(name: name)), ApiJson.Client);

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(503, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
    }

    /// <summary>The app on the test's store, reached through the proxy (migrated already, its audit key the store's).</summary>
    private sealed class ProxiedApp(string connectionString) : VigilAppFactory
    {
        public override string Provider => "postgres";
        protected override string ConnectionString => connectionString;
    }
}
