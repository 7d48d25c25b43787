using System.Security.Cryptography;
using System.Text;

namespace Vigil.Web.Features.Family.Portal;

public sealed record StoredUpload(string DisplayName, string StoredName, string ContentType, long Length, string Sha256, byte[] Bytes);

/// <summary>Files from the family: type decided by their bytes (never the name or the browser's claim), kept in the
/// store with their file row (ADR 1621; before it, under a generated name in the node's upload folder, ADR 0304), with
/// the given name neutralised for display only.</summary>
public sealed class UploadStore(IOptions<FamilyOptions> options, IOptions<VigilSettings> settings)
{
    /// <summary>Where uploads from before ADR 1621 still are: files named after their row's <c>StoredName</c>.</summary>
    public string Folder => options.Value.UploadFolder
        ?? Path.Combine(settings.Value.DataFolder, "family-uploads");

    /// <summary>Null with a plain-words reason when the file is refused.</summary>
    public static string? Refusal(IFormFile file, long maxBytes)
    {
        if (file.Length == 0) return $"\"{DisplayName(file.FileName)}\" is empty.";
        if (file.Length > maxBytes) return $"\"{DisplayName(file.FileName)}\" is too big. Each file can be up to {maxBytes / (1024 * 1024)} MB.";
        return null;
    }

    /// <summary>The file read and checked, ready to be saved with its submission (nothing is written here: a
    /// submission refused or failing leaves nothing behind).</summary>
    public static async Task<(StoredUpload? Upload, string? Refusal)> ReadAsync(IFormFile file, CancellationToken ct)
    {
        var name = DisplayName(file.FileName);
        var bytes = new byte[file.Length];
        await using (var input = file.OpenReadStream())
            await input.ReadExactlyAsync(bytes, ct);
        var type = Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, 8192)));
        if (type is null) return (null, $"\"{name}\" is not a file type we can accept. Please send a PDF, a photo (JPEG or PNG) or a text file.");
        return (new StoredUpload(name, NewId.Version7().ToString("N"), type, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes), null);
    }

    /// <summary>The upload's bytes: from the store, else (an upload from before ADR 1621) from this node's upload
    /// folder; null when neither has them.</summary>
    public async Task<byte[]?> BytesAsync(VigilDbContext db, SubmissionFile file, CancellationToken ct)
    {
        var stored = await db.SubmissionFileContents.AsNoTracking().Where(c => c.SubmissionFileId == file.Id).Select(c => c.Bytes).FirstOrDefaultAsync(ct);
        if (stored is not null) return stored;
        return LegacyFile(file.StoredName) is { Exists: true } legacy ? await File.ReadAllBytesAsync(legacy.FullName, ct) : null;
    }

    /// <summary>The file an upload from before ADR 1621 was kept in, or null unless its stored name is exactly a generated
    /// one (32 hex digits): a row altered in the database (a crafted restore, a direct write) cannot name a path outside
    /// the folder, such as the audit key beside it.</summary>
    public FileInfo? LegacyFile(string storedName) =>
        IsGeneratedName(storedName) ? new FileInfo(Path.Combine(Folder, storedName)) : null;

    /// <summary>Whether a name is one <see cref="ReadAsync"/> generates (32 hex digits): the only names a file in the
    /// upload folder may be read, written or restored under.</summary>
    public static bool IsGeneratedName(string name) => Guid.TryParseExact(name, "N", out _);

    /// <summary>Upload rows from before ADR 1621: their bytes are a file in some node's upload folder, not in the store.</summary>
    public static IQueryable<SubmissionFile> WithoutStoredBytes(VigilDbContext db) =>
        db.SubmissionFiles.AsNoTracking().Where(f => !db.Set<SubmissionFileContent>().Any(c => c.SubmissionFileId == f.Id));

    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8)) return "application/pdf";
        if (head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return "image/png";
        if (head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF })) return "image/jpeg";
        // Plain text: valid UTF-8, no NULs or other binary control bytes. Never served inline, so HTML in it is inert.
        if (head.IndexOf((byte)0) >= 0 || !Utf8Prefix(head)) return null;
        foreach (var b in head) if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D)) return null;
        return "text/plain";
    }

    /// <summary>A file's own name reduced to letters, digits, spaces, dots, dashes and underscores: no paths, no
    /// control or direction-override characters, no markup, no leading dots, at most 100 characters.</summary>
    public static string DisplayName(string? given)
    {
        var name = (given ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var sb = new StringBuilder(name.Length);
        foreach (var ch in name.Normalize(NormalizationForm.FormKC))
            sb.Append(char.IsLetterOrDigit(ch) || ch is ' ' or '.' or '-' or '_' ? ch : '_');
        var clean = sb.ToString().Trim().TrimStart('.', ' ');
        if (clean.Length > 100) clean = clean[..100];
        return clean.Length == 0 ? "file" : clean;
    }

    /// <summary>The name an officer's download is saved under: the family's name (reduced by <see cref="DisplayName"/>) ending
    /// in the extension of the type its bytes were found to be, added after the family's own when it does not. The name is
    /// the sender's: text sent as "statement.js" (or .hta, .bat, .html) was saved under it and ran with a double click on
    /// the officer's workstation (sec61, ADR 3310).</summary>
    public static string DownloadName(string displayName, string contentType)
    {
        string[] extensions = contentType switch
        {
            "application/pdf" => [".pdf"],
            "image/png" => [".png"],
            "image/jpeg" => [".jpg", ".jpeg"],
            _ => [".txt"],
        };
        return extensions.Any(e => displayName.EndsWith(e, StringComparison.OrdinalIgnoreCase)) ? displayName : displayName + extensions[0];
    }

    /// <summary>A text file cut at 8 KB may end mid-character; only the bytes before that are checked.</summary>
    private static bool Utf8Prefix(ReadOnlySpan<byte> head)
    {
        var cut = head.Length;
        while (cut > 0 && head.Length - cut < 3 && (head[cut - 1] & 0xC0) == 0x80) cut--;
        if (cut > 0 && head[cut - 1] >= 0xC0) cut--;
        return System.Text.Unicode.Utf8.IsValid(head[..cut]);
    }
}
