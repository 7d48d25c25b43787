using Vigil.Linkage.Clusters;
using Vigil.Linkage.Features;
using Vigil.Linkage.Index;
using Vigil.Linkage.Model;
using Vigil.Linkage.Replay;
using Vigil.Linkage.Scoring;

namespace Vigil.Linkage.Tests;

public class EngineTests
{
    [Fact]
    public void Blocking_KeepsAtLeast98PercentOfTrueEarlierPairs()
    {
        var (deaths, truth) = SyntheticDeaths.Generate(3000, 12, 11);
        var index = new LinkageIndex(LinkageModel.Default());
        var seen = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        int pairs = 0, kept = 0;
        var ids = new List<int>();
        foreach (var d in deaths)
        {
            var r = index.Extractor.Extract(d);
            ids.Clear();
            index.CollectCandidates(r, ids);
            if (truth.TryGetValue(r.Ref, out var s))
            {
                if (!seen.TryGetValue(s, out var members)) seen[s] = members = [];
                pairs += members.Count;
                kept += members.Count(ids.Contains);
                members.Add(index.Count);
            }
            index.Add(r);
            Assert.True(ids.Count < index.Count || index.Count < 50, "blocking should not return every earlier death");
        }
        Assert.True(pairs > 20);
        Assert.True(kept >= 0.98 * pairs, $"kept {kept} of {pairs}");
    }

    [Fact]
    public void Em_SeparatesPlantedMatchesFromNonMatches()
    {
        var random = new Random(3);
        var u = Enumerable.Range(0, Comparisons.Count).Select(k => Enumerable.Repeat(1.0 / Comparisons.Levels[k], Comparisons.Levels[k]).ToArray()).ToArray();
        var pairs = new List<byte[]>();
        for (var i = 0; i < 4000; i++)
        {
            var match = i % 10 == 0;
            pairs.Add([.. Enumerable.Range(0, Comparisons.Count).Select(k =>
                (byte)(match ? (random.NextDouble() < 0.85 ? 0 : 1) : random.Next(Comparisons.Levels[k])))]);
        }
        var (m, lambda) = EmTrainer.Fit(pairs, u, 40);
        Assert.InRange(lambda, 0.06, 0.16);
        Assert.True(m[(int)Comparison.Distance][0] > 0.6, $"m0 {m[(int)Comparison.Distance][0]}");
    }

    [Fact]
    public void Scan_FindsPlantedClusterAndNotNoise()
    {
        var random = new Random(5);
        var cases = Enumerable.Range(0, 150).Select(i => new ScanCase($"N{i}", random.NextDouble() * 40, random.NextDouble() * 40, random.NextDouble() * 1000)).ToList();
        var noise = SpaceTimeScan.Run(cases, new ScanOptions { Replicates = 49 });
        cases.AddRange(Enumerable.Range(0, 8).Select(i => new ScanCase($"C{i}", 20 + random.NextDouble(), 20 + random.NextDouble(), 500 + random.NextDouble() * 40)));
        var planted = SpaceTimeScan.Run(cases, new ScanOptions { Replicates = 49 });
        Assert.NotNull(planted);
        Assert.True(planted.PValue <= 0.05, $"p {planted.PValue}");
        Assert.True(planted.Members.Count(m => m.StartsWith('C')) >= 6);
        Assert.True(noise is null || noise.PValue > planted.PValue);
    }

    [Fact]
    public void ReplayThenEvaluate_FindsPlantedSeriesAtALowAlertRate()
    {
        var (train, trainTruth) = SyntheticDeaths.Generate(2000, 15, 21);
        var (test, testTruth) = SyntheticDeaths.Generate(2000, 10, 22);
        var model = LinkageTraining.Train(train, trainTruth);
        using var input = new MemoryStream();
        var json = new System.Text.Json.JsonSerializerOptions { Converters = { new Vigil.Records.UtcTimestampConverter() } };
        foreach (var d in test)
        {
            System.Text.Json.JsonSerializer.Serialize(input, d, json);
            input.WriteByte((byte)'\n');
        }
        input.Position = 0;
        using var output = new MemoryStream();
        var summary = LinkageReplay.Replay(input, output, model, new LinkageOptions());
        Assert.Equal(test.Count, summary.Records);
        output.Position = 0;
        var lines = ReplayFiles.ReadReplay(output);
        Assert.Equal(test.Count, lines.Count);
        Assert.All(lines.Skip(20), l => Assert.True(l.Candidates.Count > 0));
        var result = LinkageEvaluation.Evaluate(lines, testTruth);
        // The default budget is one alert per 100 deaths, its threshold learnt on the training force: the replay keeps
        // near it, and at two per 100 most planted victims are found.
        Assert.True(result.AlertRate <= 2, result.ToJson());
        Assert.True(result.Curve.Single(c => c.AlertRate is > 1.5 and < 2.5).VictimRecall >= 0.7, result.ToJson());
        Assert.True(result.RecallAt5 >= result.VictimRecall - 0.2);
    }

    [Fact]
    public void Explanation_NamesTheSharedPersonAndSumsToTheScore()
    {
        var (deaths, truth) = SyntheticDeaths.Generate(200, 4, 4);
        var withPeople = deaths.Where(d => truth.ContainsKey(d.Ref) && d.People is { Count: > 0 }).ToList();
        var pair = withPeople.SelectMany(a => withPeople.Where(b => b.FoundAt > a.FoundAt && truth[b.Ref] == truth[a.Ref]).Select(b => (a, b))).First();
        var index = new LinkageIndex(LinkageModel.Default());
        foreach (var d in deaths.Where(d => d.Ref != pair.b.Ref)) index.Add(d);
        var newer = index.Extractor.Extract(pair.b);
        var earlier = index.Records.Single(r => r.Ref == pair.a.Ref);
        var explanation = index.Explain(newer, earlier);
        Assert.Equal(explanation.Score.Weight, explanation.Items.Sum(i => i.Weight), 6);
        Assert.Contains(explanation.Items, i => i.Comparison == Comparison.Person && i.Finding.StartsWith("same", StringComparison.Ordinal));
        Assert.Contains("Probability of a shared offender", explanation.Summary, StringComparison.Ordinal);
    }
}
