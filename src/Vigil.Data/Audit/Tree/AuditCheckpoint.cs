using System.Security.Cryptography;
using System.Text;

namespace Vigil.Data.Audit.Tree;

/// <summary>A signed tree head in the transparency-log checkpoint format (a C2SP signed note, as Go's sumdb and
/// Sigstore's Rekor use): origin, size and base64 root, one extension line with the signing time, a blank line, and
/// "— origin base64(key hint ‖ ECDSA signature)". The signature covers the body bytes (ADR 0802).</summary>
public sealed record AuditCheckpoint(string Origin, long TreeSize, byte[] RootHash, DateTime SignedAt, byte[] Signature)
{
    private const string Dash = "\u2014 ";

    public string Body => string.Create(CultureInfo.InvariantCulture,
        $"{Origin}\n{TreeSize}\n{Convert.ToBase64String(RootHash)}\ntime {SignedAt:yyyy-MM-ddTHH:mm:ssZ}\n");

    public string Note => $"{Body}\n{Dash}{Origin} {Convert.ToBase64String(Signature)}\n";

    public string KeyHint => Convert.ToHexStringLower(Signature.AsSpan(0, Math.Min(4, Signature.Length)));

    public static AuditCheckpoint Sign(ECDsa key, long size, byte[] root, DateTime at)
    {
        var unsigned = new AuditCheckpoint(AuditSigningKey.Origin(key), size, root, Seconds(at), []);
        var signature = key.SignData(Encoding.UTF8.GetBytes(unsigned.Body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return unsigned with { Signature = [.. AuditSigningKey.Hint(key), .. signature] };
    }

    /// <summary>True when the signature verifies under <paramref name="key"/> (the hint must match too).</summary>
    public bool VerifiedBy(ECDsa key) =>
        Signature.Length > 4 && Signature.AsSpan(0, 4).SequenceEqual(AuditSigningKey.Hint(key))
        && key.VerifyData(Encoding.UTF8.GetBytes(Body), Signature.AsSpan(4), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public static AuditCheckpoint FromHead(AuditTreeHead h) => new(h.Origin, h.TreeSize, h.RootHash, h.SignedAt, h.Signature);

    public AuditTreeHead ToHead() => new() { TreeSize = TreeSize, RootHash = RootHash, SignedAt = SignedAt, Origin = Origin, Signature = Signature };

    /// <summary>Reads a checkpoint file; a clear message for anything that is not one.</summary>
    public static AuditCheckpoint Parse(string text)
    {
        var split = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", 2);
        if (split.Length != 2) throw new FormatException("not a signed checkpoint: no blank line between the body and the signature");
        var body = split[0].Split('\n');
        if (body.Length < 4 || !body[3].StartsWith("time ", StringComparison.Ordinal))
            throw new FormatException("not a Vigil checkpoint: expected origin, size, root and time lines");
        if (!long.TryParse(body[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)) throw new FormatException($"tree size '{body[1]}' is not a number");
        var signatureLine = split[1].Split('\n').FirstOrDefault(l => l.StartsWith(Dash + body[0] + " ", StringComparison.Ordinal))
            ?? throw new FormatException($"no signature by '{body[0]}'");
        try
        {
            var root = Convert.FromBase64String(body[2]);
            var at = DateTime.ParseExact(body[3][5..], "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            var signature = Convert.FromBase64String(signatureLine[(Dash.Length + body[0].Length + 1)..]);
            return root.Length == MerkleHash.Size ? new AuditCheckpoint(body[0], size, root, at, signature) : throw new FormatException("the root hash is not 32 bytes");
        }
        catch (FormatException ex) when (!ex.Message.StartsWith("the root", StringComparison.Ordinal))
        {
            throw new FormatException($"not a valid checkpoint: {ex.Message}", ex);
        }
    }

    private static DateTime Seconds(DateTime at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
