using System.Security.Cryptography;

namespace Vigil.Data.Audit;

/// <summary>Where the audit HMAC key comes from: an inline base64 value or a file kept outside the database
/// (ADR 0003, 0801). Loading never creates a key: only the first append to an empty chain may, because a key made
/// anywhere else would sign new entries under a key the store was not written with.</summary>
public sealed class AuditKeySource(string? file, string? inlineBase64)
{
    public string? File { get; } = file;

    /// <summary>Where the key was looked for, for messages.</summary>
    public string Describe() => inlineBase64 is { Length: > 0 } ? "VIGIL_AUDIT_KEY" : File ?? "(no key file configured: set Vigil:AuditKeyFile)";

    public byte[]? TryLoad()
    {
        if (inlineBase64 is { Length: > 0 }) return Decode(inlineBase64, "VIGIL_AUDIT_KEY");
        return File is not null && System.IO.File.Exists(File) ? Decode(System.IO.File.ReadAllText(File).Trim(), File) : null;
    }

    /// <summary>A new random key in the key file (owner read/write only). Refuses to replace an existing one.</summary>
    public byte[] Create()
    {
        if (File is null) throw new AuditKeyException($"no audit key: {Describe()}");
        var dir = Path.GetDirectoryName(Path.GetFullPath(File));
        if (dir is not null) Directory.CreateDirectory(dir);
        var key = RandomNumberGenerator.GetBytes(32);
        // CreateNew: two processes starting at once must not each write a key and sign with different ones.
        using (var stream = new FileStream(File, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new StreamWriter(stream)) writer.Write(Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows()) System.IO.File.SetUnixFileMode(File, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return key;
    }

    private static byte[] Decode(string base64, string where)
    {
        try
        {
            var key = Convert.FromBase64String(base64);
            return key.Length >= 16 ? key : throw new AuditKeyException($"the audit key in {where} is too short ({key.Length} bytes)");
        }
        catch (FormatException)
        {
            throw new AuditKeyException($"the audit key in {where} is not base64");
        }
    }
}

/// <summary>The audit key is missing, unreadable or not the one the store was written with: a configuration fault
/// to report as such (exit 2), never as tampering.</summary>
public sealed class AuditKeyException(string message) : Exception(message);
