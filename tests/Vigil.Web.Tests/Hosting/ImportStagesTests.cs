using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Diagnostics;
using Vigil.Records;
using Vigil.Web.Features.Demo;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>Where vigil-load's import goes (five generated deaths a request, new refs, through the real HTTP pipeline),
/// stage by stage: 10 warm imports, then two rounds of <c>VIGIL_IMPORT_STAGES</c> imports each, printing wall, the
/// process's CPU and <see cref="StageClock"/>'s report (seconds summed over the round). The linkage worker and the
/// tree-head signer are stopped, as in <see cref="RouteCpuTests"/>. A measurement when asked (round 48,
/// docs/operations.md); without the variable, two imports a round after two warm ones, so that the suite still checks
/// that every import answers and that the report names the import's stages.</summary>
public abstract class ImportStagesTests(Func<Action<IServiceCollection>, VigilAppFactory> newApp)
{
    [Fact]
    public async Task FiveDeathImports_StageByStage()
    {
        var asked = int.TryParse(Environment.GetEnvironmentVariable("VIGIL_IMPORT_STAGES"), out var n) && n > 0;
        if (!asked) n = 2;
        var app = newApp(services =>
            BackgroundServices.Remove(services, typeof(Vigil.Web.Features.Linkage.Outbox.LinkageWorkerService), typeof(Vigil.Web.Features.Audit.TreeHeadSigning)));
        await app.InitializeAsync();
        try
        {
            var reports = await MeasureAsync(app, n, warm: asked ? 10 : 2);
            foreach (var stage in (string[])["persist", "  stage: references", "  stage: people look-ups", "  stage: the lines"])
                Assert.All(reports, r => Assert.Contains(stage, r, StringComparison.Ordinal));
        }
        finally
        {
            await app.DisposeAsync(); // the factory's own (its store dropped), not WebApplicationFactory's
        }
    }

    private static async Task<List<string>> MeasureAsync(VigilAppFactory app, int n, int warm)
    {
        var reports = new List<string>();
        var supervisor = await app.CreateUserAsync("supervisor");
        using var client = app.ApiClient(supervisor);
        var generator = new DemoGenerator(seed: 7);
        var random = new Random(7);
        HttpRequestMessage Next()
        {
            // As vigil-load's LoadWorld: a month of generated deaths somewhere in 2024–2025, each with a new ref.
            var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(random.Next(600));
            var records = generator.Generate(5, start, start.AddDays(30)).Select(r => r with { Ref = $"load-{Guid.NewGuid():N}", Source = "stages" });
            var body = new StringContent(string.Join('\n', records.Select(DeathRecordWriter.ToJson)), Encoding.UTF8, "application/x-ndjson");
            return new HttpRequestMessage(HttpMethod.Post, $"/api/v1/imports?team={supervisor.TeamId}&source=stages") { Content = body };
        }
        for (var i = 0; i < warm; i++) (await client.SendAsync(Next())).EnsureSuccessStatusCode();
        for (var round = 0; round < 2; round++)
        {
            StageClock.Reset();
            var walls = new List<double>();
            var cpu = TimeSpan.Zero;
            for (var i = 0; i < n; i++)
            {
                var request = Next();
                var usage = Environment.CpuUsage.TotalTime;
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                await response.Content.LoadIntoBufferAsync();
                walls.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                cpu += Environment.CpuUsage.TotalTime - usage;
                response.EnsureSuccessStatusCode();
            }
            walls.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{app.Provider} round {round}: {n} imports, wall mean {walls.Average():F2} p50 {walls[n / 2]:F2} p95 {walls[(int)(n * 0.95)]:F2} ms, CPU {cpu.TotalMilliseconds / n:F2} ms a request"));
            reports.Add(StageClock.Report());
            Console.WriteLine("(stage seconds summed over the round)\n" + reports[^1]);
        }
        return reports;
    }
}

/// <summary>Alone: the process's CPU is counted.</summary>
[Collection(Features.Linkage.ConsoleCollection.Name)]
public sealed class ImportStagesTests_Sqlite() : ImportStagesTests(changes => new SqliteApp { ServiceChanges = changes });

/// <summary>Alone, as the SQLite one.</summary>
[Collection(Features.Linkage.ConsoleCollection.Name)]
public sealed class ImportStagesTests_Postgres() : ImportStagesTests(changes => new PostgresApp { ServiceChanges = changes });
