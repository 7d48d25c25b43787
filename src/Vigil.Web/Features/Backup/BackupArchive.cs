using System.Formats.Tar;
using System.IO.Compression;

namespace Vigil.Web.Features.Backup;

/// <summary>One backup file: a gzip'd tar holding manifest.json, the store's own snapshot (an SQLite database,
/// or a pg_dump archive) and the family uploads its rows name (<see cref="BackupUploads"/>). Written to FILE.partial and renamed, so a failed backup never leaves a plausible file.</summary>
public static class BackupArchive
{
    public const string SqliteEntry = "vigil.sqlite";
    public const string PostgresEntry = "vigil.pgdump";

    public static async Task WriteAsync(string path, BackupManifest manifest, string dataEntry, string dataFile,
        IReadOnlyList<(string Entry, string File)> uploads, CancellationToken ct)
    {
        var partial = path + ".partial";
        await using (var file = File.Create(partial))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(manifest, new JsonSerializerOptions { WriteIndented = true });
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, BackupManifest.EntryName) { DataStream = new MemoryStream(json) }, ct);
            await tar.WriteEntryAsync(dataFile, dataEntry, ct);
            foreach (var upload in uploads) await tar.WriteEntryAsync(upload.File, upload.Entry, ct);
        }
        File.Move(partial, path, overwrite: true);
    }

    /// <summary>Unpacks into <paramref name="folder"/>; returns the manifest, the path of the data entry and the
    /// extracted family uploads.</summary>
    public static async Task<(BackupManifest Manifest, string DataEntry, string DataFile, List<string> Uploads)> ReadAsync(string path, string folder, CancellationToken ct)
    {
        BackupManifest? manifest = null;
        string? entryName = null, dataFile = null;
        var uploads = new List<string>();
        var uploadFolder = Directory.CreateDirectory(Path.Combine(folder, "uploads")).FullName;
        await using (var file = File.OpenRead(path))
        await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        await using (var tar = new TarReader(gzip))
        {
            while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                if (entry.Name == BackupManifest.EntryName && entry.DataStream is { } json)
                    manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(json, cancellationToken: ct);
                else if (entry.Name is SqliteEntry or PostgresEntry)
                {
                    entryName = entry.Name;
                    dataFile = Path.Combine(folder, entry.Name);
                    await entry.ExtractToFileAsync(dataFile, overwrite: true, ct);
                }
                else if (BackupUploads.StoredName(entry.Name) is { } stored && entry.EntryType == TarEntryType.RegularFile)
                {
                    uploads.Add(Path.Combine(uploadFolder, stored));
                    await entry.ExtractToFileAsync(uploads[^1], overwrite: true, ct);
                }
            }
        }
        if (manifest is null || entryName is null || dataFile is null)
            throw new InvalidDataException($"{path} is not a Vigil backup (no {BackupManifest.EntryName} or store snapshot in it)");
        if (manifest.Format is < BackupManifest.OldestReadable or > BackupManifest.CurrentFormat)
            throw new InvalidDataException($"{path} is backup format {manifest.Format}; this Vigil reads formats {BackupManifest.OldestReadable} to {BackupManifest.CurrentFormat}");
        if (uploads.Count != manifest.FamilyUploads)
            throw new InvalidDataException($"{path} holds {uploads.Count} family uploads where its manifest lists {manifest.FamilyUploads}: the file is damaged");
        return (manifest, entryName, dataFile, uploads);
    }
}
