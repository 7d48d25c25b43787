namespace Vigil.Web.Features.Export;

/// <summary>`vigil export` in the audit trail, as the web's exports are (ADR 3144): each page's cases are recorded as
/// exported before the page is written, one entry per case as the GeoJSON API records them, so a case's trail shows
/// every copy of it that left the store; once the file is complete, one entry says what the export was — the format,
/// the file, the filter and the count. The actor is the verb's operating-system user, as for every verb's changes.</summary>
public sealed class CliExportAudit(VigilDbContext db, ExportFormat format, string target)
{
    /// <summary>What the trail names an export that went to the terminal rather than a file.</summary>
    public const string StandardOutput = "standard output";

    /// <summary>The verb exports every case the store holds: it has no filter.</summary>
    private const string NoFilter = "every case";

    private string Details(int? count) => JsonSerializer.Serialize(new
    {
        via = "vigil export", format = format.ToString().ToLowerInvariant(), file = target, filter = NoFilter, count,
    }, IgnoreNulls);

    private static readonly JsonSerializerOptions IgnoreNulls = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Recorded and committed before the page leaves, so nothing is disclosed unrecorded.</summary>
    public async Task PageAsync(IReadOnlyList<Guid> caseIds, CancellationToken ct)
    {
        var details = Details(null);
        foreach (var id in caseIds) db.RecordEvent("export", nameof(DeathCase), id.ToString(), id, details);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The export as a whole, once its file is in place.</summary>
    public async Task DoneAsync(int count, CancellationToken ct)
    {
        db.RecordEvent("export", "Export", target, null, Details(count));
        await db.SaveChangesAsync(ct);
    }
}
