using Vigil.Load;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Operations;

/// <summary>The load generator's CI mode: four officers, each taking every kind of step twice, against two `vigil serve` nodes on one PostgreSQL
/// database, every request round-robin between them. No unexpected error (409/412 are designed answers), no
/// acknowledged write missing from the store or its audit trail, the chain intact, no error in either node's log. Times are reported, not asserted
/// (ADR 0007); the 50-user, 10-minute run is `vigil-load --nodes 2 --users 50 --minutes 10`.</summary>
public sealed class LoadShortTests
{
    [Fact]
    public async Task ShortLoad_OnTwoNodes_HasNoErrors_AndLosesNothing()
    {
        await using var store = await SharedStore.CreateAsync("postgres");
        var options = LoadOptions.Short(store.Database, store.AuditKeyFile, nodes: 2);
        var log = new StringWriter();
        var result = await LoadRun.RunAsync(options, log, default);
        var report = LoadRun.Report(result, options);
        Console.WriteLine(report);
        Assert.True(result.Verification.Acknowledged > 0, "no write was acknowledged:\n" + report);
        foreach (var route in new[] { "GET /cases", "GET /cases?q=", "GET /cases/{id}", "PUT /api/v1/cases/{id}", "POST /api/v1/cases/{id}/actions/{n}/transitions", "POST /api/v1/imports" })
            Assert.True(result.Stats.Summaries().Any(s => s.Route == route && s.Requests > 0), $"no {route} was made:\n{report}");
        Assert.True(result.Stats.Errors == 0, $"{result.Stats.Errors} unexpected error(s):\n{report}");
        Assert.True(result.Verification.Lost.Count == 0, report);
        Assert.True(result.Verification.AuditIntact, result.Verification.AuditProblem);
        Assert.True(result.NodeFailures.Count == 0, "a node logged an error or a crash:\n" + report);
        // Both nodes' collectors were read before and after: requests allocate, so each node's MB column is above zero.
        var allocated = result.Gc.Split('\n').Where(l => l.StartsWith("node ", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(allocated.Count == 2 && allocated.All(mb => mb > 0), result.Gc);
    }
}
