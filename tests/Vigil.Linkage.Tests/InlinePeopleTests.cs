using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vigil.Linkage.Features;
using Vigil.Linkage.Model;
using Vigil.Linkage.Normalisation;
using Vigil.Linkage.Scoring;

namespace Vigil.Linkage.Tests;

/// <summary>The engine's shortcuts of ADRs 2571–2572 give what the plain code gave: surname shapes only ever rule out
/// surnames that do not agree, the person comparison matches the loop over names it replaced, and the score is the
/// same sum of level weights to the bit.</summary>
public class InlinePeopleTests
{
    private static readonly FeatureExtractor Extractor = new();
    private static readonly List<LinkageRecord> Records = [.. SyntheticDeaths.Generate(400, 6, 11).Deaths.Select(Extractor.Extract)];

    // A surname and one written from it the ways officers slip (a typo, a swap, a dropped or added letter, the letters
    // reordered), or an unrelated one: most pairs must be near, or the property would only test the easy answer.
    private static Gen<(string, string)> SurnamePairs()
    {
        var letters = Gen.Elements("abcdeilmnorstuy".ToCharArray());
        var word = letters.ArrayOf().Where(a => a.Length <= 12).Select(a => new string(a));
        return from a in word
               from b in word
               from way in Gen.Choose(0, 6)
               from at in Gen.Choose(0, 20)
               from c in letters
               select (a, Variant(a, b, way, at, c));
    }

    private static string Variant(string a, string b, int way, int at, char c)
    {
        if (a.Length == 0) return b;
        var i = at % a.Length;
        return way switch
        {
            0 => a,
            1 => a[..i] + c + a[(i + 1)..],
            2 when i + 1 < a.Length => a[..i] + a[i + 1] + a[i] + a[(i + 2)..],
            3 => a.Remove(i, 1),
            4 => a.Insert(i, c.ToString()),
            5 => new string([.. a.Reverse()]),
            _ => b,
        };
    }

    [Property(MaxTest = 2000)]
    public Property SurnameShape_RulesOutOnlySurnamesThatDoNotAgree() => Prop.ForAll(SurnamePairs().ToArbitrary(), pair =>
    {
        var (a, b) = pair;
        var apart = SurnameShape.ProvesApart(new SurnameShape(a), new SurnameShape(b));
        return !apart || !PersonName.SurnamesAgree(a, b);
    });

    [Theory]
    [InlineData("smith", "patel")]
    [InlineData("jones", "okafor")]
    [InlineData("li", "wu")]
    [InlineData("campbell", "camp")]
    public void SurnameShape_TellsUnrelatedSurnamesApart(string a, string b)
    {
        Assert.False(PersonName.SurnamesAgree(a, b));
        Assert.True(SurnameShape.ProvesApart(new SurnameShape(a), new SurnameShape(b)));
    }

    [Theory]
    [InlineData("jones", "jones")]
    [InlineData("jones", "jnoes")]
    [InlineData("rodriguez", "rodrgiuez")]
    [InlineData("campbell", "campbel")]
    public void SurnameShape_LeavesAgreeingSurnamesToTheStrings(string a, string b)
    {
        Assert.True(PersonName.SurnamesAgree(a, b));
        Assert.False(SurnameShape.ProvesApart(new SurnameShape(a), new SurnameShape(b)));
    }

    [Fact]
    public void Comparable_IsEachPersonInOrder()
    {
        foreach (var r in Records)
        {
            Assert.Equal(r.People.Length, r.Comparable.Length);
            for (var i = 0; i < r.People.Length; i++) Assert.Equal(ComparablePerson.Of(r.People[i]), r.Comparable[i]);
        }
    }

    [Fact]
    public void PersonComparison_IsTheLoopOverNames()
    {
        var agreeing = 0;
        foreach (var a in Records)
            foreach (var b in Records)
            {
                var c = PairComparer.Compare(a, b);
                var (level, key, i, j) = ByNames(a, b);
                Assert.Equal(level, c.Levels[(int)Comparison.Person]);
                Assert.Equal((key, i, j), (c.PersonKey, c.NewerPerson, c.EarlierPerson));
                if (level < 3) agreeing++;
            }
        // The synthetic series share people: the comparison must have met agreeing pairs, not only the easy answer.
        Assert.True(agreeing > Records.Count, $"{agreeing} agreeing pairs");
    }

    [Fact]
    public void Score_IsTheSumOfLevelWeightsInOrder()
    {
        var model = LinkageModel.Default();
        // An extractor of its own: the counts share its person keys and count each death once.
        var x = new FeatureExtractor();
        var records = SyntheticDeaths.Generate(400, 6, 11).Deaths.Select(x.Extract).ToList();
        var counts = new FrequencyCounts(x.PersonKeys);
        foreach (var r in records) counts.Add(r);
        foreach (var a in records.Take(100))
            foreach (var b in records)
            {
                var c = PairComparer.Compare(a, b);
                var table = LinkageModel.TableFor(a.Kind, b.Kind);
                var w = 0.0;
                for (var k = 0; k < Comparisons.Count; k++) w += PairScorer.LevelWeight(model.Tables[table], (Comparison)k, c, table, a, counts);
                var comparable = table == LinkageModel.MixedTable ? counts.Records - counts.RecordsOfKind(a.Kind) : counts.RecordsOfKind(a.Kind);
                var prior = Math.Log(model.Tables[table].Rho) - Math.Log(Math.Max(1, comparable));
                var s = PairScorer.Score(model, a, b, c, counts);
                Assert.Equal(BitConverter.DoubleToInt64Bits(w), BitConverter.DoubleToInt64Bits(s.Weight));
                Assert.Equal(BitConverter.DoubleToInt64Bits(prior), BitConverter.DoubleToInt64Bits(s.LogPriorOdds));
                Assert.Equal(BitConverter.DoubleToInt64Bits(1 / (1 + Math.Exp(-(model.Scale * w + prior)))), BitConverter.DoubleToInt64Bits(s.Probability));
            }
    }

    /// <summary>The person comparison as written before ADR 2571: every pair of people, by phone, then by name.</summary>
    private static (byte Level, int Key, int Newer, int Earlier) ByNames(LinkageRecord a, LinkageRecord b)
    {
        (byte Level, int Key, int Newer, int Earlier) best = (3, -1, -1, -1);
        for (var i = 0; i < a.People.Length; i++)
            for (var j = 0; j < b.People.Length; j++)
            {
                var (pa, pb) = (a.People[i], b.People[j]);
                byte level = 3;
                var key = -1;
                if (pa.PhoneKey >= 0 && pa.PhoneKey == pb.PhoneKey) (level, key) = (0, pa.PhoneKey);
                else if (pa.Name is { } na && pb.Name is { } nb)
                    (level, key) = PersonName.Compare(na, nb) switch
                    {
                        NameAgreement.Full => ((byte)1, MinKey(pa.FullKey, pb.FullKey)),
                        NameAgreement.InitialAndSurname => ((byte)2, MinKey(pa.SurnameKey, pb.SurnameKey)),
                        _ => ((byte)3, -1),
                    };
                if (level > best.Level || level == 3 || (level == best.Level && key >= best.Key)) continue;
                best = (level, key, i, j);
            }
        return best;
    }

    private static int MinKey(int a, int b) => a < 0 ? b : b < 0 ? a : Math.Min(a, b);
}
