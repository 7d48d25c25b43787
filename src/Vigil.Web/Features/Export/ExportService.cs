using CsvHelper;

namespace Vigil.Web.Features.Export;

/// <summary>Jsonl: death-record v1; Csv: one row per death; Fhir: one FHIR R4 document bundle per line (NDJSON, as FHIR bulk data);
/// GeoJson: one FeatureCollection of points (<see cref="GeoJsonExport"/>).</summary>
public enum ExportFormat { Jsonl, Csv, Fhir, GeoJson }

/// <summary>Writes cases out in death-record v1 (or a flat CSV for spreadsheets), streaming in keyset pages
/// so that a million cases never sit in memory at once. <c>onPage</c> sees each page's case ids before any of them is
/// written, so a caller that audits them (`vigil export`) discloses nothing unrecorded.</summary>
public sealed class ExportService(VigilDbContext db)
{
    public const int PageSize = 1000;

    public async Task<int> ExportAsync(Stream output, ExportFormat format, IQueryable<DeathCase>? scope, CancellationToken ct,
        Func<IReadOnlyList<Guid>, Task>? onPage = null)
    {
        if (format == ExportFormat.GeoJson) return await GeoJsonExport.WriteAsync(output, scope ?? db.Cases, null, onPage, ct);
        var count = 0;
        await using var text = new StreamWriter(output, leaveOpen: true);
        await using var csv = format == ExportFormat.Csv ? CsvWriter.Create(text, CsvWriterOptions.Default, true) : null;
        csv?.WriteHeader(CsvColumns.Header);
        await foreach (var c in StreamAsync(scope ?? db.Cases, onPage, ct))
        {
            var record = CaseRecordMapper.ToRecord(c);
            if (csv is not null) csv.WriteRecord(CsvColumns.Values(c, record));
            else if (format == ExportFormat.Fhir) WriteFhirLine(output, c, record);
            else DeathRecordWriter.WriteLine(output, record);
            count++;
        }
        if (csv is not null) await csv.FlushAsync(ct);
        await text.FlushAsync(ct);
        return count;
    }

    private static void WriteFhirLine(Stream output, DeathCase c, DeathRecord record)
    {
        Fhir.FhirJson.Write(output, Fhir.FhirBundleWriter.Write(record, Fhir.FhirApi.Info(c)));
        output.WriteByte((byte)'\n');
    }

    private async IAsyncEnumerable<DeathCase> StreamAsync(IQueryable<DeathCase> scope, Func<IReadOnlyList<Guid>, Task>? onPage,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? after = null;
        while (true)
        {
            var query = KeysetPage.After(scope, after);
            var page = await query.Take(PageSize)
                .Include(c => c.People).ThenInclude(p => p.Person)
                .Include(c => c.Toxicology).Include(c => c.Exhibits).Include(c => c.Team)
                .AsSplitQuery().ToListAsync(ct);
            if (onPage is not null && page.Count > 0) await onPage([.. page.Select(c => c.Id)]);
            foreach (var c in page) yield return c;
            if (page.Count < PageSize) yield break;
            after = page[^1].Reference;
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>One row per death for spreadsheets; lists are joined with "; ". Every text cell (names, causes, areas, the
    /// source's own reference: typed by officers or brought in by imports) is written so that a spreadsheet never runs it
    /// as a formula (ADR 3014); the coordinates and times, formatted here, are written as they are.</summary>
    private static class CsvColumns
    {
        public static readonly string[] Header =
        [
            "reference", "source", "ref", "found_at", "reported_at", "lat", "lon", "setting", "area", "deceased_name", "sex", "age",
            "position", "scene_features", "toxicology", "cause_of_death", "manner", "classification", "source_classification", "people", "exhibits",
        ];

        public static string[] Values(DeathCase c, DeathRecord r) =>
        [
            Text(c.Reference), Text(c.Source), Text(c.SourceRef), Time(c.FoundAt), c.ReportedAt is { } rep ? Time(rep) : "",
            c.Latitude.ToString("R", CultureInfo.InvariantCulture), c.Longitude.ToString("R", CultureInfo.InvariantCulture),
            Text(c.Setting), Text(c.Area), Text(c.Deceased.Name), Text(c.Deceased.Sex), c.Deceased.Age?.ToString(CultureInfo.InvariantCulture) ?? "",
            Text(c.Position), Text(string.Join("; ", c.SceneFeatureList)), Text(string.Join("; ", (r.Toxicology ?? []).Select(t => t.Substance))),
            Text(c.CauseOfDeath), Text(c.Manner), Text(c.Classification), Text(c.SourceClassification),
            Text(string.Join("; ", (r.People ?? []).Select(p => $"{p.Role}: {p.Name}"))), Text(string.Join("; ", (r.Exhibits ?? []).Select(e => e.Type))),
        ];

        private static string Text(string? value) => SpreadsheetText.Cell(value);

        private static string Time(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
