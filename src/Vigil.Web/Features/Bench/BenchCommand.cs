using Vigil.Data.Audit.Tree;
using Vigil.Web.Features.Audit;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Users;

namespace Vigil.Web.Features.Bench;

/// <summary>`vigil bench`: end-to-end figures on a real store (micro-benchmarks are in bench/, BenchmarkDotNet).
/// Prints measurements; asserts nothing (ADR 0007: speed is measured, not asserted by timed tests).</summary>
public static class BenchCommand
{
    public static Command Create() => new("bench", "Measure import, case-list queries, search and audit verification on a store (--db)")
    {
        Import(), CaseList(), AuditVerify(), SearchBench.Create(), OversightBench.AsKnown(), OversightBench.Series(), DueEventBench.Create(),
    };

    private static Command Import()
    {
        var file = new Argument<FileInfo>("file") { Description = "death-record v1 JSON lines (plain or .gz)" };
        var noWait = new Option<bool>("--no-wait") { Description = "Stop the clock (and the process) once every line is stored; leave linkage to a later run" };
        var tracked = new Option<bool>("--tracked") { Description = "Stage new cases tracked in EF Core, as before ADR 2251 (to compare the two paths)" };
        var batchSize = new Option<int>("--batch-size") { Description = "Lines a batch (one transaction)", DefaultValueFactory = _ => ImportOptions.DefaultBatchSize };
        return BenchRun.Verb("import", "Time an import of FILE into the store (use an empty store)", [file, noWait, tracked, batchSize], async (parse, services, ct) =>
        {
            Guid team;
            await using (var scope = services.CreateAsyncScope())
                team = (await scope.ServiceProvider.GetRequiredService<UserAdmin>().EnsureTeamAsync("Bench import", ct)).Id;
            await using var input = JsonLinesReader.OpenMaybeGzip(parse.GetValue(file)!.FullName);
            var garbage = ImportGarbage.Start();
            var watch = Stopwatch.StartNew();
            var summary = await services.GetRequiredService<ImportService>().ImportAsync(input, new ImportOptions(team, "bench", parse.GetValue(batchSize), WaitForLinkage: !parse.GetValue(noWait)) { UntrackedNewCases = !parse.GetValue(tracked) }, null, ct);
            watch.Stop();
            Console.WriteLine(garbage.Report());
            Console.WriteLine("time per stage (summed over batches):\n" + Vigil.Data.Diagnostics.StageClock.Report());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"import: {summary.Lines:N0} lines ({summary.Created:N0} created, {summary.Updated:N0} updated, {summary.Unchanged:N0} unchanged, {summary.Rejected.Count} rejected) in {watch.Elapsed.TotalSeconds:F1} s = {summary.Lines / watch.Elapsed.TotalSeconds:N0} records/s"));
            // Two figures since linkage left the write path (ADR 1231): every line stored, then every stored case compared.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"time to stored: {summary.StoredElapsed.TotalSeconds:F1} s; time to linked: {summary.Elapsed.TotalSeconds:F1} s (linkage catch-up {(summary.Elapsed - summary.StoredElapsed).TotalSeconds:F1} s)"));
            return VigilCli.Ok;
        });
    }

    private static Command CaseList()
    {
        var cases = new Option<int>("--cases") { Description = "Store size to reach first (synthetic cases are added if fewer)", DefaultValueFactory = _ => 1_000_000 };
        var queries = new Option<int>("--queries") { Description = "Queries per filter kind", DefaultValueFactory = _ => 200 };
        return BenchRun.Verb("caselist", "p50/p95/p99 of case-list queries (the page's own query) with filters", [cases, queries], async (parse, services, ct) =>
        {
            var store = BenchRun.Store(services);
            var teams = await store.EnsureCasesAsync(parse.GetValue(cases), ct);
            await using var db = store.NewContext();
            var random = new Random(7);
            var readAll = new CaseScope("bench", ReadAll: true, TeamScoped: false, [], CanEdit: false);
            var kinds = new (string Name, Func<(CaseScope, CaseFilter)> Make)[]
            {
                ("area, newest first", () => (readAll, new CaseFilter { Area = Pick(random, BenchStore.AreaNames) })),
                ("area + 3-month range", () => (readAll, new CaseFilter { Area = Pick(random, BenchStore.AreaNames), From = Day(random), To = Day(random).AddMonths(3) } with { })),
                ("classification + year", () => (readAll, new CaseFilter { Classification = Pick(random, CaseClassification.All), From = new DateOnly(2000 + random.Next(25), 1, 1), To = new DateOnly(2000 + random.Next(25), 12, 31) })),
                ("team scope (investigator) + setting", () => (new CaseScope("bench", false, true, [teams[random.Next(teams.Count)]], true), new CaseFilter { Setting = "park" })),
                ("name prefix", () => (readAll, new CaseFilter { Q = "smith person" + random.Next(1, 99) })),
                ("page 20 via cursor", () => (readAll, new CaseFilter { Area = Pick(random, BenchStore.AreaNames) })),
            };
            Console.WriteLine($"store: {await CountAsync(db, ct):N0} cases ({VigilDatabase(CliServices.Settings(services))})");
            foreach (var (name, make) in kinds)
            {
                var times = new List<double>();
                for (var i = 0; i < parse.GetValue(queries); i++)
                {
                    var (scope, filter) = make();
                    db.ChangeTracker.Clear();
                    var watch = Stopwatch.StartNew();
                    var page = await CaseSearch.RunAsync(CaseAccess.Visible(db, scope), filter, ct);
                    if (name.StartsWith("page 20", StringComparison.Ordinal))
                        for (var p = 1; p < 20 && page.Next is not null; p++) page = await CaseSearch.RunAsync(CaseAccess.Visible(db, scope), filter with { After = page.Next }, ct);
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                Console.WriteLine($"{name,-38} {BenchRun.P50P95P99(times)}");
            }
            return VigilCli.Ok;
        });
    }

    private static Command AuditVerify()
    {
        var entries = new Option<long>("--entries") { Description = "Chain length to reach first (valid entries are appended if fewer)", DefaultValueFactory = _ => 1_000_000 };
        var proofs = new Option<int>("--proofs") { Description = "Inclusion proofs of random entries to time", DefaultValueFactory = _ => 200 };
        return BenchRun.Verb("audit", "Time `audit verify`, building and signing the Merkle tree, and inclusion proofs over a log of the given length", [entries, proofs], async (parse, services, ct) =>
        {
            await BenchRun.Store(services).EnsureAuditAsync(parse.GetValue(entries), ct);
            await using var scope = services.CreateAsyncScope();
            var watch = Stopwatch.StartNew();
            var head = await scope.ServiceProvider.GetRequiredService<AuditTreeHeads>().SignAsync(ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tree extended and head signed at {head.TreeSize:N0} entries in {watch.Elapsed.TotalSeconds:F1} s"));
            watch.Restart();
            var result = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(null, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"audit verify: {result.Checked:N0} entries, {result.TreeNodesChecked:N0} stored nodes, {result.TreeHeadsChecked} signed heads in {watch.Elapsed.TotalSeconds:F1} s ({(result.Intact ? "intact" : "BROKEN: " + result.FirstProblem!.Message)})"));
            var random = new Random(11);
            var times = new List<double>();
            for (var i = 0; i < parse.GetValue(proofs); i++)
            {
                await using var proofScope = services.CreateAsyncScope();
                var prover = proofScope.ServiceProvider.GetRequiredService<AuditProver>();
                watch.Restart();
                var proof = await prover.ProveAsync(random.NextInt64(1, head.TreeSize + 1), null, ct);
                times.Add(watch.Elapsed.TotalMilliseconds);
                if (proof?.Verified != true) throw new InvalidOperationException("an inclusion proof failed to verify");
            }
            times.Sort();
            if (times.Count > 0)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"inclusion proof at {head.TreeSize:N0}: p50 {BenchRun.P(times, 0.50):F1} ms  p95 {BenchRun.P(times, 0.95):F1} ms  max {times[^1]:F1} ms ({times.Count} proofs, fresh scope each)"));
            return result.Intact ? VigilCli.Ok : VigilCli.Failed;
        });
    }

    private static async Task<int> CountAsync(Data.VigilDbContext db, CancellationToken ct) =>
        await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Cases, ct);

    private static string VigilDatabase(VigilSettings s) => Data.VigilDatabase.KindOf(s.Database).ToString();
    private static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];
    private static DateOnly Day(Random r) => new DateOnly(2000, 1, 1).AddDays(r.Next(25 * 365));
}
