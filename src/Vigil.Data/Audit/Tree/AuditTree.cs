
namespace Vigil.Data.Audit.Tree;

/// <summary>The audit log as an RFC 9162 Merkle tree: entry #i is leaf i−1, its leaf input the entry's canonical form
/// with its keyed hash (ADR 0802). Perfect subtrees of 256 entries and up are stored once complete (append-only), so
/// a root or a proof at a million entries reads a few dozen nodes and at most two runs of 256 entries.</summary>
public sealed class AuditTree(VigilDbContext db)
{
    public const int StoredLevel = 8;
    public const long ChunkSize = 1L << StoredLevel;

    public async Task<long> SizeAsync(CancellationToken ct) =>
        await db.AuditEntries.MaxAsync(e => (long?)e.Sequence, ct) ?? 0;

    /// <summary>Subtree hashes for proofs and roots over the first <paramref name="size"/> entries.</summary>
    public StoredSubtrees Subtrees(long size) => new(db, size);

    /// <summary>Stores the nodes of every complete 256-entry chunk not stored yet. Computes outside the chain lock and
    /// writes under it, skipping what another process stored meanwhile. Refuses to build over a gap.</summary>
    public async Task<int> ExtendAsync(CancellationToken ct)
    {
        var complete = await SizeAsync(ct) / ChunkSize;
        var stored = await StoredChunksAsync(ct);
        if (stored >= complete) return 0;
        var accumulator = new MerkleAccumulator(await PerfectSubtreesAsync(stored * ChunkSize, ct), stored * ChunkSize);
        var added = new List<AuditTreeNode>();
        var bytes = new AuditEntryBytes();
        var expected = stored * ChunkSize + 1;
        await foreach (var entry in AuditEntryStream.ReadAsync(db, stored * ChunkSize, complete * ChunkSize, ct))
        {
            if (entry.Sequence != expected)
                throw new AuditTreeException($"audit entry #{expected} is missing: the tree is not extended over a gap (run `vigil audit verify`)");
            expected++;
            accumulator.Append(bytes.LeafHash(entry), (level, index, hash) =>
            {
                if (level >= StoredLevel) added.Add(new AuditTreeNode { Level = level, Index = index, Hash = hash });
            });
        }
        if (expected != complete * ChunkSize + 1)
            throw new AuditTreeException($"audit entry #{expected} is missing: the tree is not extended over a gap (run `vigil audit verify`)");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await AuditChainLock.AcquireAsync(db, ct);
        var now = await StoredChunksAsync(ct) * ChunkSize;
        var fresh = added.Where(n => (n.Index + 1) << n.Level > now).ToList();
        db.AuditTreeNodes.AddRange(fresh);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return fresh.Count;
    }

    /// <summary>How many 256-entry chunks have their node stored (they are stored in order).</summary>
    public async Task<long> StoredChunksAsync(CancellationToken ct) =>
        (await db.AuditTreeNodes.Where(n => n.Level == StoredLevel).MaxAsync(n => (long?)n.Index, ct) ?? -1) + 1;

    /// <summary>The stored perfect subtrees whose sizes are the binary digits of <paramref name="size"/> (a multiple
    /// of 256), largest first: the state from which appending continues.</summary>
    private async Task<List<(int Level, byte[] Hash)>> PerfectSubtreesAsync(long size, CancellationToken ct)
    {
        var result = new List<(int, byte[])>();
        long start = 0;
        for (var level = 62; level >= StoredLevel; level--)
        {
            if ((size >> level & 1) == 0) continue;
            var index = start >> level;
            var node = await db.AuditTreeNodes.AsNoTracking().SingleOrDefaultAsync(n => n.Level == level && n.Index == index, ct)
                ?? throw new AuditTreeException($"stored tree node {level}/{index} is missing");
            result.Add((level, node.Hash));
            start += 1L << level;
        }
        return result;
    }
}

public sealed class AuditTreeException(string message) : Exception(message);
