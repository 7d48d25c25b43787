using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>What each of vigil-load's routes sends to the store, warm, one request at a time (ADR 2431): statements and
/// round trips counted through EF. Under load every statement costs the node a socket send and PostgreSQL a bind and a
/// snapshot (operations.md, round 18), so a route that starts sending more than its budget fails here first. The
/// budgets are today's counts; lower one when a cut lands. A warm route must also compile no LINQ query: a miss of EF's
/// compiled-query cache builds and JITs the query's shaper again on every request (cold, the eight routes compile 0–7
/// queries each; warm, none).</summary>
public abstract class StatementBudgetTests(Func<Action<IServiceCollection>, VigilAppFactory> newApp) : IAsyncLifetime
{
    private readonly VigilAppFactory app = newApp(StatementCounter.Register);

    /// <summary>Route → (statements, round trips), PostgreSQL. SQLite's transactions take no chain lock.</summary>
    protected abstract IReadOnlyDictionary<string, (int Statements, int RoundTrips)> Budget { get; }

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task EveryLoadRoute_StaysWithinItsStatementBudget()
    {
        using var load = await LoadRoutes.PrepareAsync(app);
        var counter = app.Services.GetRequiredService<StatementCounter>();

        var table = new StringBuilder("| route | statements | round trips | KB allocated (median of 5) |\n|---|---|---|---|\n");
        var over = new List<string>();
        var sent = new StringBuilder();
        foreach (var (route, client, prepare) in load.Routes)
        {
            // Twice uncounted: first uses (compiled queries, the key ring, the first audit append) are not a day's work.
            for (var i = 0; i < 2; i++) (await client.SendAsync(await prepare())).EnsureSuccessStatusCode();
            var request = await prepare();
            counter.Start();
            var response = await client.SendAsync(request);
            var counted = counter.Stop();
            sent.Append(route).Append('\n').AppendJoin('\n', counted.Sent.Select(s => "  " + s.ReplaceLineEndings(" "))).Append('\n');
            Assert.True(response.IsSuccessStatusCode, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (counted.Compiled.Count > 0)
                over.Add($"{route}: EF compiled {counted.Compiled.Count} queries for a warm request:\n  " + string.Join("\n  ", counted.Compiled.Select(q => q[..Math.Min(300, q.Length)])));
            var kb = await AllocatedAsync(client, prepare) / 1024.0;
            table.Append(System.Globalization.CultureInfo.InvariantCulture, $"| `{route}` | {counted.Statements} | {counted.RoundTrips} | {kb:F0} |\n");
            var (statements, trips) = Budget[route];
            // The budgets are today's counts: far fewer means the counter stopped seeing the route, not a saving.
            if (counted.Statements < statements / 2)
                over.Add($"{route}: only {counted.Statements} statements counted against a budget of {statements}: is the counter still attached?");
            if (counted.Statements > statements || counted.RoundTrips > trips)
                over.Add($"{route}: {counted.Statements} statements / {counted.RoundTrips} round trips, budget {statements} / {trips}:\n  "
                    + string.Join("\n  ", counted.Sent.Select(s => s.ReplaceLineEndings(" ")[..Math.Min(200, s.Length)])));
        }
        Console.WriteLine($"{app.Provider}:\n{table}");
        if (Environment.GetEnvironmentVariable("VIGIL_STATEMENTS_LOG") is { Length: > 0 } log)
            await File.WriteAllTextAsync($"{log}.{app.Provider}", $"{table}\n{sent}");
        Assert.True(over.Count == 0, string.Join("\n", over) + "\n" + table);
    }

    /// <summary>Bytes the process allocates while one request is sent and answered in process (the app and the test
    /// client both; ADR 2462), the median of five warm requests. Printed, not budgeted: background work (the linkage
    /// worker after an import or a save) lands in some of the five.</summary>
    private static async Task<long> AllocatedAsync(HttpClient client, Func<Task<HttpRequestMessage>> prepare)
    {
        var bytes = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var request = await prepare();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            using var response = await client.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            bytes.Add(GC.GetTotalAllocatedBytes(precise: true) - before);
            response.EnsureSuccessStatusCode();
        }
        bytes.Sort();
        return bytes[2];
    }
}

