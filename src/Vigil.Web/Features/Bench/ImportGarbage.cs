namespace Vigil.Web.Features.Bench;

/// <summary>What an import allocated and collected, for `vigil bench import` (ADR 2401): bytes allocated are
/// deterministic for a given file and build, unlike time or CPU on a shared machine, so a cut in garbage is shown by
/// them first. Process CPU is printed beside it (user + system since the process started).</summary>
internal sealed class ImportGarbage
{
    private readonly long allocated = GC.GetTotalAllocatedBytes(precise: true);
    private readonly int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    private readonly TimeSpan pause = GC.GetTotalPauseDuration();

    public static ImportGarbage Start() => new();

    public string Report()
    {
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var cpu = Environment.CpuUsage.TotalTime;
        return string.Create(CultureInfo.InvariantCulture,
            $"allocated: {bytes / 1048576.0:N1} MB; collections gen0 {GC.CollectionCount(0) - collections[0]}, gen1 {GC.CollectionCount(1) - collections[1]}, gen2 {GC.CollectionCount(2) - collections[2]}; GC pauses {(GC.GetTotalPauseDuration() - pause).TotalSeconds:F2} s; process CPU so far {cpu.TotalSeconds:F1} s");
    }
}
