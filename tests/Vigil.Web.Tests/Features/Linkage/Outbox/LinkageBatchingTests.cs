using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>Batching the catch-up (ADR 1531) changes how much the worker reads and commits at once, never what it
/// finds: the same deaths imported into two empty stores, one linked a case at a time and one in batches, give the same
/// pairs and the same proposed series with the same scores.</summary>
public sealed class LinkageBatchingTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task BatchedCatchUp_FindsWhatCaseAtATimeFinds(string provider)
    {
        var records = CatchUpFindings.InterleavedSeries(5, 21, "Batch Victim", 7);

        var oneByOne = await CatchUpFindings.LinkAsync(provider, records, batchSize: 1);
        var batched = await CatchUpFindings.LinkAsync(provider, records, batchSize: 4);
        Assert.NotEmpty(oneByOne.Pairs);
        Assert.NotEmpty(oneByOne.Members);
        Assert.Equal(oneByOne.Pairs, batched.Pairs);
        Assert.Equal(oneByOne.Members, batched.Members);
    }

    /// <summary>ADR 1636: the deaths of one batch are compared before any of their alerts is stored, so the series a
    /// finder's third death started was not known when the fourth was compared, and the fourth started another with the
    /// same deaths and itself (a series of five, imported in one batch, was three overlapping candidate series). Compared
    /// a case at a time, the fourth and fifth join the first. Red before: the batched store held 3 series per finder.</summary>
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ASeriesOfFive_InOneBatch_IsOneCandidateSeries_AsCaseAtATime(string provider)
    {
        var records = CatchUpFindings.InterleavedSeries(3, 21, "Five Victim", 5, deaths: 5);

        var oneByOne = await CatchUpFindings.LinkAsync(provider, records, batchSize: 1);
        var whole = await CatchUpFindings.LinkAsync(provider, records, batchSize: records.Length);
        Assert.Equal(3, oneByOne.Members.Count);
        Assert.All(oneByOne.Members, series => Assert.Equal(5, series.Split(" | ").Length));
        Assert.Equal(oneByOne.Members, whole.Members);
        Assert.Equal(oneByOne.Pairs, whole.Pairs);
    }

    /// <summary>ADR 1636: a crowd of deaths alike in everything (one place, one moment, one finder), imported in one batch,
    /// is one candidate series with a proposal each, not a series per death holding every death before it: 400 such deaths
    /// made 398 series and 80,197 proposals, and 2,000 of them (the shared test store's) more memory than CI has.</summary>
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ACrowdOfAlikeDeaths_InOneBatch_IsOneSeries_WithAProposalEach(string provider)
    {
        const int Crowd = 60;
        var records = Enumerable.Range(1, Crowd).Select(n => Samples.Record(reference: $"CROWD-{n:D3}", source: "crowd")).ToArray();

        var found = await CatchUpFindings.LinkAsync(provider, records, batchSize: Crowd);
        var series = Assert.Single(found.Members);
        Assert.Equal(Crowd, series.Split(" | ").Length);
        // The second death names the first before there are three to make a series: the one pair.
        Assert.Single(found.Pairs);
    }
}