/// <summary>Before ADRs 2432–2434 (main d01c852): 12, 12, 42, 14, 53, 11, 13, 12 statements. `PUT` 51 / 33 before ADRs
/// 2491–2496 (an edit's linkage left to the worker, no savepoint in the pipeline's transaction, the gates asked once,
/// unchanged people and results kept, search documents updated in place, action numbers read only when raising).</summary>
public sealed class StatementBudgetTests_Postgres() : StatementBudgetTests(changes => new PostgresApp { ServiceChanges = changes })
{
    protected override IReadOnlyDictionary<string, (int, int)> Budget { get; } = new Dictionary<string, (int, int)>
    {
        // Round trips −1 on every route since ADR 1604: the audit chain's lock and head are read in one; −1 more on the
        // reads since ADR 1605: a batch of read entries is committed in its rows' round trip.
        ["GET /cases"] = (8, 5),
        ["GET /cases?q="] = (8, 5),
        // 37 / 36 before ADR 2461 (the panel tables asked in one statement; the reads that would come back empty skipped).
        // 16 / 13 before ADR 3199: the panel tables are asked in the case row's statement, and the other deaths of the
        // case's people only when one of them is in another death (here: in none).
        ["GET /cases/{id}"] = (14, 11),
        ["GET /api/v1/cases/{id}"] = (10, 7),
        // 16 / 11 before ADR 3205: a narrative edit writes no linkage outbox row (its INSERT rode in the UPDATE's round trip).
        ["PUT /api/v1/cases/{id}"] = (15, 11),
        ["GET /api/v1/cases/{id}/actions"] = (8, 5),
        ["POST /api/v1/cases/{id}/actions/{n}/transitions"] = (10, 7),
        // +1 since ADR 2403: a batch of new cases takes the people register's lock before its one look, even when (as
        // here, the third import of the same people) everyone is on the register already.
        // 12 / 10 before ADR 1605: the batch's audit rows went in its binary COPY, which the counter does not see; they are
        // now one counted INSERT sent with the COMMIT, after the COPYs and outside the chain's lock until then.
        // 13 / 10 before ADR 1607, plus a binary COPY per table the counter did not see (11 tables, two round trips
        // each); those rows are now one counted command of INSERTs (+8 statements, +1 round trip, −22 unseen).
        // 21 / 11 before ADR 3196: the register's lock is taken in the statement that reserves the batch's references.
        // 20 / 10 before ADR 3202: the people, phones and addresses are looked up in one statement.
        // 19 / 9 before ADR 3206: the chain's lock and head end the command of INSERTs, in its round trip.
        ["POST /api/v1/imports"] = (19, 8),
    };
}

/// <summary>Before ADRs 2432–2434: 11, 11, 41, 13, 49, 10, 12, 11 statements; `PUT` 47 / 47 before ADRs 2491–2496.</summary>
public sealed class StatementBudgetTests_Sqlite() : StatementBudgetTests(changes => new SqliteApp { ServiceChanges = changes })
{
    protected override IReadOnlyDictionary<string, (int, int)> Budget { get; } = new Dictionary<string, (int, int)>
    {
        ["GET /cases"] = (7, 6),
        ["GET /cases?q="] = (7, 6),
        // 15 / 14 before ADR 3199.
        ["GET /cases/{id}"] = (13, 12),
        ["GET /api/v1/cases/{id}"] = (9, 8),
        // 15 / 14 before ADR 3205: no linkage outbox row for a narrative edit.
        ["PUT /api/v1/cases/{id}"] = (14, 13),
        ["GET /api/v1/cases/{id}/actions"] = (7, 6),
        ["POST /api/v1/cases/{id}/actions/{n}/transitions"] = (9, 8),
        ["POST /api/v1/imports"] = (9, 8), // 10 / 9 before ADR 3202 (the look-ups in one statement)
    };
}
