using System.Security.Cryptography;

namespace Vigil.Web.Hosting;

/// <summary>Loads the audit HMAC key, creating a random one on first use. The key lives outside the database
/// so that someone who can write to the database cannot re-forge the chain (ADR 0003).</summary>
public static class AuditKey
{
    public static byte[] LoadOrCreate(string path)
    {
        if (Environment.GetEnvironmentVariable("VIGIL_AUDIT_KEY") is { Length: > 0 } inline)
            return Convert.FromBase64String(inline);
        if (File.Exists(path)) return Convert.FromBase64String(File.ReadAllText(path).Trim());
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(path, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return key;
    }
}
