using Vigil.Linkage.Index;
using Vigil.Linkage.Model;
using Vigil.Records;

namespace Vigil.Linkage.Tests;

/// <summary>ADR 3174: wherever the engine cuts a list of earlier deaths (a death's candidates, the postings of a blocking
/// key), equal deaths are cut in one total order, so the same deaths give the same candidates on every node and in every
/// run, whatever order they were entered in (a node built at a start holds them in found order, one that compared them as
/// they came in arrival order). ADR 3175: no candidate at or above the alert threshold is cut from a death's decision.</summary>
public class CutOrderTests
{
    private static readonly DateTimeOffset Found = new(2021, 6, 1, 2, 0, 0, TimeSpan.Zero);

    /// <summary>Twelve deaths alike in every fact, found at the same moment: each scores the same against the next.</summary>
    private static readonly List<DeathRecord> Alike = [.. Enumerable.Range(0, 12).Select(i => PostingOrderTests.Death($"alike-{i:D2}", Found))];

    private static readonly DeathRecord Next = PostingOrderTests.Death("next", Found.AddDays(3));

    [Fact]
    public void TiedCandidates_AreRankedAndCut_InOneOrder_WhateverTheEntryOrder()
    {
        var options = new LinkageOptions { TopCandidates = 5, AlertThreshold = 1.0 };
        var ranked = Shuffles().Select(order => Candidates(Indexed(order, options), options.TopCandidates)).ToList();

        var first = ranked[0];
        Assert.Equal(5, first.Count);
        Assert.Single(first.Select(c => c.Score.Probability).Distinct());
        // Tied and found at the same moment: by ref.
        Assert.Equal(["alike-00", "alike-01", "alike-02", "alike-03", "alike-04"], first.Select(c => c.Earlier.Ref));
        foreach (var other in ranked.Skip(1)) Assert.Equal(first.Select(c => c.Earlier.Ref), other.Select(c => c.Earlier.Ref));
    }

    [Fact]
    public void AKeyCutAtItsCap_ReadsTheSameDeaths_WhateverTheEntryOrder()
    {
        var options = new LinkageOptions { MaxPostingsPerKey = 4 };
        var read = Shuffles().Select(order => Collected(Indexed(order, options), Next)).ToList();

        Assert.Equal(4, read[0].Count);
        // Newest first, deaths found at the same moment by ref: the four last refs.
        Assert.Equal(["alike-08", "alike-09", "alike-10", "alike-11"], read[0]);
        foreach (var other in read.Skip(1)) Assert.Equal(read[0], other);
    }

    [Fact]
    public void AKeyCutAtItsCap_ReadsAsManyLiveDeaths_AfterEdits_AsAnIndexBuiltSince()
    {
        var options = new LinkageOptions { MaxPostingsPerKey = 4 };
        var deaths = Enumerable.Range(0, 6).Select(i => PostingOrderTests.Death($"day-{i}", Found.AddDays(i))).ToList();
        var edited = new LinkageIndex(LinkageModel.Default(), options);
        foreach (var d in deaths) edited.Add(d);
        // The two newest edited: each leaves its old posting behind, removed, in every key it had.
        edited.Add(deaths[5]);
        edited.Add(deaths[4]);
        var built = new LinkageIndex(LinkageModel.Default(), options);
        foreach (var d in deaths) built.Add(d);

        var next = PostingOrderTests.Death("next", Found.AddDays(10));
        Assert.Equal(["day-2", "day-3", "day-4", "day-5"], Collected(built, next));
        Assert.Equal(Collected(built, next), Collected(edited, next));
    }

    [Fact]
    public void EveryCandidateAboveTheThreshold_IsKept_BeyondTheTopCandidates()
    {
        // Every candidate alerts at a threshold of zero: twelve alike deaths, five kept below the threshold.
        var options = new LinkageOptions { TopCandidates = 5, AlertThreshold = 0 };
        var index = Indexed(Alike, options);

        var assessment = index.Assess(index.Extractor.Extract(Next));

        Assert.Equal(12, assessment.Candidates.Count(c => c.Alert));
        Assert.Equal(Alike.Select(d => d.Ref), assessment.Candidates.Select(c => c.Earlier.Ref));
    }

    /// <summary>The alike deaths in found order, reversed, and three seeded shuffles.</summary>
    private static IEnumerable<List<DeathRecord>> Shuffles()
    {
        yield return Alike;
        yield return [.. Enumerable.Reverse(Alike)];
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var random = new Random(seed);
            yield return [.. Alike.OrderBy(_ => random.Next())];
        }
    }

    private static LinkageIndex Indexed(IEnumerable<DeathRecord> deaths, LinkageOptions options)
    {
        var index = new LinkageIndex(LinkageModel.Default(), options);
        foreach (var d in deaths) index.Add(d);
        return index;
    }

    private static List<LinkageCandidate> Candidates(LinkageIndex index, int top) => [.. index.Query(index.Extractor.Extract(Next), top)];

    private static List<string> Collected(LinkageIndex index, DeathRecord next)
    {
        var ids = new List<int>();
        index.CollectCandidates(index.Extractor.Extract(next), ids);
        return [.. ids.Select(id => index.Records[id].Ref).Order(StringComparer.Ordinal)];
    }
}
