using System.Text;

namespace Vigil.Data.Audit;

/// <summary>An entry's canonical form as UTF-8, written straight into a reused buffer (no strings): the bytes the
/// HMAC covers (<see cref="AuditHasher.Canonical"/>), and, with the entry's own hash appended and RFC 9162's 0x00
/// prefix, the Merkle leaf (ADR 0802). Single-threaded; one per reader.</summary>
public sealed class AuditEntryBytes
{
    private byte[] buffer = new byte[4096];
    private int canonicalEnd, leafEnd;

    /// <summary>The bytes the keyed hash covers.</summary>
    public ReadOnlySpan<byte> Canonical => buffer.AsSpan(1, canonicalEnd - 1);

    /// <summary>0x00 ‖ canonical ‖ field(hash): SHA-256 of this is the leaf hash.</summary>
    public ReadOnlySpan<byte> LeafInput => buffer.AsSpan(0, leafEnd);

    public void Encode(AuditEntry e)
    {
        var max = 1 + 8 * 24 + 3 * (e.Actor.Length + e.Action.Length + e.EntityType.Length + e.EntityId.Length + e.Changes.Length + e.PreviousHash.Length + e.Hash.Length) + 128;
        if (buffer.Length < max) buffer = new byte[max * 2];
        buffer[0] = 0x00;
        var at = 1;
        Number(ref at, e.Sequence);
        Time(ref at, AuditHasher.Truncate(e.At));
        Text(ref at, e.Actor);
        Text(ref at, e.Action);
        Text(ref at, e.EntityType);
        Text(ref at, e.EntityId);
        CaseId(ref at, e.CaseId);
        Text(ref at, e.Changes);
        Text(ref at, e.PreviousHash);
        canonicalEnd = at;
        Text(ref at, e.Hash);
        leafEnd = at;
    }

    /// <summary>The entry's leaf hash in the Merkle tree.</summary>
    public byte[] LeafHash(AuditEntry e)
    {
        Encode(e);
        return System.Security.Cryptography.SHA256.HashData(LeafInput);
    }

    private void Prefix(ref int at, int length)
    {
        length.TryFormat(buffer.AsSpan(at), out var written, default, CultureInfo.InvariantCulture);
        at += written;
        buffer[at++] = (byte)':';
    }

    private void Text(ref int at, string value)
    {
        Prefix(ref at, value.Length); // length in UTF-16 units, as the string form counts them
        at += Encoding.UTF8.GetBytes(value, buffer.AsSpan(at));
        buffer[at++] = (byte)';';
    }

    private void Number(ref int at, long value)
    {
        Span<byte> digits = stackalloc byte[24];
        value.TryFormat(digits, out var n, default, CultureInfo.InvariantCulture);
        Prefix(ref at, n);
        digits[..n].CopyTo(buffer.AsSpan(at));
        at += n;
        buffer[at++] = (byte)';';
    }

    private void Time(ref int at, DateTime value)
    {
        Prefix(ref at, 27); // yyyy-MM-ddTHH:mm:ss.ffffffZ
        value.TryFormat(buffer.AsSpan(at), out var n, "yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
        at += n;
        buffer[at++] = (byte)';';
    }

    private void CaseId(ref int at, Guid? value)
    {
        if (value is not { } id)
        {
            Prefix(ref at, 0);
            buffer[at++] = (byte)';';
            return;
        }
        Prefix(ref at, 36);
        id.TryFormat(buffer.AsSpan(at), out var n, "D");
        at += n;
        buffer[at++] = (byte)';';
    }
}

/// <summary>Leaf hashes for code off the hot path.</summary>
public static class AuditLeaf
{
    public static byte[] Hash(AuditEntry e) => new AuditEntryBytes().LeafHash(e);
}
