using Vigil.Linkage.Features;
using Vigil.Linkage.Index;
using Vigil.Linkage.Model;
using Vigil.Linkage.Scoring;

namespace Vigil.Linkage.Tests;

/// <summary>The index compares a new death with its candidates from flat copies of their facts and first people
/// (ADR 2621): every candidate's comparison and weight are what comparing the two records gives, bit for bit, whether
/// the candidate names no one, up to the inline people, or more.</summary>
public class FlatFactsTests
{
    [Fact]
    public void RankedCandidates_ScoreAsTheRecordsCompare_BitForBit()
    {
        var (deaths, _) = SyntheticDeaths.Generate(1500, 8, 23);
        var ix = new LinkageIndex(LinkageModel.Default());
        var (checkedPairs, manyPeople, agreeing) = (0, 0, 0);
        (LinkageRecord? Last, LinkageRecord? Before) previous = (null, null);
        foreach (var d in deaths)
        {
            // The synthetic deaths name one person or two: every third also names the two previous deaths' people, so
            // that some name more people than are held inline, and some of those agree with an earlier death's.
            var plain = ix.Extractor.Extract(d);
            var r = previous is ({ } last, { } before) && ix.Count % 3 == 0 ? WithPeople(plain, [.. plain.People, .. last.People, .. before.People]) : plain;
            previous = (plain, previous.Last);
            // The background the ranking scores with: asked again it is the same (Explain relies on this too).
            var (_, background) = ix.Surveillance.Signals(r);
            var (ranked, _) = ix.Rank(r, int.MaxValue);
            foreach (var (candidate, input) in ranked)
            {
                var earlier = candidate.Earlier;
                var c = PairComparer.Compare(r, earlier);
                var expected = PairScorer.Score(ix.Model, r, earlier, c, ix.Frequencies, background);
                var table = LinkageModel.TableFor(r.Kind, earlier.Kind);
                var person = PairScorer.LevelWeight(ix.Model.Tables[table], Comparison.Person, c, table, r, ix.Frequencies, background);
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Weight), BitConverter.DoubleToInt64Bits(candidate.Score.Weight));
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Weight), BitConverter.DoubleToInt64Bits(input.Weight));
                Assert.Equal(BitConverter.DoubleToInt64Bits(person), BitConverter.DoubleToInt64Bits(input.PersonWeight));
                Assert.Equal(table, input.Table);
                checkedPairs++;
                if (earlier.People.Length > InlinePeople.Length) manyPeople++;
                if (c.Levels[(int)Comparison.Person] < 3) agreeing++;
            }
            ix.Add(r);
        }
        // Not only the easy answer: pairs with people agreeing, and candidates naming more people than are held inline.
        Assert.True(checkedPairs > 10_000, $"{checkedPairs} pairs");
        Assert.True(manyPeople > 100, $"{manyPeople} candidates with more than {InlinePeople.Length} people");
        Assert.True(agreeing > 100, $"{agreeing} pairs with a person agreeing");
    }

    [Fact]
    public void ComparableDeath_HoldsTheFirstPeopleInline_AndPointsAtTheRest()
    {
        var x = new FeatureExtractor();
        var plain = SyntheticDeaths.Generate(300, 4, 5).Deaths.Select(x.Extract).ToList();
        var records = plain.Select((r, i) => i % 3 == 0 && i > 1 ? WithPeople(r, [.. r.People, .. plain[i - 1].People, .. plain[i - 2].People]) : r).ToList();
        Assert.Contains(records, r => r.Comparable.Length > InlinePeople.Length);
        foreach (var r in records)
        {
            var facts = new ComparableDeath(r, 42);
            Assert.Equal(r.Comparable.Length, facts.PeopleCount);
            Assert.Equal(r.Comparable.Length > InlinePeople.Length ? 42 : -1, facts.PeopleFrom);
            ReadOnlySpan<ComparablePerson> inline = facts.People;
            for (var i = 0; i < Math.Min(r.Comparable.Length, InlinePeople.Length); i++) Assert.Equal(r.Comparable[i], inline[i]);
            Assert.Equal((r.Days, r.X, r.Y, r.Area, r.Setting, r.Age, r.Cause, r.Manner, r.Position, r.Substances, r.Scene, r.Kind, r.Sex, r.HasSuspect),
                (facts.Days, facts.X, facts.Y, facts.Area, facts.Setting, facts.Age, facts.Cause, facts.Manner, facts.Position, facts.Substances,
                    facts.Scene, facts.Kind, facts.Sex, facts.HasSuspect));
        }
    }

    /// <summary>The record with other people.</summary>
    private static LinkageRecord WithPeople(LinkageRecord r, PersonFeature[] people) => new()
    {
        Ref = r.Ref, Days = r.Days, Lat = r.Lat, Lon = r.Lon, X = r.X, Y = r.Y, Area = r.Area, Setting = r.Setting, Sex = r.Sex,
        Age = r.Age, Kind = r.Kind, Cause = r.Cause, Substances = r.Substances, Manner = r.Manner, Position = r.Position,
        Scene = r.Scene, HasSuspect = r.HasSuspect, People = people,
    };
}
