using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.Load;

/// <summary>Each node's garbage collector over the measured part, from the runtime's own counters on /metrics
/// (allocated bytes, collections by generation, pause time): what a request costs in garbage is steadier than its CPU
/// on a shared machine, and says whether a change cut the collections the node's threads wait at. Bytes are the node's
/// allocation ticks summed (<c>vigil_gc_allocated_ticks_bytes_total</c>, ADR 3184): the runtime's allocated-bytes
/// counter, printed beside them, counts only the server GC's heaps active when it is read, and gained or lost a heap's
/// whole count between two readings (54 and 211 MB a 1,000 requests on two identical nodes of one run).</summary>
public static partial class NodeGc
{
    /// <param name="AllocatedBytes">The runtime's counter (<c>GC.GetTotalAllocatedBytes</c>).</param>
    /// <param name="TickBytes">The node's allocation ticks summed; 0 when the node does not count them.</param>
    public sealed record Reading(double AllocatedBytes, double Gen0, double Gen1, double Gen2, double PauseSeconds, double TickBytes = 0);

    /// <summary>The counters of each node now; a node whose /metrics cannot be read is left out.</summary>
    public static async Task<Dictionary<string, Reading>> ReadAsync(IEnumerable<string> urls, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var readings = new Dictionary<string, Reading>(StringComparer.Ordinal);
        foreach (var url in urls)
        {
            try { readings[url] = Parse(await http.GetStringAsync($"{url}/metrics", ct)); }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
            {
                // a node that does not answer in time is left out of the table, not the run
            }
        }
        return readings;
    }

    public static Reading Parse(string metrics)
    {
        double Value(Regex pattern) => pattern.Match(metrics) is { Success: true } m ? double.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture) : 0;
        return new Reading(Value(Allocated()), Value(Collections("gen0")), Value(Collections("gen1")), Value(Collections("gen2")), Value(Pause()),
            Value(AllocatedTicks()));
    }

    /// <summary>One line per node: MB allocated, collections by generation and pause, each per 1,000 requests served
    /// by all nodes (as the CPU table divides by all requests). "MB alloc" is from the ticks ("n/a" for a node without
    /// them), "MB runtime" from the runtime's counter, which DATAS's heap count changes skew.</summary>
    public static string Report(IReadOnlyList<string> urls, IReadOnlyDictionary<string, Reading> before, IReadOnlyDictionary<string, Reading> after, long requests)
    {
        var lines = new List<string> { $"{"GC by node (measured part), per 1,000 requests",-44} {"MB alloc",9} {"MB runtime",11} {"gen0",6} {"gen1",6} {"gen2",6} {"pause ms",9}" };
        var perThousand = requests == 0 ? 0 : 1000.0 / requests;
        for (var i = 1; i <= urls.Count; i++)
        {
            // Numbered as the nodes were given, as the CPU table numbers them, so a node left out shifts no other.
            if (!before.TryGetValue(urls[i - 1], out var start) || !after.TryGetValue(urls[i - 1], out var end)) continue;
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{"node " + i,-44} {Ticks(start, end, perThousand),9} {(end.AllocatedBytes - start.AllocatedBytes) / 1e6 * perThousand,11:F1} {(end.Gen0 - start.Gen0) * perThousand,6:F2} {(end.Gen1 - start.Gen1) * perThousand,6:F2} {(end.Gen2 - start.Gen2) * perThousand,6:F2} {(end.PauseSeconds - start.PauseSeconds) * 1000 * perThousand,9:F1}"));
        }
        return lines.Count == 1 ? "GC by node: /metrics not readable" : string.Join('\n', lines);
    }

    private static string Ticks(Reading start, Reading end, double perThousand) => end.TickBytes > 0
        ? ((end.TickBytes - start.TickBytes) / 1e6 * perThousand).ToString("F1", CultureInfo.InvariantCulture)
        : "n/a";

    [GeneratedRegex("""^vigil_gc_allocated_ticks_bytes_total\{[^}]*\} (?<v>[0-9.eE+-]+)""", RegexOptions.Multiline)]
    private static partial Regex AllocatedTicks();

    [GeneratedRegex("""^dotnet_gc_heap_total_allocated_bytes_total\{[^}]*\} (?<v>[0-9.eE+-]+)""", RegexOptions.Multiline)]
    private static partial Regex Allocated();

    [GeneratedRegex("""^dotnet_gc_pause_time_seconds_total\{[^}]*\} (?<v>[0-9.eE+-]+)""", RegexOptions.Multiline)]
    private static partial Regex Pause();

    private static Regex Collections(string generation) => generation switch
    {
        "gen0" => Gen0(),
        "gen1" => Gen1(),
        _ => Gen2(),
    };

    [GeneratedRegex("""^dotnet_gc_collections_total\{[^}]*gc_heap_generation="gen0"[^}]*\} (?<v>[0-9.eE+-]+)""", RegexOptions.Multiline)]
    private static partial Regex Gen0();

    [GeneratedRegex("""^dotnet_gc_collections_total\{[^}]*gc_heap_generation="gen1"[^}]*\} (?<v>[0-9.eE+-]+)""", RegexOptions.Multiline)]
    private static partial Regex Gen1();

    [GeneratedRegex("""^dotnet_gc_collections_total\{[^}]*gc_heap_generation="gen2"[^}]*\} (?<v>[0-9.eE+-]+)""", RegexOptions.Multiline)]
    private static partial Regex Gen2();
}
