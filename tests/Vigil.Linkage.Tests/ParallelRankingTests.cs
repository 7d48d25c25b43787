using Vigil.Linkage.Index;
using Vigil.Linkage.Model;

namespace Vigil.Linkage.Tests;

/// <summary>Scoring a death's candidates on several threads (ADR 2371), and finding its signals beside its candidates
/// (ADR 2372), gives what one thread gives: the same signals and candidates in the same order with the same numbers, bit
/// for bit, death after death as the indexes grow.</summary>
public class ParallelRankingTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ranking_OnSeveralThreads_EqualsOneThread_BitForBit(bool measureRarity)
    {
        var (deaths, _) = SyntheticDeaths.Generate(2500, 12, 31);
        var one = new LinkageIndex(LinkageModel.Default(), new LinkageOptions { Parallelism = 1, MeasureRarity = measureRarity });
        // One candidate a thread: every death with two or more candidates is split, into up to four ranges.
        var many = new LinkageIndex(LinkageModel.Default(), new LinkageOptions { Parallelism = 4, CandidatesPerThread = 1, MeasureRarity = measureRarity });
        var most = 0;
        var alerts = 0;
        foreach (var d in deaths)
        {
            var (a, b) = (one.Extractor.Extract(d), many.Extractor.Extract(d));
            var (rankedA, signalsA) = one.Rank(a, int.MaxValue);
            var (rankedB, signalsB) = many.Rank(b, int.MaxValue);
            Assert.Equal(rankedA.Count, rankedB.Count);
            Assert.Equal(signalsA.Count, signalsB.Count);
            for (var i = 0; i < signalsA.Count; i++)
            {
                Assert.Equal(signalsA[i].Kind, signalsB[i].Kind);
                Assert.Equal(BitConverter.DoubleToInt64Bits(signalsA[i].Surprise), BitConverter.DoubleToInt64Bits(signalsB[i].Surprise));
                Assert.Equal(signalsA[i].Members, signalsB[i].Members);
            }
            for (var i = 0; i < rankedA.Count; i++)
            {
                var (x, y) = (rankedA[i], rankedB[i]);
                Assert.Equal(x.Candidate.Earlier.Ref, y.Candidate.Earlier.Ref);
                Assert.Equal(BitConverter.DoubleToInt64Bits(x.Candidate.Score.Probability), BitConverter.DoubleToInt64Bits(y.Candidate.Score.Probability));
                Assert.Equal(BitConverter.DoubleToInt64Bits(x.Candidate.Score.Weight), BitConverter.DoubleToInt64Bits(y.Candidate.Score.Weight));
                Assert.Equal(BitConverter.DoubleToInt64Bits(x.Input.RouteScore), BitConverter.DoubleToInt64Bits(y.Input.RouteScore));
                Assert.Equal(x.Input, y.Input);
                Assert.Equal(x.Candidate.Alert, y.Candidate.Alert);
                if (x.Candidate.Alert) alerts++;
            }
            most = Math.Max(most, rankedA.Count);
            // Added as the worker adds them, so the engine's own series grow the same way in both.
            one.Add(a, one.Assess(a));
            many.Add(b, many.Assess(b));
        }
        // The comparison meant something: deaths with hundreds of candidates, and alerts among them.
        Assert.True(most >= 200, $"at most {most} candidates");
        Assert.True(alerts > 0);
    }
}
