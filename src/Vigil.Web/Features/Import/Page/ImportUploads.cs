using Vigil.Data.Interop;
using Vigil.Web.Features.Family.Portal;

namespace Vigil.Web.Features.Import.Page;

/// <summary>Spreadsheets between upload and import, kept in the store (ADR 1622: whichever node serves the mapping page
/// or the import finds them), visible only to the person who uploaded them. They hold personal data, so each is deleted
/// once imported and any left are deleted after a day. A node reads one through a copy in its data folder, made
/// on first use and reused (the bytes never change): the spreadsheet readers need a file they can seek in.</summary>
public sealed class ImportUploads(VigilDbContext db, IOptions<VigilSettings> settings, TimeProvider clock)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    /// <summary>This node's copies of uploads it has read, by upload id: in the store's data folder, where uploads
    /// were kept before ADR 1622, not in the machine's shared temporary folder (they hold personal data).</summary>
    public string CacheFolder => Path.Combine(settings.Value.DataFolder, "import-uploads");

    public async Task<(ImportUpload? Upload, string? Refusal)> SaveAsync(IFormFile file, string ownerId, CancellationToken ct)
    {
        var name = UploadStore.DisplayName(file.FileName);
        if (file.Length == 0) return (null, $"\"{name}\" is empty.");
        if (file.Length > ImportApi.MaxImportBytes) return (null, $"\"{name}\" is larger than {ImportApi.MaxImportBytes / (1024 * 1024)} MB.");
        await using var input = file.OpenReadStream();
        var chunk = new byte[ImportUploadChunk.Size];
        var read = await input.ReadAtLeastAsync(chunk, chunk.Length, throwOnEndOfStream: false, ct);
        var head = chunk.AsSpan(0, Math.Min(read, 8192));
        var isWorkbook = read >= 4 && head[..4].SequenceEqual("PK\x03\x04"u8);
        if (!isWorkbook && UploadStore.Sniff(head) != "text/plain")
            return (null, $"\"{name}\" is neither a CSV file (UTF-8 text) nor an Excel workbook (.xlsx).");
        // Read through the upload's own stream, left where it was: a second stream over the same form file moves the
        // first's position under it, which the first refuses at its next read.
        if (isWorkbook && Mapping.WorkbookText.HasOverlongText(input))
            return (null, $"\"{name}\" is not a workbook Excel wrote: it cannot be read, or a cell holds more than {Mapping.WorkbookText.MaxCellCharacters:N0} characters.");
        // A small file can describe a table too large to read (ADR 3333): bounded here, before it is stored.
        if (isWorkbook ? Mapping.TableSize.WorkbookTooLarge(input) : Mapping.TableSize.CsvTooLarge(input))
            return (null, Mapping.TableSize.Refusal(name));
        await PurgeAsync(ct);
        var upload = new ImportUpload { OwnerId = ownerId, FileName = name, Length = file.Length, UploadedAt = clock.GetUtcNow().UtcDateTime };
        // One transaction, a megabyte a statement: a file is stored whole or not at all, never held whole in memory.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ImportUploads.Add(upload);
        await db.SaveChangesAsync(ct);
        for (var number = 0; read > 0; number++)
        {
            var piece = new ImportUploadChunk { UploadId = upload.Id, Number = number, Bytes = chunk[..read] };
            db.ImportUploadChunks.Add(piece);
            await db.SaveChangesAsync(ct);
            db.Entry(piece).State = EntityState.Detached;
            read = await input.ReadAtLeastAsync(chunk, chunk.Length, throwOnEndOfStream: false, ct);
        }
        await tx.CommitAsync(ct);
        return (upload, null);
    }

    /// <summary>The upload if it exists and belongs to <paramref name="ownerId"/>; anyone else's is not found.</summary>
    public Task<ImportUpload?> FindAsync(Guid id, string ownerId, CancellationToken ct) =>
        db.ImportUploads.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.OwnerId == ownerId, ct);

    /// <summary>The upload's bytes as a file this node can seek in: its copy, made now if it has none.</summary>
    public async Task<FileStream> OpenAsync(ImportUpload upload, CancellationToken ct)
    {
        var copy = Path.Combine(CacheFolder, upload.Id.ToString("N"));
        if (!File.Exists(copy))
        {
            Directory.CreateDirectory(CacheFolder);
            var part = copy + "." + Guid.NewGuid().ToString("N") + ".part";
            await using (var output = new FileStream(part, FileMode.CreateNew, FileAccess.Write))
            {
                var count = await db.ImportUploadChunks.CountAsync(c => c.UploadId == upload.Id, ct);
                for (var number = 0; number < count; number++)
                    await output.WriteAsync(await db.ImportUploadChunks.AsNoTracking().Where(c => c.UploadId == upload.Id && c.Number == number)
                        .Select(c => c.Bytes).SingleAsync(ct), ct);
            }
            File.Move(part, copy, overwrite: true); // whole or not at all, whoever finishes first
        }
        return new FileStream(copy, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16);
    }

    public async Task DeleteAsync(ImportUpload upload, CancellationToken ct)
    {
        await db.ImportUploads.Where(u => u.Id == upload.Id).ExecuteDeleteAsync(ct);
        File.Delete(Path.Combine(CacheFolder, upload.Id.ToString("N")));
    }

    /// <summary>The running import's counts, where any node's poll reads them.</summary>
    public Task ReportAsync(ImportUpload upload, Guid job, ImportProgressReport report, CancellationToken ct) =>
        db.ImportUploads.Where(u => u.Id == upload.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.Job, job).SetProperty(u => u.Rows, report.Rows).SetProperty(u => u.Imported, report.Imported)
            .SetProperty(u => u.Rejected, report.Rejected).SetProperty(u => u.Percent, report.Percent), ct);

    /// <summary>How far the owner's import <paramref name="job"/> has got; null once it is done (its upload is deleted).</summary>
    public Task<ImportProgressReport?> ProgressAsync(string ownerId, Guid job, CancellationToken ct) =>
        db.ImportUploads.AsNoTracking().Where(u => u.OwnerId == ownerId && u.Job == job)
            .Select(u => new ImportProgressReport(u.Rows, u.Imported, u.Rejected, u.Percent)).FirstOrDefaultAsync(ct);

    private async Task PurgeAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - KeptFor;
        await db.ImportUploads.Where(u => u.UploadedAt < cutoff).ExecuteDeleteAsync(ct);
        if (!Directory.Exists(CacheFolder)) return;
        // This node's copies of uploads imported or purged anywhere go too: they hold personal data.
        var kept = (await db.ImportUploads.AsNoTracking().Select(u => u.Id).ToListAsync(ct)).Select(id => id.ToString("N")).ToHashSet(StringComparer.Ordinal);
        foreach (var file in new DirectoryInfo(CacheFolder).EnumerateFiles())
            if (!kept.Contains(file.Name) && (!file.Name.EndsWith(".part", StringComparison.Ordinal) || file.LastWriteTimeUtc < cutoff)) file.Delete();
    }
}

public sealed record ImportProgressReport(
    [property: System.Text.Json.Serialization.JsonPropertyName("rows")] int Rows,
    [property: System.Text.Json.Serialization.JsonPropertyName("imported")] int Imported,
    [property: System.Text.Json.Serialization.JsonPropertyName("rejected")] int Rejected,
    [property: System.Text.Json.Serialization.JsonPropertyName("percent")] int Percent);
