using Vigil.Web.Features.Family.Portal;

namespace Vigil.Web.Features.Import.Page;

/// <summary>An uploaded spreadsheet waiting to be mapped and imported, visible only to the person who uploaded it.</summary>
public sealed record ImportUpload(Guid Id, string OwnerId, string FileName, long Length, DateTime UploadedAt);

/// <summary>Spreadsheets between upload and import, kept outside the web root under generated names (as family uploads
/// are, ADR 0304). They hold personal data, so each is deleted once imported and any left are deleted after a day.</summary>
public sealed class ImportUploads(Microsoft.Extensions.Options.IOptions<VigilSettings> settings, TimeProvider clock)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    public string Folder => Path.Combine(settings.Value.DataFolder, "import-uploads");

    public async Task<(ImportUpload? Upload, string? Refusal)> SaveAsync(IFormFile file, string ownerId, CancellationToken ct)
    {
        var name = UploadStore.DisplayName(file.FileName);
        if (file.Length == 0) return (null, $"\"{name}\" is empty.");
        if (file.Length > ImportApi.MaxImportBytes) return (null, $"\"{name}\" is larger than {ImportApi.MaxImportBytes / (1024 * 1024)} MB.");
        await using var input = file.OpenReadStream();
        var head = new byte[8192];
        var read = await input.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        var isWorkbook = read >= 4 && head.AsSpan(0, 4).SequenceEqual("PK\x03\x04"u8);
        if (!isWorkbook && UploadStore.Sniff(head.AsSpan(0, read)) != "text/plain")
            return (null, $"\"{name}\" is neither a CSV file (UTF-8 text) nor an Excel workbook (.xlsx).");
        Directory.CreateDirectory(Folder);
        Purge();
        var upload = new ImportUpload(Guid.CreateVersion7(), ownerId, name, file.Length, clock.GetUtcNow().UtcDateTime);
        input.Position = 0;
        await using (var output = new FileStream(DataPath(upload.Id), FileMode.CreateNew, FileAccess.Write))
            await input.CopyToAsync(output, ct);
        await File.WriteAllTextAsync(MetaPath(upload.Id), JsonSerializer.Serialize(upload), ct);
        return (upload, null);
    }

    /// <summary>The upload if it exists and belongs to <paramref name="ownerId"/>; anyone else's is not found.</summary>
    public ImportUpload? Find(Guid id, string ownerId)
    {
        var meta = MetaPath(id);
        if (!File.Exists(meta)) return null;
        var upload = JsonSerializer.Deserialize<ImportUpload>(File.ReadAllText(meta));
        return upload is not null && upload.OwnerId == ownerId && File.Exists(DataPath(id)) ? upload : null;
    }

    public FileStream Open(ImportUpload upload) =>
        new(DataPath(upload.Id), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);

    public void Delete(ImportUpload upload)
    {
        File.Delete(DataPath(upload.Id));
        File.Delete(MetaPath(upload.Id));
    }

    private void Purge()
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - KeptFor;
        foreach (var file in new DirectoryInfo(Folder).EnumerateFiles())
            if (file.LastWriteTimeUtc < cutoff) file.Delete();
    }

    private string DataPath(Guid id) => Path.Combine(Folder, id.ToString("N"));
    private string MetaPath(Guid id) => Path.Combine(Folder, id.ToString("N") + ".json");
}

/// <summary>How far each running web import has got, for the page to poll (the import itself runs in its request).</summary>
public sealed class ImportProgress
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Owner, Guid Job), ImportProgressReport> jobs = new();

    public void Report(string owner, Guid job, ImportProgressReport report) => jobs[(owner, job)] = report;

    public ImportProgressReport? Find(string owner, Guid job) => jobs.GetValueOrDefault((owner, job));

    public void Finish(string owner, Guid job) => jobs.TryRemove((owner, job), out _);
}

public sealed record ImportProgressReport(
    [property: System.Text.Json.Serialization.JsonPropertyName("rows")] int Rows,
    [property: System.Text.Json.Serialization.JsonPropertyName("imported")] int Imported,
    [property: System.Text.Json.Serialization.JsonPropertyName("rejected")] int Rejected,
    [property: System.Text.Json.Serialization.JsonPropertyName("percent")] int Percent);
