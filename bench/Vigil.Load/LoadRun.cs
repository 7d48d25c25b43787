using System.Diagnostics;
using System.Globalization;

namespace Vigil.Load;

public sealed record LoadResult(LoadStats Stats, LoadVerification Verification, TimeSpan Elapsed, string LoadAverageBefore, string LoadAverageAfter, IReadOnlyList<string> NodeFailures, string Linkage, string Cpu, string Gc)
{
    public bool Passed => Stats.Errors == 0 && Verification.Lost.Count == 0 && Verification.AuditIntact;
}

/// <summary>Prepare the store, start the nodes (if asked), run the users for the duration, stop, check the writes.</summary>
public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(LoadOptions options, TextWriter log, CancellationToken ct)
    {
        var store = new LoadStore(options);
        var (world, users) = await store.PrepareAsync(ct);
        log.WriteLine($"prepared: {users.Count} users, {world.Cases.Count} cases in their team");
        var nodes = new List<NodeProcess>();
        try
        {
            nodes.AddRange(await Task.WhenAll(Enumerable.Range(0, options.StartNodes).Select(_ => NodeProcess.StartAsync(options.Database, options.AuditKeyFile, ct))));
            options.Urls.AddRange(nodes.Select(n => n.Url));
            if (options.Urls.Count == 0) throw new InvalidOperationException("no nodes: give --url or --nodes");
            log.WriteLine($"nodes: {string.Join(", ", options.Urls)}{(nodes.Count > 0 ? $" (pids {string.Join(", ", nodes.Select(n => n.Id))})" : "")}");
            var ledger = new WriteLedger();
            var signIns = new LoadStats();
            var officers = users.Select((u, i) => new VirtualUser(u, world, ledger, options, seed: i + 1)).ToList();
            using var disposeOfficers = new Disposables(officers);
            try
            {
                await Task.WhenAll(officers.Select(o => o.SignInAsync(signIns, ct)));
            }
            catch (InvalidOperationException)
            {
                log.WriteLine($"sign-in failed:\n{signIns.Table()}\nnodes logged:\n{string.Join('\n', nodes.SelectMany(n => n.Failures()))}");
                throw;
            }
            log.WriteLine($"signed in:\n{signIns.Table()}");
            if (options.Warmup > TimeSpan.Zero)
            {
                // Same steps, not counted: a node's first pages compile views and query plans (seconds of CPU each).
                using var warm = CancellationTokenSource.CreateLinkedTokenSource(ct);
                warm.CancelAfter(options.Warmup);
                var warmStats = new LoadStats();
                await Task.WhenAll(officers.Select(o => Task.Run(() => o.RunAsync(warmStats, warm.Token), CancellationToken.None)));
                log.WriteLine($"warmed up for {options.Warmup.TotalSeconds:F0} s ({warmStats.Summaries().Sum(s => s.Requests)} requests, not counted)");
            }
            // The wall clock too: a stall at second s of the report is found in the server's and PostgreSQL's logs by it.
            log.WriteLine($"measuring from {DateTime.UtcNow:HH:mm:ss} UTC");
            log.Flush();
            var stats = new LoadStats();
            var cpu = await ProcessCpu.ForAsync(options.Database, [.. nodes.Select((n, i) => ($"node {i + 1}", n.Id))], ct);
            var before = LoadAverage();
            var gcBefore = await NodeGc.ReadAsync(options.Urls, ct);
            cpu.Start();
            var clock = Stopwatch.StartNew();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            stop.CancelAfter(options.Duration);
            await Task.WhenAll(officers.Select(o => Task.Run(() => o.RunAsync(stats, stop.Token), CancellationToken.None)));
            var elapsed = clock.Elapsed;
            var after = LoadAverage();
            var served = stats.Summaries().Sum(s => s.Requests);
            var cpuReport = cpu.Report(served, elapsed);
            var gcReport = NodeGc.Report(options.Urls, gcBefore, await NodeGc.ReadAsync(options.Urls, ct), served);
            var linkage = await NodeMetrics.LinkageAsync(options.Urls, ct);
            log.WriteLine($"ran {elapsed.TotalSeconds:F0} s; checking {ledger.Count:N0} acknowledged writes");
            var verification = await store.VerifyAsync(ledger, ct);
            return new LoadResult(stats, verification, elapsed, before, after, [.. nodes.SelectMany(n => n.Failures())], linkage, cpuReport, gcReport);
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    public static string Report(LoadResult r, LoadOptions options) => string.Join('\n',
        string.Create(CultureInfo.InvariantCulture, $"{options.Users} users (pausing {options.ThinkMinMs}–{options.ThinkMaxMs} ms between steps), {options.Urls.Count} node(s), {r.Elapsed.TotalSeconds:F0} s; load average {r.LoadAverageBefore} before, {r.LoadAverageAfter} after"),
        r.Stats.Table(),
        r.Linkage,
        r.Cpu,
        r.Gc,
        $"unexpected errors: {r.Stats.Errors}",
        r.NodeFailures.Count == 0 ? "nodes logged no failure" : "nodes logged:\n" + string.Join('\n', r.NodeFailures),
        $"acknowledged writes: {r.Verification.Acknowledged:N0}; lost: {r.Verification.Lost.Count}{(r.Verification.Lost.Count > 0 ? " — " + string.Join("; ", r.Verification.Lost.Take(10)) : "")}",
        $"audit chain: {(r.Verification.AuditIntact ? "intact" : "BROKEN: " + r.Verification.AuditProblem)} ({r.Verification.AuditChecked:N0} entries)",
        r.Passed ? "PASS" : "FAIL");

    private sealed class Disposables(IEnumerable<IDisposable> items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items) item.Dispose();
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
