using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.Load;

/// <summary>Linkage's own histograms (vigil_linkage_*, Prometheus text from each node's /metrics) summed over the
/// nodes at the end of a run: where a save or an import waited for linkage, not only that it did.</summary>
public static partial class NodeMetrics
{
    public static async Task<string> LinkageAsync(IEnumerable<string> urls, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var buckets = new Dictionary<(string Metric, string Path), SortedDictionary<double, double>>();
        var sums = new Dictionary<(string, string), double>();
        foreach (var url in urls)
        {
            string text;
            try { text = await http.GetStringAsync($"{url}/metrics", ct); }
            catch (HttpRequestException ex) { return $"linkage metrics: {url}/metrics unreadable ({ex.Message})"; }
            foreach (Match m in Sample().Matches(text))
            {
                var key = (m.Groups["metric"].Value, m.Groups["path"].Value);
                var value = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
                if (m.Groups["part"].Value == "_sum") sums[key] = sums.GetValueOrDefault(key) + value;
                else if (m.Groups["le"].Success)
                {
                    var le = m.Groups["le"].Value == "+Inf" ? double.PositiveInfinity : double.Parse(m.Groups["le"].Value, CultureInfo.InvariantCulture);
                    if (!buckets.TryGetValue(key, out var b)) buckets[key] = b = [];
                    b[le] = b.GetValueOrDefault(le) + value;
                }
            }
        }
        if (buckets.Count == 0) return "linkage metrics: none recorded";
        var lines = new List<string> { $"{"linkage (all nodes)",-44} {"count",8} {"mean",9} {"p95 ≤",9}" };
        foreach (var ((metric, path), b) in buckets.OrderBy(k => k.Key.Metric).ThenBy(k => k.Key.Path))
        {
            var count = b.Count == 0 ? 0 : b.Values.Max(); // cumulative buckets: +Inf holds the count
            var mean = count == 0 ? 0 : sums.GetValueOrDefault((metric, path)) / count;
            var p95 = b.FirstOrDefault(x => x.Value >= 0.95 * count).Key;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{metric + " " + path,-44} {count,8:F0} {mean * 1000,7:F0}ms {(double.IsInfinity(p95) ? "∞" : (p95 * 1000).ToString("F0", CultureInfo.InvariantCulture) + "ms"),9}"));
        }
        return string.Join('\n', lines);
    }

    [GeneratedRegex("""^(?<metric>vigil_linkage_[a-z_]+?)_seconds(?<part>_bucket|_sum)\{[^}]*?path="(?<path>[a-z]+)"(?:[^}]*?le="(?<le>[^"]+)")?[^}]*\} (?<value>[0-9.eE+-]+)""", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
