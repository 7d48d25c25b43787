using Vigil.Load;

namespace Vigil.Web.Tests.Features.Operations;

/// <summary>The load report's garbage figures are read from the runtime's Prometheus counters as a node prints them.</summary>
public sealed class NodeGcTests
{
    private static string Metrics(double allocated, int gen0, int gen1, int gen2, double pause, double? ticks = null) => $"""
        dotnet_gc_collections_total{"{"}otel_scope_name="System.Runtime",gc_heap_generation="gen2"{"}"} {gen2}
        dotnet_gc_collections_total{"{"}otel_scope_name="System.Runtime",gc_heap_generation="gen1"{"}"} {gen1}
        dotnet_gc_collections_total{"{"}otel_scope_name="System.Runtime",gc_heap_generation="gen0"{"}"} {gen0}
        dotnet_gc_heap_total_allocated_bytes_total{"{"}otel_scope_name="System.Runtime"{"}"} {allocated}
        dotnet_gc_last_collection_heap_size_bytes{"{"}otel_scope_name="System.Runtime",gc_heap_generation="gen0"{"}"} 26078080
        dotnet_gc_pause_time_seconds_total{"{"}otel_scope_name="System.Runtime"{"}"} {pause.ToString(System.Globalization.CultureInfo.InvariantCulture)}
        {(ticks is { } t ? $"vigil_gc_allocated_ticks_bytes_total{{otel_scope_name=\"Vigil\"}} {t}" : "")}
        """;

    [Fact]
    public void Parse_ReadsEachCounter_ByItsGeneration()
    {
        var r = NodeGc.Parse(Metrics(100830528, 8, 1, 2, 0.236789, ticks: 99614720));
        Assert.Equal(new NodeGc.Reading(100830528, 8, 1, 2, 0.236789, 99614720), r);
        Assert.Equal(0, NodeGc.Parse(Metrics(100830528, 8, 1, 2, 0.236789)).TickBytes);
    }

    [Fact]
    public void Report_DividesTheDifference_ByTheRequestsServed()
    {
        // Node a did not answer at the end: left out, and b keeps its number.
        var before = new Dictionary<string, NodeGc.Reading> { ["http://a"] = NodeGc.Parse(Metrics(0, 0, 0, 0, 0)), ["http://b"] = NodeGc.Parse(Metrics(1e9, 10, 2, 1, 1.0)) };
        var after = new Dictionary<string, NodeGc.Reading> { ["http://b"] = NodeGc.Parse(Metrics(3e9, 30, 4, 2, 1.5)) };
        var lines = NodeGc.Report(["http://a", "http://b"], before, after, requests: 2_000).Split('\n');
        // 2,000 MB, 20 gen0, 2 gen1, 1 gen2 and 500 ms of pause over 2,000 requests: per 1,000 requests, half of each.
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^node 2\s+n/a\s+1000\.0\s+10\.00\s+1\.00\s+0\.50\s+250\.0$", lines[1]);
    }

    /// <summary>ADR 3184: the bytes are the node's allocation ticks, the runtime's counter beside them. A node whose
    /// server GC dropped a heap between the readings showed a quarter of its twin's bytes by the runtime's counter.</summary>
    [Fact]
    public void Report_TakesTheBytes_FromTheAllocationTicks()
    {
        var before = new Dictionary<string, NodeGc.Reading> { ["http://a"] = NodeGc.Parse(Metrics(1e9, 10, 2, 1, 1.0, ticks: 1e9)) };
        var after = new Dictionary<string, NodeGc.Reading> { ["http://a"] = NodeGc.Parse(Metrics(1.5e9, 30, 4, 2, 1.5, ticks: 3e9)) };
        var lines = NodeGc.Report(["http://a"], before, after, requests: 2_000).Split('\n');
        Assert.Matches(@"^node 1\s+1000\.0\s+250\.0\s+10\.00\s+1\.00\s+0\.50\s+250\.0$", lines[1]);
    }
}
