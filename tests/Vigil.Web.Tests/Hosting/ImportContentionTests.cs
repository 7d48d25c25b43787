using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vigil.Data.Diagnostics;
using Vigil.Records;
using Vigil.Web.Features.Demo;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>vigil-load's import (<c>DemoGenerator.Generate(5, …)</c>, new refs: five deaths and a series of four, nine
/// a request) under concurrency, on PostgreSQL: what a
/// 50-user run does to it that one import at a time does not (issue 13; ADR 3206). <see cref="Importers"/> clients send
/// <c>VIGIL_IMPORT_CONTENTION</c> imports each, all at once, while <see cref="Editors"/> clients each edit their own case
/// (vigil-load's narrative `PUT`, its read for the ETag) and view it (the API case and the case page) until the imports
/// are done: every one of those takes the audit chain's lock, so an import's lock hold is their wait and theirs is the
/// import's. Prints, two rounds after a warm one, the imports' and the editors' p50 / p95, the stage clock, and
/// `pg_stat_statements` of the statements that take an advisory lock (the chain's, the people register's with the
/// reference block): calls and mean time, which is mostly the wait. Linkage worker and tree-head signer stopped (no save
/// waits for the index the worker would have built, ADR 3289). A
/// measurement when asked; without the variable, two imports an importer, so the suite still checks that concurrent
/// imports beside edits all answer, each creating its cases, and that the chain verifies.</summary>
[Collection(Features.Linkage.ConsoleCollection.Name)]
public sealed class ImportContentionTests_Postgres
{
    private const int Importers = 4;
    private const int Editors = 4;

