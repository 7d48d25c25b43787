using System.Formats.Tar;
using System.IO.Compression;

namespace Vigil.Web.Features.Backup;

/// <summary>One backup file: a gzip'd tar holding manifest.json and the store's own snapshot (an SQLite database,
/// or a pg_dump archive). Written to FILE.partial and renamed, so a failed backup never leaves a plausible file.</summary>
public static class BackupArchive
{
    public const string SqliteEntry = "vigil.sqlite";
    public const string PostgresEntry = "vigil.pgdump";

    public static async Task WriteAsync(string path, BackupManifest manifest, string dataEntry, string dataFile, CancellationToken ct)
    {
        var partial = path + ".partial";
        await using (var file = File.Create(partial))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(manifest, new JsonSerializerOptions { WriteIndented = true });
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, BackupManifest.EntryName) { DataStream = new MemoryStream(json) }, ct);
            await tar.WriteEntryAsync(dataFile, dataEntry, ct);
        }
        File.Move(partial, path, overwrite: true);
    }

    /// <summary>Unpacks into <paramref name="folder"/>; returns the manifest and the path of the data entry.</summary>
    public static async Task<(BackupManifest Manifest, string DataEntry, string DataFile)> ReadAsync(string path, string folder, CancellationToken ct)
    {
        BackupManifest? manifest = null;
        string? entryName = null, dataFile = null;
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
            }
        }
        if (manifest is null || entryName is null || dataFile is null)
            throw new InvalidDataException($"{path} is not a Vigil backup (no {BackupManifest.EntryName} or store snapshot in it)");
        if (manifest.Format != BackupManifest.CurrentFormat)
            throw new InvalidDataException($"{path} is backup format {manifest.Format}; this Vigil reads format {BackupManifest.CurrentFormat}");
        return (manifest, entryName, dataFile);
    }
}
