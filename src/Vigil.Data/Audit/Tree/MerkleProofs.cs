namespace Vigil.Data.Audit.Tree;

/// <summary>Gives MTH(D[begin:end]) for the ranges the proof algorithms ask for (from stored nodes, leaves, or both).</summary>
public interface ISubtreeHashes
{
    byte[] Hash(long begin, long end);
}

/// <summary>Inclusion and consistency proofs as RFC 9162 §2.1.3 and §2.1.4 define them, generation and verification.
/// Pure: the tree comes from an <see cref="ISubtreeHashes"/>, so the same code serves the store and the tests.</summary>
public static class MerkleProofs
{
    /// <summary>PATH(m, D[n]): the audit path of leaf m (0-based) in the tree of the first n leaves.</summary>
    public static List<byte[]> Inclusion(ISubtreeHashes tree, long m, long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(m, n);
        var path = new List<byte[]>();
        Path(tree, m, 0, n, path);
        return path;
    }

    private static void Path(ISubtreeHashes tree, long m, long begin, long end, List<byte[]> path)
    {
        var n = end - begin;
        if (n == 1) return;
        var k = MerkleHash.Split(n);
        if (m < k)
        {
            Path(tree, m, begin, begin + k, path);
            path.Add(tree.Hash(begin + k, end));
        }
        else
        {
            Path(tree, m - k, begin + k, end, path);
            path.Add(tree.Hash(begin, begin + k));
        }
    }

    /// <summary>PROOF(m, D[n]): that the tree of the first m leaves is a prefix of the tree of n leaves.</summary>
    public static List<byte[]> Consistency(ISubtreeHashes tree, long m, long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(m);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(m, n);
        var proof = new List<byte[]>();
        SubProof(tree, m, 0, n, true, proof);
        return proof;
    }

    private static void SubProof(ISubtreeHashes tree, long m, long begin, long end, bool whole, List<byte[]> proof)
    {
        var n = end - begin;
        if (m == n)
        {
            if (!whole) proof.Add(tree.Hash(begin, end));
            return;
        }
        var k = MerkleHash.Split(n);
        if (m <= k)
        {
            SubProof(tree, m, begin, begin + k, whole, proof);
            proof.Add(tree.Hash(begin + k, end));
        }
        else
        {
            SubProof(tree, m - k, begin + k, end, false, proof);
            proof.Add(tree.Hash(begin, begin + k));
        }
    }

    /// <summary>RFC 9162 §2.1.3.2.</summary>
    public static bool VerifyInclusion(long leafIndex, long treeSize, byte[] leafHash, IReadOnlyList<byte[]> path, byte[] root)
    {
        if (leafIndex < 0 || leafIndex >= treeSize) return false;
        long fn = leafIndex, sn = treeSize - 1;
        var r = leafHash;
        foreach (var p in path)
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleHash.Node(p, r);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else
            {
                r = MerkleHash.Node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>RFC 9162 §2.1.4.2 (with equal sizes: an empty proof and equal roots).</summary>
    public static bool VerifyConsistency(long first, long second, byte[] firstHash, byte[] secondHash, IReadOnlyList<byte[]> proof)
    {
        if (first <= 0 || first > second) return false;
        if (first == second) return proof.Count == 0 && firstHash.AsSpan().SequenceEqual(secondHash);
        if (proof.Count == 0) return false;
        List<byte[]> path = MerkleHash.IsPowerOfTwo(first) ? [firstHash, .. proof] : [.. proof];
        long fn = first - 1, sn = second - 1;
        while ((fn & 1) == 1) { fn >>= 1; sn >>= 1; }
        byte[] fr = path[0], sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleHash.Node(c, fr);
                sr = MerkleHash.Node(c, sr);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else
            {
                sr = MerkleHash.Node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(firstHash) && sr.AsSpan().SequenceEqual(secondHash);
    }
}
