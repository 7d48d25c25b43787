using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace Vigil.Load;

/// <summary>Every request's latency and status, by route template. Designed refusals (409/412: someone else changed
/// it first) are counted apart from errors.</summary>
public sealed class LoadStats
{
    private readonly ConcurrentDictionary<string, RouteStats> routes = new(StringComparer.Ordinal);

    /// <summary>An answered request; an unexpected answer keeps the start of its body (the problem document) as a sample.</summary>
    public void Record(string route, HttpStatusCode status, double milliseconds, string? body = null) =>
        routes.GetOrAdd(route, _ => new RouteStats()).Add((int)status, milliseconds, body);

    /// <summary>A request that got no answer at all (connection refused, timeout).</summary>
    public void RecordFailure(string route, double milliseconds, string reason) =>
        routes.GetOrAdd(route, _ => new RouteStats()).Fail(milliseconds, reason);

    public IReadOnlyList<RouteSummary> Summaries() =>
        routes.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Value.Summarise(r.Key)).ToList();

    public long Errors => routes.Values.Sum(r => r.Summarise("").Errors);

    public string Table()
    {
        var lines = new List<string> { string.Create(CultureInfo.InvariantCulture, $"{"route",-44} {"requests",9} {"errors",7} {"409/412",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}") };
        foreach (var s in Summaries())
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{s.Route,-44} {s.Requests,9} {s.Errors,7} {s.Designed,8} {s.P50,8:F1} {s.P95,8:F1} {s.P99,8:F1} {s.Max,8:F1}"));
        foreach (var s in Summaries().Where(s => s.ErrorSamples.Count > 0))
            lines.Add($"  {s.Route}: {string.Join("; ", s.ErrorSamples)}");
        return string.Join('\n', lines);
    }

    private sealed class RouteStats
    {
        private readonly List<double> times = [];
        private readonly List<string> errorSamples = [];
        private long requests, errors, designed;

        public void Add(int status, double ms, string? body)
        {
            lock (times)
            {
                times.Add(ms);
                requests++;
                if (status is 409 or 412) designed++;
                else if (status >= 400) Error(string.IsNullOrEmpty(body) ? $"HTTP {status}" : $"HTTP {status} {body[..Math.Min(body.Length, 300)]}");
            }
        }

        public void Fail(double ms, string reason)
        {
            lock (times)
            {
                times.Add(ms);
                requests++;
                Error(reason);
            }
        }

        private void Error(string reason)
        {
            errors++;
            if (errorSamples.Count < 5 && !errorSamples.Contains(reason)) errorSamples.Add(reason);
        }

        public RouteSummary Summarise(string route)
        {
            lock (times)
            {
                var sorted = times.Order().ToList();
                return new RouteSummary(route, requests, errors, designed, P(sorted, 0.50), P(sorted, 0.95), P(sorted, 0.99), sorted.Count > 0 ? sorted[^1] : 0, [.. errorSamples]);
            }
        }

        private static double P(List<double> sorted, double q) =>
            sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}

public sealed record RouteSummary(string Route, long Requests, long Errors, long Designed, double P50, double P95, double P99, double Max, IReadOnlyList<string> ErrorSamples);
