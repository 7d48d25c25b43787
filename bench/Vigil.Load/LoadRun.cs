using System.Diagnostics;
using System.Globalization;

namespace Vigil.Load;

public sealed record LoadResult(LoadStats Stats, LoadVerification Verification, TimeSpan Elapsed, string LoadAverageBefore, string LoadAverageAfter, IReadOnlyList<string> NodeFailures, string Linkage)
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
            log.WriteLine($"nodes: {string.Join(", ", options.Urls)}");
            var ledger = new WriteLedger();
            var signIns = new LoadStats();
            var officers = users.Select((u, i) => new VirtualUser(u, world, ledger, options, seed: i + 1)).ToList();
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
            var stats = new LoadStats();
            var before = LoadAverage();
            var clock = Stopwatch.StartNew();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            stop.CancelAfter(options.Duration);
            await Task.WhenAll(officers.Select(o => Task.Run(() => o.RunAsync(stats, stop.Token), CancellationToken.None)));
            var elapsed = clock.Elapsed;
            var after = LoadAverage();
            var linkage = await NodeMetrics.LinkageAsync(options.Urls, ct);
            log.WriteLine($"ran {elapsed.TotalSeconds:F0} s; checking {ledger.Count:N0} acknowledged writes");
            var verification = await store.VerifyAsync(ledger, ct);
            return new LoadResult(stats, verification, elapsed, before, after, [.. nodes.SelectMany(n => n.Failures())], linkage);
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    public static string Report(LoadResult r, LoadOptions options) => string.Join('\n',
        string.Create(CultureInfo.InvariantCulture, $"{options.Users} users, {options.Urls.Count} node(s), {r.Elapsed.TotalSeconds:F0} s; load average {r.LoadAverageBefore} before, {r.LoadAverageAfter} after"),
        r.Stats.Table(),
        r.Linkage,
        $"unexpected errors: {r.Stats.Errors}",
        r.NodeFailures.Count == 0 ? "nodes logged no failure" : "nodes logged:\n" + string.Join('\n', r.NodeFailures),
        $"acknowledged writes: {r.Verification.Acknowledged:N0}; lost: {r.Verification.Lost.Count}{(r.Verification.Lost.Count > 0 ? " — " + string.Join("; ", r.Verification.Lost.Take(10)) : "")}",
        $"audit chain: {(r.Verification.AuditIntact ? "intact" : "BROKEN: " + r.Verification.AuditProblem)} ({r.Verification.AuditChecked:N0} entries)",
        r.Passed ? "PASS" : "FAIL");

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
