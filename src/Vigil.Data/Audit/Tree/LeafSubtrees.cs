namespace Vigil.Data.Audit.Tree;

/// <summary>Subtree hashes computed from a run of leaf hashes held in memory (leaves[0] is leaf <c>offset</c>).</summary>
public sealed class LeafSubtrees(IReadOnlyList<byte[]> leaves, long offset = 0) : ISubtreeHashes
{
    public byte[] Hash(long begin, long end)
    {
        if (begin < offset || end > offset + leaves.Count || begin >= end)
            throw new ArgumentOutOfRangeException(nameof(begin), $"leaves {begin}–{end} are not held here ({offset}–{offset + leaves.Count})");
        if (end - begin == 1) return leaves[(int)(begin - offset)];
        var k = MerkleHash.Split(end - begin);
        return MerkleHash.Node(Hash(begin, begin + k), Hash(begin + k, end));
    }
}

/// <summary>The root of a growing log, one leaf at a time, in O(log n) memory: a stack of the perfect subtrees that
/// make up the tree so far (the binary digits of its size). Reports each perfect subtree as it completes, so a
/// verifier can hold it against the stored node.</summary>
public sealed class MerkleAccumulator
{
    private readonly List<(int Level, byte[] Hash)> stack = [];

    public MerkleAccumulator()
    {
    }

    /// <summary>Continues a tree of <paramref name="size"/> leaves from its perfect subtrees, largest first.</summary>
    public MerkleAccumulator(IEnumerable<(int Level, byte[] Hash)> subtrees, long size)
    {
        stack.AddRange(subtrees);
        Size = size;
    }

    public long Size { get; private set; }

    /// <summary>Adds the next leaf; <paramref name="completed"/> is called for every subtree (level, index, hash) it completes.</summary>
    public void Append(byte[] leafHash, Action<int, long, byte[]>? completed = null)
    {
        var (level, hash) = (0, leafHash);
        var index = Size;
        while (stack.Count > 0 && stack[^1].Level == level)
        {
            hash = MerkleHash.Node(stack[^1].Hash, hash);
            stack.RemoveAt(stack.Count - 1);
            level++;
            index >>= 1;
            completed?.Invoke(level, index, hash);
        }
        stack.Add((level, hash));
        Size++;
    }

    /// <summary>MTH of the leaves so far: the subtrees folded from the smallest (rightmost) up.</summary>
    public byte[] Root()
    {
        if (stack.Count == 0) return MerkleHash.Empty();
        var hash = stack[^1].Hash;
        for (var i = stack.Count - 2; i >= 0; i--) hash = MerkleHash.Node(stack[i].Hash, hash);
        return hash;
    }
}
