using Vigil.Web.Features.Map;

namespace Vigil.Web.Features.Export;

/// <summary>GET /api/v1/exports/deaths.geojson: the deaths the caller may see, filtered as the map is (kind, classification,
/// period, area, setting), as GeoJSON for QGIS and the force's mapping tools. Scoped by CaseAccess like every case
/// list; an export is a view of each case it contains, so each case written gets its own audit entry (issue 14, 4).</summary>
public static class GeoJsonApi
{
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        api.MapGet("/exports/deaths.geojson", GetAsync).WithTags("Export").WithName("ExportDeathsGeoJson").RequireAuthorization(Policies.ReadCases)
            .Produces<System.Text.Json.JsonElement>(StatusCodes.Status200OK, GeoJsonExport.MediaType).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }

    private static async Task<IResult> GetAsync([AsParameters] MapFilter filter, MapQuery map, CaseAccess access, VigilDbContext db,
        HttpContext http, CancellationToken ct)
    {
        if (filter.Errors() is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        var scope = MapQuery.Filtered(await access.VisibleAsync(ct), filter);
        var ofKind = await map.OfKindAsync(filter, ct);
        var details = System.Text.Json.JsonSerializer.Serialize(new { format = "geojson", filter = filter.ToQuery() });
        http.Response.ContentType = GeoJsonExport.MediaType;
        http.Response.Headers.ContentDisposition = "attachment; filename=\"deaths.geojson\"";
        await GeoJsonExport.WriteAsync(http.Response.Body, scope, ofKind is null ? null : ofKind.Contains, async ids =>
        {
            foreach (var id in ids) Audit.ReadAudit.Record(http, db, "export", nameof(DeathCase), id.ToString(), id, details);
            await db.SaveChangesAsync(ct);
        }, ct);
        return Results.Empty;
    }
}
