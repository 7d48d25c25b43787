using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vigil.Linkage.Features;
using Vigil.Linkage.Model;
using Vigil.Linkage.Scoring;

namespace Vigil.Linkage.Tests;

public class ComparisonTests
{
    private static readonly (List<Records.DeathRecord> Deaths, Dictionary<string, string> Truth) Fixture = SyntheticDeaths.Generate(600, 6, 7);
    private static readonly List<LinkageRecord> Records = Extract();

    private static List<LinkageRecord> Extract()
    {
        var x = new FeatureExtractor();
        return [.. Fixture.Deaths.Select(x.Extract)];
    }

    private static Arbitrary<(int, int)> Pairs() =>
        Gen.Two(Gen.Choose(0, Records.Count - 1)).ToArbitrary();

    [Property]
    public Property Compare_IsSymmetric() => Prop.ForAll(Pairs(), p =>
    {
        var ab = PairComparer.Compare(Records[p.Item1], Records[p.Item2]);
        var ba = PairComparer.Compare(Records[p.Item2], Records[p.Item1]);
        for (var k = 0; k < Comparisons.Count; k++)
            if (ab.Levels[k] != ba.Levels[k]) return false;
        return ab.PersonKey == ba.PersonKey && ab.SharedSubstances == ba.SharedSubstances && Math.Abs(ab.DistanceKm - ba.DistanceKm) < 1e-9;
    });

    [Property]
    public Property LearntWeights_NeverRiseWithDistanceOrTimeGap()
    {
        var gen = Gen.Choose(1, 1000).ArrayOf().Where(a => a.Length >= 12);
        return Prop.ForAll(gen.ToArbitrary(), raw =>
        {
            var table = RandomTable(raw);
            table.ComputeWeights();
            return NonIncreasing(table.Weights[(int)Comparison.Distance]) && NonIncreasing(table.Weights[(int)Comparison.TimeGap]);
        });
    }

    [Fact]
    public void SuppliedModel_DistanceAndTimeWeightsAreMonotone()
    {
        var model = LinkageModel.Default();
        foreach (var t in model.Tables)
        {
            Assert.True(NonIncreasing(t.Weights[(int)Comparison.Distance]), t.Kind);
            Assert.True(NonIncreasing(t.Weights[(int)Comparison.TimeGap]), t.Kind);
        }
    }

    [Fact]
    public void Model_RoundTripsThroughJson()
    {
        var model = LinkageModel.Default();
        var again = LinkageModel.FromJson(model.ToJson());
        Assert.Equal(model.Tables[0].Weights[1], again.Tables[0].Weights[1]);
        Assert.Equal(model.Tables[^1].Rho, again.Tables[^1].Rho);
    }

    [Fact]
    public void CommonPerson_CountsLessThanRarePerson()
    {
        var extractor = new FeatureExtractor();
        var counts = new FrequencyCounts(extractor.PersonKeys);
        var common = extractor.PersonKeys.Intern("f:mary:jnoes");
        var rare = extractor.PersonKeys.Intern("f:kwame:aekorf");
        foreach (var d in Fixture.Deaths.Take(200)) counts.Add(extractor.Extract(d));
        for (var i = 0; i < 50; i++) extractor.PersonKeys.Increment(common);
        extractor.PersonKeys.Increment(rare);
        var model = LinkageModel.Default();
        var c = new PairComparison { PersonKey = common };
        c.Levels[(int)Comparison.Person] = 1;
        c.Levels[(int)Comparison.Area] = 1;
        var commonWeight = PairScorer.LevelWeight(model.Tables[0], Comparison.Person, c, 0, Records[0], counts);
        c.PersonKey = rare;
        var rareWeight = PairScorer.LevelWeight(model.Tables[0], Comparison.Person, c, 0, Records[0], counts);
        Assert.True(rareWeight > commonWeight + 2, $"{rareWeight} vs {commonWeight}");
    }

    [Fact]
    public void Update_ConfirmRaisesAndRejectLowersThePairWeight()
    {
        var model = LinkageModel.Default();
        var a = Records.First(r => r.Kind == DeathKind.Ghb);
        var b = Records.Last(r => r.Kind == DeathKind.Ghb);
        var counts = new FrequencyCounts(new FeatureExtractor().PersonKeys);
        var c = PairComparer.Compare(b, a);
        var before = PairScorer.Score(model, b, a, c, counts).Weight;
        model.Update(c, b.Kind, a.Kind, confirmed: true);
        var confirmed = PairScorer.Score(model, b, a, c, counts).Weight;
        model.Update(c, b.Kind, a.Kind, confirmed: false);
        model.Update(c, b.Kind, a.Kind, confirmed: false);
        var rejected = PairScorer.Score(model, b, a, c, counts).Weight;
        Assert.True(confirmed > before);
        Assert.True(rejected < confirmed);
    }

    private static KindTable RandomTable(int[] raw)
    {
        var i = 0;
        double[][] Make() => [.. Enumerable.Range(0, Comparisons.Count).Select(k =>
        {
            var v = Enumerable.Range(0, Comparisons.Levels[k]).Select(_ => (double)raw[i++ % raw.Length]).ToArray();
            var s = v.Sum();
            return v.Select(x => x / s).ToArray();
        })];
        return new KindTable { M = Make(), U = Make() };
    }

    private static bool NonIncreasing(double[] w)
    {
        for (var l = 1; l < w.Length; l++)
            if (w[l] > w[l - 1] + 1e-12) return false;
        return true;
    }
}
