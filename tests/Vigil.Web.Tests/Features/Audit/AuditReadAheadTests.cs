using Vigil.Data.Audit;
using Vigil.Web.Features.Audit;

namespace Vigil.Web.Tests.Features.Audit;

/// <summary>The verifier's reader runs a bounded amount ahead of its hashing (ADR 3231): a million entries of the size a
/// real store holds must not fill the node's memory while they wait to be hashed.</summary>
public sealed class AuditReadAheadTests
{
    [Fact]
    public async Task LargeEntries_AreBatchedByWhatTheyHold_SoTheReaderHoldsAFewMegabytesAtMost()
    {
        // The million-death store's largest changes: 5,276 characters (3,069 on average).
        var batches = await BatchAsync(5_000, 5_276);

        Assert.Equal(Enumerable.Range(1, 5_000).Select(i => (long)i), batches.SelectMany(b => b).Select(e => e.Sequence));
        var held = batches.Max(b => b.Sum(e => (long)e.Changes.Length)) * (AuditReadAhead.Queued + 2);
        Assert.True(held <= 2 * 1024 * 1024, $"up to {held:N0} characters of changes held at once");
    }

    [Fact]
    public async Task SmallEntries_StillGoInBatchesOfThousands()
    {
        var batches = await BatchAsync(10_000, 40);

        Assert.Equal(AuditReadAhead.MaxEntries, batches[0].Count);
        Assert.Equal(10_000, batches.Sum(b => b.Count));
    }

    private static async Task<List<List<AuditEntry>>> BatchAsync(int count, int changes)
    {
        var batches = new List<List<AuditEntry>>();
        await foreach (var batch in AuditReadAhead.BatchAsync(EntriesAsync(count, changes), default)) batches.Add(batch);
        return batches;
    }

    private static async IAsyncEnumerable<AuditEntry> EntriesAsync(int count, int changes)
    {
        for (var i = 1; i <= count; i++)
        {
            if (i % 1000 == 0) await Task.Yield();
            yield return new AuditEntry { Sequence = i, Changes = new string('x', changes) };
        }
    }
}
