using System.Security.Cryptography;

namespace Vigil.Web.Hosting;

/// <summary>Loads the audit HMAC key, creating a random one on first use. The key lives outside the database
/// so that someone who can write to the database cannot re-forge the chain (ADR 0003). Nodes of one store must
/// share it (VIGIL_AUDIT_KEY, or the same file): it also encrypts the shared key ring (ADR 0901).</summary>
public static class AuditKey
{
    public static byte[] LoadOrCreate(string path)
    {
        if (Environment.GetEnvironmentVariable("VIGIL_AUDIT_KEY") is { Length: > 0 } inline)
            return Convert.FromBase64String(inline);
        if (File.Exists(path)) return Read(path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            // CreateNew: of two processes (or two services) creating the key at once, exactly one wins and the other reads it.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var file = new StreamWriter(path, options);
            file.Write(Convert.ToBase64String(key));
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            return Read(path);
        }
    }

    private static byte[] Read(string path)
    {
        // A key being written by another process this instant: give it a moment to land.
        for (var attempt = 0; ; attempt++)
        {
            var text = File.ReadAllText(path).Trim();
            if (text.Length > 0 || attempt == 20) return Convert.FromBase64String(text);
            Thread.Sleep(50);
        }
    }
}
