using System.Diagnostics.Metrics;

namespace Vigil.Web.Features.Linkage.Outbox;

/// <summary>Where linkage spends the time an officer or an import waits for it (scraped from /metrics): how long a
/// drain waited for this node's one-batch-at-a-time gate, how long it held it, and how long a saved death waited in
/// the queue before its comparison was stored. Tagged by who drained: a form or API save, the background worker, or
/// an import catching up.</summary>
public static class LinkageMetrics
{
    public const string Save = "save";
    public const string Worker = "worker";
    public const string Import = "import";

    // Seconds from a millisecond to a minute: the default buckets (0 to 10,000) are for milliseconds.
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    };

    private static readonly Histogram<double> GateWait = Operations.Telemetry.Meter.CreateHistogram<double>(
        "vigil.linkage.gate.wait", "s", "Time a linkage drain waited for this node's batch gate.", advice: Seconds);

    private static readonly Histogram<double> Batch = Operations.Telemetry.Meter.CreateHistogram<double>(
        "vigil.linkage.batch.duration", "s", "Time one linkage batch held the gate and the lease (load, compare, write).", advice: Seconds);

    private static readonly Histogram<double> QueueDelay = Operations.Telemetry.Meter.CreateHistogram<double>(
        "vigil.linkage.queue.delay", "s", "Time from a case's save to the commit of its comparison.", advice: Seconds);

    public static void GateWaited(string path, TimeSpan waited) => GateWait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("path", path));

    public static void BatchDone(string path, TimeSpan took) => Batch.Record(took.TotalSeconds, new KeyValuePair<string, object?>("path", path));

    public static void Linked(string path, IEnumerable<DateTime> enqueuedAt, DateTime doneAt)
    {
        var tag = new KeyValuePair<string, object?>("path", path);
        foreach (var at in enqueuedAt) QueueDelay.Record(Math.Max(0, (doneAt - at).TotalSeconds), tag);
    }
}
