using System.Security.Cryptography;

namespace Vigil.Data.Audit.Tree;

/// <summary>The tree-head signing key: ECDSA P-256 (one of RFC 9162's two signature algorithms, and built into .NET),
/// kept outside the database like the audit key (ADR 0802). PKCS#8 PEM, owner-only, with its public key beside it
/// (<c>.pub</c>, SubjectPublicKeyInfo PEM) for anyone who keeps checkpoints. Created only for a log with no signed
/// heads yet, never replaced silently.</summary>
public sealed class AuditSigningKey(string? file)
{
    private readonly Lock gate = new();
    private ECDsa? loaded;

    public string? File { get; } = file;
    public string? PublicFile => File is null ? null : Path.ChangeExtension(File, ".pub");

    public string Describe() => File ?? "(no signing key file: set Vigil:AuditSigningKeyFile)";

    public ECDsa? TryLoadPrivate()
    {
        lock (gate)
        {
            if (loaded is not null) return loaded;
            if (File is null || !System.IO.File.Exists(File)) return null;
            var key = ECDsa.Create();
            key.ImportFromPem(System.IO.File.ReadAllText(File));
            return loaded = key;
        }
    }

    /// <summary>The public key: from the .pub file, else derived from the private key; null when neither exists.</summary>
    public ECDsa? TryLoadPublic()
    {
        if (PublicFile is not null && System.IO.File.Exists(PublicFile))
        {
            var key = ECDsa.Create();
            key.ImportFromPem(System.IO.File.ReadAllText(PublicFile));
            return key;
        }
        return TryLoadPrivate();
    }

    public ECDsa Create()
    {
        if (File is null) throw new AuditKeyException($"no signing key: {Describe()}");
        lock (gate)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(File));
            if (dir is not null) Directory.CreateDirectory(dir);
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using (var stream = new FileStream(File, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new StreamWriter(stream)) writer.Write(key.ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows()) System.IO.File.SetUnixFileMode(File, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            System.IO.File.WriteAllText(PublicFile!, key.ExportSubjectPublicKeyInfoPem());
            return loaded = key;
        }
    }

    /// <summary>A new key, or the one another process sharing the file wrote a moment ago.</summary>
    public ECDsa CreateOrLoad()
    {
        try
        {
            return Create();
        }
        catch (IOException) when (TryLoadPrivate() is { } raced)
        {
            return raced;
        }
    }

    /// <summary>First 4 bytes of SHA-256 of the DER public key: the signed-note key hint.</summary>
    public static byte[] Hint(ECDsa key) => SHA256.HashData(key.ExportSubjectPublicKeyInfo())[..4];

    /// <summary>The log's name in its checkpoints: stable for a key, different between forces' logs.</summary>
    public static string Origin(ECDsa key) => "vigil-audit/" + Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo())[..8]);
}
