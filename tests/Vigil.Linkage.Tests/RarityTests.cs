using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vigil.Linkage.Features;
using Vigil.Linkage.Model;
using Vigil.Linkage.Scoring;

namespace Vigil.Linkage.Tests;

/// <summary>The agreement rarity and the rarity route's place in the budget (ADR 1601).</summary>
public class RarityTests
{
    private static readonly (List<Records.DeathRecord> Deaths, Dictionary<string, string> Truth) Fixture = SyntheticDeaths.Generate(600, 6, 7);
    private static readonly LinkageModel Model = LinkageModel.Default();
    private static readonly (List<LinkageRecord> Records, FrequencyCounts Frequencies) Indexed = Replay.LinkageTraining.Extract(Fixture.Deaths);

    private static double RarityOf(int a, int b)
    {
        var (newer, earlier) = Indexed.Records[a].Days >= Indexed.Records[b].Days ? (Indexed.Records[a], Indexed.Records[b]) : (Indexed.Records[b], Indexed.Records[a]);
        return Rarity.Of(Model, newer, earlier, PairComparer.Compare(newer, earlier), Indexed.Frequencies, null);
    }

    [Property]
    public Property Rarity_IsNeverNegative_AndSymmetricInWhichDeathIsAsked() => Prop.ForAll(
        Gen.Two(Gen.Choose(0, Indexed.Records.Count - 1)).ToArbitrary(),
        p => RarityOf(p.Item1, p.Item2) >= 0 && Math.Abs(RarityOf(p.Item1, p.Item2) - RarityOf(p.Item2, p.Item1)) < 1e-9);

    [Fact]
    public void Series_AreRarerCoincidences_ThanRandomPairs()
    {
        var bySeries = Indexed.Records.Select((r, i) => (i, s: Fixture.Truth.GetValueOrDefault(r.Ref))).Where(x => x.s is not null)
            .GroupBy(x => x.s).Select(g => g.Select(x => x.i).ToList()).Where(g => g.Count >= 2).ToList();
        var series = bySeries.Select(g => RarityOf(g[0], g[1])).Average();
        var random = new Random(3);
        var background = Enumerable.Range(0, 500).Select(_ => RarityOf(random.Next(Indexed.Records.Count), random.Next(Indexed.Records.Count))).Average();
        Assert.True(series > background + 3, $"series {series:0.0} nats, random pairs {background:0.0}");
    }

    [Fact]
    public void Even_GivesTheRouteItsShare_AndKeepsTheTotalBudget()
    {
        var random = new Random(11);
        var pair = Enumerable.Range(0, 10_000).Select(_ => Math.Pow(random.NextDouble(), 8)).ToArray();
        var route = Enumerable.Range(0, 10_000).Select(_ => 20 * random.NextDouble()).ToArray();
        var even = RarityRoute.Even(pair, route, share: 0.3, budget: 1);
        var combined = pair.Zip(route, (p, z) => Math.Max(p, RarityRoute.Probability(z, even))).OrderDescending().ToArray();
        var threshold = combined[99];
        var byRoute = route.Count(z => RarityRoute.Probability(z, even) >= threshold);
        Assert.InRange(byRoute, 25, 35);
        Assert.Equal(100, combined.Count(p => p >= threshold));
    }

    [Fact]
    public void Even_WithNoShare_SwitchesTheRouteOff() =>
        Assert.Equal(0, RarityRoute.Probability(50, RarityRoute.Even([0.5], [50], share: 0, budget: 1)), 12);
}
