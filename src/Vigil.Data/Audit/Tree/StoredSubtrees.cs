
namespace Vigil.Data.Audit.Tree;

/// <summary>Subtree hashes of the first <see cref="Size"/> entries from perfect nodes of 256 leaves and more, and the
/// leaves of single 256-entry chunks for anything smaller. A proof at a million entries asks for about 20 hashes:
/// a dozen nodes and one or two chunks.</summary>
public abstract class ChunkedSubtrees(long size) : ISubtreeHashes
{
    public long Size => size;

    public byte[] Root() => size == 0 ? MerkleHash.Empty() : Hash(0, size);

    /// <summary>The leaf hash of entry #sequence.</summary>
    public byte[] Leaf(long sequence) => Hash(sequence - 1, sequence);

    public byte[] Hash(long begin, long end)
    {
        if (begin < 0 || end > size || begin >= end) throw new ArgumentOutOfRangeException(nameof(begin), $"{begin}–{end} is outside the tree of {size}");
        var n = end - begin;
        if (n >= AuditTree.ChunkSize && MerkleHash.IsPowerOfTwo(n) && begin % n == 0
            && Node(System.Numerics.BitOperations.Log2((ulong)n), begin / n) is { } stored) return stored;
        var chunk = begin / AuditTree.ChunkSize;
        if (n <= AuditTree.ChunkSize && (end - 1) / AuditTree.ChunkSize == chunk)
            return new LeafSubtrees(Chunk(chunk), chunk * AuditTree.ChunkSize).Hash(begin, end);
        var k = MerkleHash.Split(n);
        return MerkleHash.Node(Hash(begin, begin + k), Hash(begin + k, end));
    }

    /// <summary>The node at (level ≥ 8, index), or null when it is not held (then it is computed from below).</summary>
    protected abstract byte[]? Node(int level, long index);

    /// <summary>The leaf hashes of 256-entry chunk <paramref name="chunk"/> (fewer for the last, partial one).</summary>
    protected abstract IReadOnlyList<byte[]> Chunk(long chunk);
}

/// <summary>Subtree hashes read from the store: nodes by key, chunks as one query each, both cached.</summary>
public sealed class StoredSubtrees(VigilDbContext db, long size) : ChunkedSubtrees(size)
{
    private readonly Dictionary<(int, long), byte[]?> nodes = [];
    private readonly Dictionary<long, List<byte[]>> chunks = [];
    private readonly AuditEntryBytes bytes = new();

    protected override byte[]? Node(int level, long index)
    {
        if (nodes.TryGetValue((level, index), out var hash)) return hash;
        hash = db.AuditTreeNodes.AsNoTracking().Where(x => x.Level == level && x.Index == index).Select(x => x.Hash).SingleOrDefault();
        return nodes[(level, index)] = hash;
    }

    protected override IReadOnlyList<byte[]> Chunk(long chunk)
    {
        if (chunks.TryGetValue(chunk, out var leaves)) return leaves;
        var first = chunk * AuditTree.ChunkSize + 1;
        var last = Math.Min(Size, first + AuditTree.ChunkSize - 1);
        var entries = db.AuditEntries.AsNoTracking().Where(e => e.Sequence >= first && e.Sequence <= last).OrderBy(e => e.Sequence).ToList();
        if (entries.Count != last - first + 1 || entries.Where((e, i) => e.Sequence != first + i).Any())
            throw new AuditTreeException($"audit entries are missing between #{first} and #{last}: run `vigil audit verify`");
        leaves = entries.Select(bytes.LeafHash).ToList();
        return chunks[chunk] = leaves;
    }
}

/// <summary>Subtree hashes a verifier collected while walking every entry: all nodes of 256 leaves and more, and the
/// leaves of the chunks it was told to keep (a checkpoint's last chunk, and the log's tail).</summary>
public sealed class WalkedSubtrees(IReadOnlyDictionary<(int, long), byte[]> nodes, IReadOnlyDictionary<long, List<byte[]>> chunks, long size)
    : ChunkedSubtrees(size)
{
    protected override byte[]? Node(int level, long index) => nodes.GetValueOrDefault((level, index));

    protected override IReadOnlyList<byte[]> Chunk(long chunk) =>
        chunks.TryGetValue(chunk, out var leaves) ? leaves : throw new InvalidOperationException($"chunk {chunk} was not kept");
}
