using System.Diagnostics;
using BenchmarkDotNet.Running;
using Vigil.Bench;
using Vigil.Linkage.Index;
using Vigil.Linkage.Model;

// `scale [N]`: p50/p99 per new case and memory against N (default 1,000,000) generated deaths.
// `generate N FILE`: N of those deaths as a death-record v1 file, for `vigil import` at force size.
// Anything else runs the BenchmarkDotNet suite.
if (args is ["generate", var count, var path])
{
    GeneratedFile.Write(path, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), 42);
    return;
}
if (args.FirstOrDefault() == "scale")
{
    var n = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
    var before = GC.GetTotalMemory(true);
    var index = new LinkageIndex(LinkageModel.Default());
    var build = Stopwatch.StartNew();
    var deaths = Generator.Deaths(n + 2000, 42);
    var probes = new List<Vigil.Records.DeathRecord>();
    foreach (var d in deaths)
    {
        if (index.Count < n) index.Add(d);
        else probes.Add(d);
    }
    build.Stop();
    var memory = GC.GetTotalMemory(true) - before;
    var times = new List<double>();
    var candidates = 0L;
    var ids = new List<int>();
    foreach (var d in probes)
    {
        var clock = Stopwatch.StartNew();
        var r = index.Extractor.Extract(d);
        index.Query(r);
        times.Add(clock.Elapsed.TotalMilliseconds);
        ids.Clear();
        index.CollectCandidates(r, ids);
        candidates += ids.Count;
    }
    times.Sort();
    Console.WriteLine(FormattableString.Invariant(
        $"deaths {n:N0}; build {build.Elapsed.TotalSeconds:0.0} s; managed memory {memory / 1048576.0:0} MB; per new case p50 {times[times.Count / 2]:0.00} ms, p99 {times[(int)(times.Count * 0.99)]:0.00} ms, max {times[^1]:0.00} ms; mean candidates {(double)candidates / probes.Count:0}"));
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(LinkageBenchmarks).Assembly).Run(args);
