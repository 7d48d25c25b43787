using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Vigil.Load;

/// <summary>Every request's latency and status, by route template. Designed refusals (409/412: someone else changed
/// it first) are counted apart from errors. When each slow request started is kept too: a maximum of seconds on every
/// route at once is a stall of the machine or a node, and the second it began says which (start-up, a timer, a GC).</summary>
public sealed class LoadStats
{
    /// <summary>A request slower than this is counted by the second it started in.</summary>
    private const double SlowMilliseconds = 1000;

    private readonly ConcurrentDictionary<string, RouteStats> routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, int> slowBySecond = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();

    /// <summary>An answered request; an unexpected answer keeps the start of its body (the problem document) as a sample.</summary>
    public void Record(string route, HttpStatusCode status, double milliseconds, string? body = null) =>
        routes.GetOrAdd(route, _ => new RouteStats()).Add((int)status, milliseconds, Started(milliseconds), body);

    /// <summary>A request that got no answer at all (connection refused, timeout).</summary>
    public void RecordFailure(string route, double milliseconds, string reason) =>
        routes.GetOrAdd(route, _ => new RouteStats()).Fail(milliseconds, Started(milliseconds), reason);

    /// <summary>Seconds from the start of these statistics to the start of a request just answered.</summary>
    private double Started(double milliseconds)
    {
        var started = clock.Elapsed.TotalSeconds - milliseconds / 1000;
        if (milliseconds > SlowMilliseconds) slowBySecond.AddOrUpdate((int)Math.Floor(started), 1, (_, n) => n + 1);
        return started;
    }

    /// <summary>The seconds in which most requests over a second started, most first, with their count.</summary>
    public IReadOnlyList<(int Second, int Slow)> SlowestSeconds(int top) =>
        [.. slowBySecond.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(top).Select(kv => (kv.Key, kv.Value))];

    public IReadOnlyList<RouteSummary> Summaries() =>
        routes.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Value.Summarise(r.Key)).ToList();

    public long Errors => routes.Values.Sum(r => r.Summarise("").Errors);

    public string Table()
    {
        var lines = new List<string> { string.Create(CultureInfo.InvariantCulture, $"{"route",-44} {"requests",9} {"errors",7} {"409/412",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8} {"max at s",8}") };
        foreach (var s in Summaries())
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{s.Route,-44} {s.Requests,9} {s.Errors,7} {s.Designed,8} {s.P50,8:F1} {s.P95,8:F1} {s.P99,8:F1} {s.Max,8:F1} {s.MaxStartedAt,8:F1}"));
        if (SlowestSeconds(8) is { Count: > 0 } slow)
            lines.Add("requests over 1 s by the second they started (s: count): " +
                string.Join(", ", slow.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Second}: {x.Slow}"))));
        foreach (var s in Summaries().Where(s => s.ErrorSamples.Count > 0))
            lines.Add($"  {s.Route}: {string.Join("; ", s.ErrorSamples)}");
        return string.Join('\n', lines);
    }

    private sealed class RouteStats
    {
        private readonly List<double> times = [];
        private readonly List<string> errorSamples = [];
        private long requests, errors, designed;
        private double max = double.NegativeInfinity, maxStartedAt;

        public void Add(int status, double ms, double startedAt, string? body)
        {
            lock (times)
            {
                Time(ms, startedAt);
                if (status is 409 or 412) designed++;
                else if (status >= 400) Error(string.IsNullOrEmpty(body) ? $"HTTP {status}" : $"HTTP {status} {body[..Math.Min(body.Length, 300)]}");
            }
        }

        public void Fail(double ms, double startedAt, string reason)
        {
            lock (times)
            {
                Time(ms, startedAt);
                Error(reason);
            }
        }

        private void Time(double ms, double startedAt)
        {
            times.Add(ms);
            requests++;
            if (ms > max) (max, maxStartedAt) = (ms, startedAt);
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
                return new RouteSummary(route, requests, errors, designed, P(sorted, 0.50), P(sorted, 0.95), P(sorted, 0.99), sorted.Count > 0 ? sorted[^1] : 0, maxStartedAt, [.. errorSamples]);
            }
        }

        private static double P(List<double> sorted, double q) =>
            sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}

public sealed record RouteSummary(string Route, long Requests, long Errors, long Designed, double P50, double P95, double P99, double Max, double MaxStartedAt, IReadOnlyList<string> ErrorSamples);
