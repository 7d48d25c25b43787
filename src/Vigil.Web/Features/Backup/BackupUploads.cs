using System.Security.Cryptography;
using Vigil.Web.Features.Family.Portal;

namespace Vigil.Web.Features.Backup;

/// <summary>Family uploads travel inside the backup (ADR 1595). Since ADR 1621 their bytes are in the store and travel
/// with the snapshot; files in the upload folder are those sent before it, whose rows name a file kept outside the
/// database (ADR 0304): a restore without them would leave those rows pointing at nothing.</summary>
public static class BackupUploads
{
    /// <summary>Archive entries are this folder plus the stored name; nothing else under it is ever extracted.</summary>
    public const string EntryFolder = "family-uploads/";

    /// <summary>The files the store's rows name, read after the snapshot: nothing deletes an upload that has a row, so
    /// the live rows are the snapshot's and perhaps a few newer (harmless extras). Files named by a row but absent from
    /// the folder are returned apart, for the operator to hear of; the backup itself still completes.</summary>
    public static async Task<(List<(string Entry, string File)> Present, List<string> Missing)> ListAsync(VigilDbContext db, UploadStore store, CancellationToken ct)
    {
        var names = await UploadStore.WithoutStoredBytes(db).Select(f => f.StoredName).Distinct().ToListAsync(ct);
        var present = new List<(string, string)>();
        var missing = new List<string>();
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            if (store.LegacyFile(name) is { Exists: true } file) present.Add((EntryFolder + name, file.FullName));
            else missing.Add(name);
        }
        return (present, missing);
    }

    /// <summary>The stored name of an archive entry, or null unless it is exactly a generated upload name (32 hex
    /// digits, as <see cref="UploadStore"/> writes them): a crafted archive cannot write outside the upload folder.</summary>
    public static string? StoredName(string entryName) =>
        entryName.StartsWith(EntryFolder, StringComparison.Ordinal)
        && UploadStore.IsGeneratedName(entryName[EntryFolder.Length..]) ? entryName[EntryFolder.Length..] : null;

    /// <summary>Puts the extracted files into the target's upload folder. A file already there under the same name
    /// (a folder shared with the backed-up store) is kept if its bytes are the same and refused otherwise.</summary>
    public static void Place(IEnumerable<string> extracted, UploadStore store)
    {
        Directory.CreateDirectory(store.Folder);
        foreach (var file in extracted)
        {
            var target = Path.Combine(store.Folder, Path.GetFileName(file));
            if (!File.Exists(target)) File.Copy(file, target);
            else if (Sha256Of(target) != Sha256Of(file))
                throw new InvalidDataException($"{target} already exists with other contents: restore into a store with its own upload folder");
        }
    }

    /// <summary>Every upload row of the restored store whose file is absent or whose bytes differ from the hash taken
    /// when the family sent it.</summary>
    public static async Task<List<string>> CheckAsync(VigilDbContext db, UploadStore store, CancellationToken ct)
    {
        var problems = new List<string>();
        // One upload's bytes in memory at a time (each at most the portal's file limit).
        var inStore = await db.SubmissionFiles.AsNoTracking().Where(f => db.Set<Vigil.Data.Family.SubmissionFileContent>().Any(c => c.SubmissionFileId == f.Id))
            .Select(f => new { f.Id, f.StoredName, f.Sha256 }).ToListAsync(ct);
        foreach (var row in inStore)
        {
            var bytes = await db.SubmissionFileContents.AsNoTracking().Where(c => c.SubmissionFileId == row.Id).Select(c => c.Bytes).SingleAsync(ct);
            if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != row.Sha256)
                problems.Add($"family upload {row.StoredName}: contents differ from the hash taken when it was sent");
        }
        var rows = await UploadStore.WithoutStoredBytes(db).Select(f => new { f.StoredName, f.Sha256 }).ToListAsync(ct);
        foreach (var row in rows)
        {
            if (store.LegacyFile(row.StoredName) is not { Exists: true } file) problems.Add($"family upload {row.StoredName}: missing from {store.Folder}");
            else if (Sha256Of(file.FullName) != row.Sha256) problems.Add($"family upload {row.StoredName}: contents differ from the hash taken when it was sent");
        }
        return problems;
    }

    private static string Sha256Of(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
