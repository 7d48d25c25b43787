using System.Security.Cryptography;
using System.Text;

namespace Vigil.Data.Audit;

/// <summary>Computes an entry's hash: HMAC-SHA256, keyed by a secret kept outside the database, over a canonical
/// serialisation that includes the previous entry's hash. Without the key, someone with write access to the
/// database cannot forge a consistent chain (ADR 0003).</summary>
public sealed class AuditHasher
{
    public const string Genesis = "genesis";

    private readonly AuditKeySource? source;
    private readonly Lock gate = new();
    private byte[]? key;

    /// <summary>A fixed key (tests, tools).</summary>
    public AuditHasher(byte[] key) => this.key = key;

    /// <summary>The key from its source, loaded once on first use and never created here (see <see cref="EnsureKeyForNewChain"/>).</summary>
    public AuditHasher(AuditKeySource source) => this.source = source;

    public string KeySource => source?.Describe() ?? "(fixed key)";

    public bool HasKey => TryKey() is not null;

    /// <summary>A short public name for the key (HMAC of a constant): tells a wrong key from a tampered chain.</summary>
    public string KeyId => keyId ??= Convert.ToHexStringLower(HMACSHA256.HashData(Key, "vigil audit key id v1"u8)[..8]);

    private string? keyId;

    private byte[] Key => TryKey() ?? throw new AuditKeyException(
        $"the audit key was not found ({KeySource}); this store's entries were written under a key that must be configured (Vigil:AuditKeyFile or VIGIL_AUDIT_KEY)");

    private byte[]? TryKey()
    {
        if (key is not null || source is null) return key;
        lock (gate) return key ??= source.TryLoad();
    }

    /// <summary>Called for the first entry of an empty chain only: creates the key file if there is none yet.</summary>
    public void EnsureKeyForNewChain()
    {
        if (TryKey() is not null || source is null) return;
        lock (gate)
        {
            try
            {
                key ??= source.Create();
            }
            catch (IOException) when (source.TryLoad() is { } raced)
            {
                key = raced; // another process created it a moment ago: use theirs
            }
        }
    }

    /// <summary>A key for another purpose (the data-protection key ring, ADR 0901) derived from the audit key by
    /// HKDF, so it needs no secret of its own and cannot be turned back into the audit key.</summary>
    public byte[] DeriveKey(byte[] purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, Key, 32, salt: [], info: purpose);

    public string Hash(AuditEntry e)
    {
        var canonical = Canonical(e);
        var mac = HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(canonical));
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>A single-threaded hasher that reuses its HMAC and buffers: verifying a million entries should cost
    /// the hashing, not the allocations.</summary>
    public Session StartSession() => new(Key);

    public sealed class Session(byte[] key) : IDisposable
    {
        private readonly HMACSHA256 hmac = new(key);
        private readonly byte[] mac = new byte[32];

        /// <summary>The last entry's canonical and leaf bytes, so a verifier hashes the leaf without encoding twice.</summary>
        public AuditEntryBytes Bytes { get; } = new();

        /// <summary>The same hash as <see cref="AuditHasher.Hash"/>, from the reused buffer and HMAC: a save chaining a
        /// thousand entries (an import batch) builds no canonical string per entry (ADR 1902).</summary>
        public string Hash(AuditEntry e)
        {
            Bytes.Encode(e);
            hmac.TryComputeHash(Bytes.Canonical, mac, out _);
            return Convert.ToHexStringLower(mac);
        }

        public bool Matches(AuditEntry e)
        {
            Bytes.Encode(e);
            hmac.TryComputeHash(Bytes.Canonical, mac, out _);
            Span<byte> expected = stackalloc byte[32];
            return Convert.FromHexString(e.Hash, expected, out _, out var decoded) == System.Buffers.OperationStatus.Done
                && decoded == 32 && CryptographicOperations.FixedTimeEquals(expected, mac);
        }

        public void Dispose() => hmac.Dispose();
    }

    /// <summary>Fields in a fixed order, each length-prefixed so no value can impersonate a separator.</summary>
    public static string Canonical(AuditEntry e)
    {
        var sb = new StringBuilder(256 + e.Changes.Length);
        Append(sb, e);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, AuditEntry e)
    {
        Field(sb, e.Sequence.ToString(CultureInfo.InvariantCulture));
        Field(sb, Truncate(e.At).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture));
        Field(sb, e.Actor);
        Field(sb, e.Action);
        Field(sb, e.EntityType);
        Field(sb, e.EntityId);
        Field(sb, e.CaseId?.ToString("D") ?? "");
        Field(sb, e.Changes);
        Field(sb, e.PreviousHash);
    }

    /// <summary>PostgreSQL keeps microseconds; .NET has 100 ns ticks. Hash what both stores give back.</summary>
    public static DateTime Truncate(DateTime at) =>
        new(at.Ticks - at.Ticks % 10, DateTimeKind.Utc);

    private static void Field(StringBuilder sb, string value) =>
        sb.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');
}
