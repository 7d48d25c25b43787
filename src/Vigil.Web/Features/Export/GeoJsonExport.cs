namespace Vigil.Web.Features.Export;

/// <summary>Deaths as one GeoJSON FeatureCollection (RFC 7946) for GIS tools: a Point per death at [longitude, latitude]
/// in WGS84, with the fields the map already shows every case reader (ADR 1163) and nothing from the family file.
/// Written with Utf8JsonWriter in keyset pages of <see cref="ExportService.PageSize"/>, so a million deaths never sit
/// in memory; <c>onPage</c> sees each page's case ids before they are written (the API audits them).</summary>
public static class GeoJsonExport
{
    public const string MediaType = "application/geo+json";

    private sealed record Row(Guid Id, string Reference, DateTime FoundAt, double Latitude, double Longitude, string? Name,
        string? Area, string? Setting, string Classification);

    public static async Task<int> WriteAsync(Stream output, IQueryable<DeathCase> scope, Func<Guid, bool>? include,
        Func<IReadOnlyList<Guid>, Task>? onPage, CancellationToken ct)
    {
        var count = 0;
        await using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        string? after = null;
        while (true)
        {
            var query = KeysetPage.After(scope, after);
            var page = await query.Take(ExportService.PageSize)
                .Select(c => new Row(c.Id, c.Reference, c.FoundAt, c.Latitude, c.Longitude, c.Deceased.Name, c.Area, c.Setting, c.Classification))
                .ToListAsync(ct);
            var written = page.Where(r => HasLocation(r) && (include is null || include(r.Id))).ToList();
            // The page is recorded (audited) before it leaves, so nothing is disclosed unrecorded.
            if (onPage is not null && written.Count > 0) await onPage(written.Select(r => r.Id).ToList());
            foreach (var r in written) Feature(json, r);
            count += written.Count;
            await json.FlushAsync(ct);
            if (page.Count < ExportService.PageSize) break;
            after = page[^1].Reference;
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(ct);
        return count;
    }

    /// <summary>A place GeoJSON can hold: finite WGS84 degrees (a store's rows were validated on entry; this guards old ones).</summary>
    private static bool HasLocation(Row r) =>
        double.IsFinite(r.Latitude) && double.IsFinite(r.Longitude) && Math.Abs(r.Latitude) <= 90 && Math.Abs(r.Longitude) <= 180;

    private static void Feature(Utf8JsonWriter json, Row r)
    {
        json.WriteStartObject();
        json.WriteString("type", "Feature");
        json.WriteString("id", r.Id);
        json.WriteStartObject("geometry");
        json.WriteString("type", "Point");
        json.WriteStartArray("coordinates");
        json.WriteNumberValue(r.Longitude); // RFC 7946 §3.1.1: longitude first
        json.WriteNumberValue(r.Latitude);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteString("reference", r.Reference);
        json.WriteString("found_at", DateTime.SpecifyKind(r.FoundAt, DateTimeKind.Utc));
        json.WriteString("deceased_name", r.Name);
        json.WriteString("area", r.Area);
        json.WriteString("setting", r.Setting);
        json.WriteString("classification", r.Classification);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
