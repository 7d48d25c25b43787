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
}
