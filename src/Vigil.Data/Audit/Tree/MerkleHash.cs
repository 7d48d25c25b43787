using System.Numerics;
using System.Security.Cryptography;

namespace Vigil.Data.Audit.Tree;

/// <summary>The hashes of RFC 9162 §2.1.1: SHA-256 with 0x00 before a leaf and 0x01 before two children, so a leaf
/// can never pass for an interior node. A tree of n leaves splits at the largest power of two below n.</summary>
public static class MerkleHash
{
    public const int Size = 32;

    /// <summary>MTH({}) = SHA-256 of nothing.</summary>
    public static byte[] Empty() => SHA256.HashData([]);

    public static byte[] Leaf(ReadOnlySpan<byte> data)
    {
        Span<byte> buffer = data.Length < 1024 ? stackalloc byte[data.Length + 1] : new byte[data.Length + 1];
        buffer[0] = 0x00;
        data.CopyTo(buffer[1..]);
        return SHA256.HashData(buffer);
    }

    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + 2 * Size];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Size)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>k of RFC 9162: the largest power of two smaller than n (n ≥ 2).</summary>
    public static long Split(long n) => (long)BitOperations.RoundUpToPowerOf2((ulong)n) >> 1;

    public static bool IsPowerOfTwo(long n) => n > 0 && (n & (n - 1)) == 0;
}
