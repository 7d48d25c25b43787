using System.Collections.Concurrent;
using System.Diagnostics;

namespace Vigil.Data.Diagnostics;

/// <summary>Wall time spent in each stage of saving (staging, hooks, audit, writing), summed over this process: what
/// `vigil bench import` prints so that the next slow stage is found by measurement, not guessed. Costs two
/// timestamps and a dictionary update per stage of a save.</summary>
public static class StageClock
{
    private static readonly ConcurrentDictionary<string, long> Ticks = new(StringComparer.Ordinal);

    public static Measurement Measure(string stage) => new(stage, Stopwatch.GetTimestamp());

    public static void Reset() => Ticks.Clear();

    public static string Report() => string.Join('\n', Ticks.OrderByDescending(t => t.Value)
        .Select(t => string.Create(CultureInfo.InvariantCulture, $"  {t.Key,-36} {t.Value / (double)Stopwatch.Frequency,8:F2} s")));

    public readonly struct Measurement(string stage, long started) : IDisposable
    {
        public void Dispose()
        {
            var elapsed = Stopwatch.GetTimestamp() - started;
            Ticks.AddOrUpdate(stage, elapsed, (_, t) => t + elapsed);
        }
    }
}
