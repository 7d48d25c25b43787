using System.Diagnostics.Metrics;
using System.Diagnostics.Tracing;

namespace Vigil.Web.Features.Operations;

/// <summary>Bytes this process has allocated, summed from the runtime's allocation-tick events (ADR 3184), on /metrics as
/// <c>vigil_gc_allocated_ticks_bytes_total</c> when <c>Vigil:AllocationTicks</c> is true (vigil-load turns it on).
/// The runtime's own <c>dotnet_gc_heap_total_allocated_bytes_total</c> (<see cref="GC.GetTotalAllocatedBytes"/>) sums
/// only the heaps active at the moment it is read; the server GC's dynamic adaptation (DATAS, on by default since .NET 9)
/// takes heaps out and brings them back, so a difference of two readings gained or lost a whole heap's count
/// (dotnet/runtime#131069): one run read 54 and 211 MB a 1,000 requests on two identical nodes. Each tick reports the
/// bytes allocated on its heap since that heap's last tick (about 100 KB), so their sum misses at most one tick per heap
/// whatever the heap count does. About 75 ticks a second on a node under the 15-user load, each under 1 KB of event
/// arguments: about 1 % of what it counts.</summary>
public sealed class AllocationTicks : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int AllocationTickEventId = 10;

    private readonly Meter meter = new(Telemetry.Name);
    private long bytes;

    public AllocationTicks() =>
        meter.CreateObservableCounter("vigil.gc.allocated_ticks", () => Bytes, "By",
            "Bytes allocated, summed from the runtime's allocation ticks (steady whatever the server GC's heap count does)");

    /// <summary>Bytes allocated since the listener started, as far as the ticks have reported them.</summary>
    public long Bytes => Interlocked.Read(ref bytes);

    public override void Dispose()
    {
        meter.Dispose();
        base.Dispose();
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        // The tick is a verbose event of the GC keyword; nothing else of the runtime's is asked for.
        if (source.Name == RuntimeSource) EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventId != AllocationTickEventId || e.Payload is not { } payload || e.PayloadNames is not { } names) return;
        var at = names.IndexOf("AllocationAmount64");
        if (at >= 0 && payload[at] is ulong amount) Interlocked.Add(ref bytes, (long)amount);
    }
}
