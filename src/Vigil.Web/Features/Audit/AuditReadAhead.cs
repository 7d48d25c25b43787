namespace Vigil.Web.Features.Audit;

/// <summary>How far the verifier's reader runs ahead of its hashing (ADR 3231): batches bounded by the characters they
/// hold, not only by entries. Batches of 4,096 entries, four queued, held 6 × 4,096 entries at once: at the million-death
/// store's 3,069 characters of changes an entry (6 KB as .NET strings) that is 150 MB that outlives the young
/// generation, and a node verifying a million entries grew 930 MB (2,433 → 3,363 MB) and kept it.</summary>
internal static class AuditReadAhead
{
    /// <summary>Entries a batch holds at most (small entries: the channel's cost stays per batch, not per entry).</summary>
    public const int MaxEntries = 4096;

    /// <summary>Characters of changes a batch holds at most, about 512 KB of strings.</summary>
    public const long MaxChars = 256 * 1024;

    /// <summary>Batches queued between the reader and the hashing; with the one being filled and the one being hashed,
    /// at most <see cref="Queued"/> + 2 batches are held.</summary>
    public const int Queued = 2;

    public static async IAsyncEnumerable<List<AuditEntry>> BatchAsync(IAsyncEnumerable<AuditEntry> entries, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var batch = new List<AuditEntry>();
        long chars = 0;
        await foreach (var entry in entries.WithCancellation(ct))
        {
            batch.Add(entry);
            chars += entry.Changes.Length;
            if (batch.Count < MaxEntries && chars < MaxChars) continue;
            yield return batch;
            (batch, chars) = (new List<AuditEntry>(), 0);
        }
        if (batch.Count > 0) yield return batch;
    }
}