    [Fact]
    public async Task FiveDeathImports_BesideEditsAndViews_AllAnswer_AndTheirLockWaitsArePrinted()
    {
        var asked = int.TryParse(Environment.GetEnvironmentVariable("VIGIL_IMPORT_CONTENTION"), out var n) && n > 0;
        if (!asked) n = 2;
        var app = new PostgresApp
        {
            ServiceChanges = services =>
            {
                BackgroundServices.Remove(services, typeof(Vigil.Web.Features.Linkage.Outbox.LinkageWorkerService), typeof(Vigil.Web.Features.Audit.TreeHeadSigning));
                BackgroundServices.NoWaitForAnIndexNobodyBuilds(services);
            },
        };
        await app.InitializeAsync();
        try
        {
            var supervisor = await app.CreateUserAsync("supervisor");
            var investigator = await app.CreateUserAsync("investigator", supervisor.Team);
            var cases = new List<Guid>();
            for (var i = 0; i < Editors; i++) cases.Add((await app.CreateCaseAsync(investigator)).Id);
            var database = await app.WithDbAsync(db => Task.FromResult(Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(db.Database).Database));
            var editors = new List<(HttpClient Api, HttpClient Page, Guid Case)>();
            foreach (var id in cases) editors.Add((app.ApiClient(investigator), await app.SignedInClientAsync(investigator), id));
            var imported = 0;
            foreach (var (round, count) in (IEnumerable<(int, int)>)[(-1, asked ? 3 : 1), (0, n), (1, asked ? n : 1)])
            {
                await ResetStatementsAsync();
                StageClock.Reset();
                var result = await RoundAsync(app, supervisor, editors, count);
                imported += result.Records;
                Assert.All(result.Failures, f => Assert.Fail(f));
                if (round < 0) continue;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"postgres round {round}: {Importers} importers × {count}, {Editors} editors; load {File.ReadAllText("/proc/loadavg").Trim()}\n"
                    + $"  imports ({result.Records} deaths): {Line(result.Imports)}\n  edits (PUT): {Line(result.Edits)}\n  views (API case, case page): {Line(result.Views)}\n"
                    + $"  wall {result.Wall.TotalSeconds:F1} s, process CPU {result.Cpu.TotalSeconds:F1} s"));
                Console.WriteLine("  stage clock (seconds summed over every request of the round):\n" + StageClock.Report());
                Console.WriteLine(await LockStatementsAsync(database));
            }
            var stored = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Cases, c => c.Source == "contention"));
            Assert.Equal(imported, stored);
            foreach (var (api, page, _) in editors)
            {
                api.Dispose();
                page.Dispose();
            }
            var verification = await app.WithScopeAsync(sp => sp.GetRequiredService<Vigil.Web.Features.Audit.AuditVerifier>().VerifyAsync(null, default));
            Assert.True(verification.Intact, verification.FirstProblem?.ToString());
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private sealed record Round(List<double> Imports, int Records, List<double> Edits, List<double> Views, List<string> Failures, TimeSpan Wall, TimeSpan Cpu);

    private static async Task<Round> RoundAsync(VigilAppFactory app, TestUser supervisor, List<(HttpClient Api, HttpClient Page, Guid Case)> editing, int count)
    {
        var records = 0;
        var imports = new List<double>();
        var edits = new List<double>();
        var views = new List<double>();
        var failures = new List<string>();
        var importsDone = 0;
        var cpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        var importers = Enumerable.Range(0, Importers).Select(i => Task.Run(async () =>
        {
            using var client = app.ApiClient(supervisor);
            var generator = new DemoGenerator(seed: Environment.TickCount + i);
            var random = new Random(i);
            for (var k = 0; k < count; k++)
            {
                var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(random.Next(600));
                var batch = generator.Generate(5, start, start.AddDays(30)).Select(r => r with { Ref = $"load-{Guid.NewGuid():N}", Source = "contention" }).ToList();
                Interlocked.Add(ref records, batch.Count);
                var body = new StringContent(string.Join('\n', batch.Select(DeathRecordWriter.ToJson)), Encoding.UTF8, "application/x-ndjson");
                await TimeAsync(client, new HttpRequestMessage(HttpMethod.Post, $"/api/v1/imports?team={supervisor.TeamId}&source=contention") { Content = body }, imports, failures);
            }
            Interlocked.Increment(ref importsDone);
        })).ToList();
        var editors = editing.Select(e => Task.Run(async () =>
        {
            var (api, page, id) = e;
            while (Volatile.Read(ref importsDone) < Importers)
            {
                await TimeAsync(api, await LoadRoutes.PutAsync(api, id), edits, failures);
                await TimeAsync(api, new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cases/{id}"), views, failures);
                await TimeAsync(page, new HttpRequestMessage(HttpMethod.Get, $"/cases/{id}"), views, failures);
            }
        })).ToList();
        await Task.WhenAll(importers.Concat(editors));
        return new Round(imports, records, edits, views, failures, Stopwatch.GetElapsedTime(started), Environment.CpuUsage.TotalTime - cpu);
    }

    private static async Task TimeAsync(HttpClient client, HttpRequestMessage request, List<double> walls, List<string> failures)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        lock (walls) walls.Add(ms);
        if (!response.IsSuccessStatusCode)
            lock (failures) failures.Add($"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
    }

    private static string Line(List<double> walls)
    {
        if (walls.Count == 0) return "none";
        var sorted = walls.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"{sorted.Count} requests, mean {sorted.Average():F1} p50 {sorted[sorted.Count / 2]:F1} p95 {sorted[(int)(sorted.Count * 0.95)]:F1} ms");
    }

    /// <summary>pg_stat_statements lives in the cluster's postgres database (scripts/start-postgres.sh); where it was not
    /// created, the round prints no lock statements rather than failing.</summary>
    private static async Task ResetStatementsAsync()
    {
        try
        {
            await using var conn = new NpgsqlConnection($"{PostgresServer.ConnectionString};Database=postgres");
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT pg_stat_statements_reset()", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (PostgresException) { }
    }

    private static async Task<string> LockStatementsAsync(string database)
    {
        var text = new StringBuilder("  statements taking an advisory lock (pg_stat_statements: calls, mean ms, total ms):\n");
        try
        {
            await using var conn = new NpgsqlConnection($"{PostgresServer.ConnectionString};Database=postgres");
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                SELECT calls, mean_exec_time, total_exec_time, left(regexp_replace(query, '\s+', ' ', 'g'), 110)
                FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = $1)
                  AND (query LIKE '%pg_advisory_xact_lock%' OR query LIKE '%reference_counters%' OR query LIKE 'COMMIT%' OR query LIKE 'INSERT INTO audit_entries%')
                ORDER BY total_exec_time DESC
                """, conn);
            cmd.Parameters.AddWithValue(database);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                text.Append(CultureInfo.InvariantCulture, $"    {reader.GetInt64(0),6} {reader.GetDouble(1),8:F2} {reader.GetDouble(2),9:F1}  {reader.GetString(3)}\n");
        }
        catch (PostgresException e)
        {
            text.Append("    (not available: ").Append(e.MessageText).Append(")\n");
        }
        return text.ToString();
    }
}
