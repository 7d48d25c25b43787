using Vigil.Linkage.Index;
using Vigil.Linkage.Model;
using Vigil.Linkage.Scoring;

namespace Vigil.Linkage.Tests;

/// <summary>The worker explains an alert's named deaths from the assessment it just made rather than ranking the new
/// death again for each (ADR 2641): the explanation must be the one ranking again gives, and once the index has changed
/// the assessment is not trusted.</summary>
public class ExplainFromAssessmentTests
{
    [Fact]
    public void ExplainFromAssessment_IsTheExplanationRankingAgainGives()
    {
        var (deaths, _) = SyntheticDeaths.Generate(1200, 8, 41);
        var ix = new LinkageIndex(LinkageModel.Default());
        Assert.NotNull(ix.Model.Calibration);
        var (explained, withSignals) = (0, 0);
        foreach (var d in deaths)
        {
            var r = ix.Extractor.Extract(d);
            var assessment = ix.Assess(r);
            foreach (var c in assessment.Candidates.Take(3))
            {
                AssertSame(ix.Explain(r, c.Earlier), ix.Explain(r, assessment, c));
                explained++;
                if (c.Signals.Count > 0) withSignals++;
            }
            ix.Add(r, assessment);
        }
        Assert.True(explained > 2000, $"{explained} explained");
        Assert.True(withSignals > 10, $"{withSignals} explained with signals");
    }

    [Fact]
    public void ExplainFromAssessment_AfterTheIndexChanged_RanksAgain()
    {
        var (deaths, _) = SyntheticDeaths.Generate(600, 6, 7);
        var ix = new LinkageIndex(LinkageModel.Default());
        foreach (var d in deaths.SkipLast(2)) ix.Add(ix.Extractor.Extract(d));
        var r = ix.Extractor.Extract(deaths[^1]);
        var assessment = ix.Assess(r);
        var candidate = assessment.Candidates[0];
        // A death added after the assessment changes the neighbourhood (its kind's count, perhaps the candidates).
        ix.Add(ix.Extractor.Extract(deaths[^2]));
        AssertSame(ix.Explain(r, candidate.Earlier), ix.Explain(r, assessment, candidate));
        Assert.NotEqual(assessment.Context!.Changes, StaleCheck(ix, r));
        // An assessment made elsewhere carries no ranking to reuse.
        var bare = new DeathAssessment(assessment.Candidates, assessment.Signals);
        AssertSame(ix.Explain(r, candidate.Earlier), ix.Explain(r, bare, candidate));
    }

    /// <summary>The change count a fresh assessment is taken at.</summary>
    private static long StaleCheck(LinkageIndex ix, Vigil.Linkage.Features.LinkageRecord r) => ix.Assess(r).Context!.Changes;

    private static void AssertSame(Explanation expected, Explanation actual)
    {
        Assert.Equal(expected.Summary, actual.Summary);
        Assert.Equal(expected.Signals, actual.Signals);
        Assert.Equal(expected.Score.Weight, actual.Score.Weight);
        Assert.Equal(expected.Score.LogPriorOdds, actual.Score.LogPriorOdds);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Score.Probability), BitConverter.DoubleToInt64Bits(actual.Score.Probability));
        Assert.Equal(expected.Items, actual.Items);
    }
}
