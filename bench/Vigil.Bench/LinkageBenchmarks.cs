using BenchmarkDotNet.Attributes;
using Vigil.Linkage;
using Vigil.Linkage.Features;
using Vigil.Linkage.Index;
using Vigil.Linkage.Model;
using Vigil.Linkage.Scoring;

namespace Vigil.Bench;

/// <summary>Pair scoring and candidate generation against an index of 100,000 generated deaths.</summary>
[MemoryDiagnoser]
public class LinkageBenchmarks
{
    private LinkageIndex _index = null!;
    private LinkageRecord[] _probes = null!;
    private readonly List<int> _ids = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _index = new LinkageIndex(LinkageModel.Default());
        var deaths = Generator.Deaths(100_100, 1).ToList();
        foreach (var d in deaths.Take(100_000)) _index.Add(d);
        _probes = [.. deaths.Skip(100_000).Select(_index.Extractor.Extract)];
    }

    [Benchmark]
    public double ScorePair()
    {
        var a = _probes[_next++ % _probes.Length];
        var b = _index.Records[(_next * 7919) % _index.Count];
        var c = PairComparer.Compare(a, b);
        return PairScorer.Score(_index.Model, a, b, c, _index.Frequencies).Probability;
    }

    [Benchmark]
    public int GenerateCandidates()
    {
        _ids.Clear();
        _index.CollectCandidates(_probes[_next++ % _probes.Length], _ids);
        return _ids.Count;
    }

    [Benchmark]
    public int QueryNewCase() => _index.Query(_probes[_next++ % _probes.Length]).Count;
}
