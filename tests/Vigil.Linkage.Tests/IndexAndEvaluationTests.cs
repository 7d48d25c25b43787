using Vigil.Linkage.Explaining;
using Vigil.Linkage.Index;
using Vigil.Linkage.Model;
using Vigil.Linkage.Replay;
using Vigil.Linkage.Surveillance;

namespace Vigil.Linkage.Tests;

public class IndexAndEvaluationTests
{
    [Fact]
    public void RemovedOrReplacedDeath_LeavesTheCandidates_AndItsCounts()
    {
        var (deaths, truth) = SyntheticDeaths.Generate(400, 3, 12);
        var index = new LinkageIndex(LinkageModel.Default());
        foreach (var d in deaths) index.Add(d);
        var member = deaths.First(d => truth.ContainsKey(d.Ref) && d.People is { Count: > 0 });
        var records = index.Frequencies.Records;
        Assert.True(index.Remove(member.Ref));
        Assert.Equal(records - 1, index.Frequencies.Records);
        Assert.Null(index.Find(member.Ref));
        var probe = index.Extractor.Extract(member with { Ref = "probe" });
        Assert.DoesNotContain(index.Query(probe, int.MaxValue), c => c.Earlier.Ref == member.Ref);
        // Adding a death with an indexed ref replaces it (an edited case): one live entry, counted once.
        index.Add(member);
        index.Add(member);
        Assert.Equal(records, index.Frequencies.Records);
        Assert.Single(index.Query(probe, int.MaxValue), c => c.Earlier.Ref == member.Ref);
    }

    [Fact]
    public void Evaluation_ReportsEachArchetype_AtTheSharedAlertBudget()
    {
        var truth = new Dictionary<string, string> { ["a1"] = "S1", ["a2"] = "S1", ["b1"] = "S2", ["b2"] = "S2", ["b3"] = "S2" };
        var kinds = new Dictionary<string, string> { ["S1"] = "carer", ["S2"] = "partner" };
        var lines = new List<ReplayLine>
        {
            new("a1", []), new("b1", []), new("x1", [("a1", 0.01, false)]),
            new("a2", [("a1", 0.9, true)]), new("b2", [("b1", 0.02, false)]), new("b3", [("b1", 0.5, true), ("b2", 0.3, true)]),
        };
        var result = LinkageEvaluation.Evaluate(lines, truth, kinds: kinds);
        Assert.Equal(1.0, result.ByArchetype!["carer"].SeriesFirstLink);
        Assert.Equal(0.0, result.ByArchetype["partner"].SeriesFirstLink);
        Assert.Equal(0.5, result.ByArchetype["partner"].VictimRecall);
        Assert.Equal(2.0 / 3, result.VictimRecall, 3);
        Assert.Equal([0.25, 0.5, 1, 2], LinkageEvaluation.CurveRates);
        Assert.Contains("| carer | 1 |", result.ToTable(), StringComparison.Ordinal);
    }

    /// <summary>Leave-one-archetype-out scores only the held-out series (<c>includeSeries</c>): their pairs count in
    /// recall and average precision at budgets read from every record, the other series' pairs as neither.</summary>
    [Fact]
    public void Evaluation_OfAHeldOutPart_ScoresItsPairs_AtBudgetsOverAllRecords()
    {
        var truth = new Dictionary<string, string> { ["a1"] = "S1", ["a2"] = "S1", ["b1"] = "S2", ["b2"] = "S2" };
        var lines = new List<ReplayLine> { new("a1", []), new("b1", []) };
        for (var i = 0; i < 196; i++) lines.Add(new($"x{i}", [("a1", 0.001 * (i % 7), false)]));
        lines.Add(new("a2", [("a1", 0.9, true)]));
        lines.Add(new("b2", [("b1", 0.8, true)]));
        var result = LinkageEvaluation.Evaluate(lines, truth, s => s == "S1");
        Assert.Equal(1, result.Series);
        Assert.Equal(1.0, result.SeriesFirstLink);
        Assert.Equal(1.0, result.AveragePrecision, 3);
        // 1 per 100 of 200 records: the two best deaths alert, the held-out series' second death among them.
        Assert.Equal(1.0, result.Curve[2].SeriesFirstLink);
    }

    [Fact]
    public void SignalSentence_NamesThePersonAndCounts_NeverAnotherCase()
    {
        var (deaths, _) = SyntheticDeaths.Generate(50, 0, 3);
        var index = new LinkageIndex(LinkageModel.Default());
        foreach (var d in deaths) index.Add(d);
        var r = index.Extractor.Extract(deaths[0] with
        {
            Ref = "new",
            People = [new Records.RecordPerson { Role = "carer", Name = "J. Okafor" }],
        });
        var signal = new Signal(SignalKind.Person, Locality.Area, 365, 4, 0.6, 5, [0, 1, 2], Person: 0);
        var sentence = SignalText.Describe(r, signal, index.Extractor, r.Days - 200);
        Assert.StartsWith("Carer 'J. Okafor' is now in 4 deaths in ", sentence, StringComparison.Ordinal);
        Assert.Contains("3 before this one, where about 0.6 would be expected", sentence, StringComparison.Ordinal);
        Assert.DoesNotContain(deaths[1].Ref, sentence, StringComparison.Ordinal);
        // Fewer than a thousandth expected reads "almost none", without the "about" that read "about almost none" (walk51).
        var unexpected = SignalText.Describe(r, signal with { Expected = 0.0001 }, index.Extractor, r.Days - 200);
        Assert.Contains("3 before this one, where almost none would be expected", unexpected, StringComparison.Ordinal);
        Assert.DoesNotContain("about almost", unexpected, StringComparison.Ordinal);
        Assert.Equal("strong evidence for", Words.Strength(3));
        Assert.Equal("neutral", Words.Strength(0.1));
        Assert.Equal("moderate evidence against", Words.Strength(-1.5));
    }
}
