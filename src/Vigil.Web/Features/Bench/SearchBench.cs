using Vigil.Web.Features.Search;

namespace Vigil.Web.Features.Bench;

/// <summary>`vigil bench search`: p50/p95/p99 of the one-box search (the page's own service: every group, scope and
/// person lookup) by kind of query, on a store filled to the size asked. Prints; asserts nothing (ADR 0007).</summary>
public static class SearchBench
{
    public static Command Create()
    {
        var cases = new Option<int>("--cases") { Description = "Searchable deaths to reach first (added if fewer)", DefaultValueFactory = _ => 1_000_000 };
        var queries = new Option<int>("--queries") { Description = "Queries per kind", DefaultValueFactory = _ => 200 };
        return BenchRun.Verb("search", "p50/p95/p99 of searches for names, phones, addresses, references and words", [cases, queries], async (parse, services, ct) =>
        {
            var store = BenchRun.Store(services);
            var teams = await store.EnsureCasesAsync(0, ct);
            await new SearchBenchStore(store).EnsureAsync(parse.GetValue(cases), teams, ct);
            await using var db = store.NewContext();
            var total = await db.Cases.CountAsync(c => c.Source == "bench-search", ct);
            var docs = await db.Set<Data.Search.SearchDocument>().CountAsync(ct);
            Console.WriteLine($"store: {total:N0} searchable deaths, {docs:N0} search documents ({Data.VigilDatabase.KindOf(CliServices.Settings(services).Database)})");
            var random = new Random(5);
            var readAll = new CaseScope("bench", ReadAll: true, TeamScoped: false, [], CanEdit: false);
            string Name() => $"{SearchBenchStore.FirstName(random.Next(1000))} {SearchBenchStore.Surname(random.Next(8000))}";
            string Swap(string s) { var i = 1 + random.Next(s.Length - 3); return s[..i] + s[i + 1] + s[i] + s[(i + 2)..]; }
            // References of cases in the store, so the reference kind times a search that finds its case, not a miss.
            var references = await ReferencesAsync(db, total, ct);
            string Reference() => references[random.Next(references.Count)];
            var kinds = new (string Name, Func<(CaseScope, string)> Make)[]
            {
                ("person: full name", () => (readAll, Name())),
                ("person: SURNAME, First", () => (readAll, $"{SearchBenchStore.Surname(random.Next(8000)).ToUpperInvariant()}, {SearchBenchStore.FirstName(random.Next(1000))}")),
                ("person: initial + typo", () => (readAll, $"{SearchBenchStore.FirstName(random.Next(1000))[0]}. {Swap(SearchBenchStore.Surname(random.Next(8000)))}")),
                ("person: nickname", () => (readAll, $"Steve {SearchBenchStore.Surname(random.Next(8000))}")),
                ("person: investigator's team only", () => (new CaseScope("bench", false, true, [teams[random.Next(teams.Count)]], true), Name())),
                ("phone, another format", () => (readAll, "+44 " + SearchBenchStore.PhoneOf(random.Next(1, total) * 3L)[1..])),
                ("address words", () => (readAll, $"{random.Next(1, 300)} Acorn Street")),
                ("case reference", () => (readAll, Reference())),
                ("narrative words", () => (readAll, "towpath syringe neighbour")),
            };
            using var scope = services.CreateScope();
            // Untimed, a few of each kind first: the first queries pay for JIT and EF's query compilation.
            foreach (var (_, make) in kinds)
                for (var i = 0; i < 3; i++)
                {
                    var (who, q) = make();
                    db.ChangeTracker.Clear();
                    await new SearchService(db).RunAsync(new SearchPlan(q), who, ct);
                }
            random = new Random(5); // the timed queries are the same whatever the warm-up drew
            foreach (var (name, make) in kinds)
            {
                var times = new List<double>();
                var hits = 0;
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                for (var i = 0; i < parse.GetValue(queries); i++)
                {
                    var (who, q) = make();
                    db.ChangeTracker.Clear();
                    var watch = Stopwatch.StartNew();
                    var results = await new SearchService(db).RunAsync(new SearchPlan(q), who, ct);
                    times.Add(watch.Elapsed.TotalMilliseconds);
                    hits += results.Total;
                }
                // The process's CPU time per query beside the wall times: on a shared machine the wall time is mostly
                // waiting for a core, the CPU time is what the query costs.
                var cpuPerQuery = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / times.Count;
                times.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-34} {BenchRun.P50P95P99(times)}  CPU {cpuPerQuery,6:F1} ms/query  ({hits / (double)times.Count:F1} hits per query)"));
            }
            return VigilCli.Ok;
        });
    }

    /// <summary>Up to 1,000 references of the store's searchable deaths, drawn by their source numbers.</summary>
    private static async Task<List<string>> ReferencesAsync(VigilDbContext db, int total, CancellationToken ct)
    {
        var draw = new Random(7);
        var refs = Enumerable.Range(0, Math.Min(1_000, total)).Select(_ => string.Create(CultureInfo.InvariantCulture, $"S{draw.Next(1, total + 1)}")).Distinct().ToArray();
        var found = await db.Cases.AsNoTracking().Where(c => c.Source == "bench-search" && EF.Parameter(refs).Contains(c.SourceRef)).Select(c => c.Reference).ToListAsync(ct);
        found.Sort(StringComparer.Ordinal); // the same draw in the same order on every run
        return found.Count > 0 ? found : ["BSR-2000-0000001"];
    }
}
