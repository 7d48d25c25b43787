namespace Vigil.Web.Features.Map;

/// <summary>GET /api/v1/map: the deaths the map draws (the page's script reads it; audited as a view of case data), and
/// the PMTiles file when one is configured (range requests, as the PMTiles reader asks for byte ranges).</summary>
public static class MapApi
{
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        api.MapGet("/map", GetAsync).WithTags("Map").WithName("MapOfDeaths").RequireAuthorization(Policies.ReadCases);
        api.MapGet("/map/places", PlacesAsync).WithTags("Map").WithName("MapPlaces").RequireAuthorization(Policies.ReadCases)
            .WithSummary("Coordinates of the deaths in a box (the case form's place picker): newest first, bounded");
        return api;
    }

    public static WebApplication MapTiles(WebApplication app)
    {
        app.MapGet("/map/tiles.pmtiles", (MapSettings settings, HttpContext http) =>
            {
                if (!settings.HasPmTiles) return Results.NotFound();
                // The force's base map, no case data: the browser may keep it (every other route answers no-store, ADR 3309).
                http.Response.Headers.CacheControl = "private, max-age=86400";
                return Results.File(Path.GetFullPath(settings.PmTilesPath!), "application/octet-stream", enableRangeProcessing: true);
            })
            .RequireAuthorization(Policies.ReadCases).ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<Ok<MapData>, ValidationProblem>> GetAsync([AsParameters] MapFilter filter, MapQuery query, CaseAccess access,
        Linkage.LinkageAccess linkage, IAuthorizationService authorization, VigilDbContext db, HttpContext http, CancellationToken ct)
    {
        if (filter.Errors() is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        var readsLinkage = (await authorization.AuthorizeAsync(http.User, Policies.ReadLinkage)).Succeeded;
        var data = await query.RunAsync(await access.VisibleAsync(ct), filter, ct, new MapSeriesRule(readsLinkage, linkage.AnsweredSeriesAsync));
        Audit.ReadAudit.Record(http, db, "search", "Map", "", null, JsonSerializer.Serialize(new { filter = filter.ToQuery(), deaths = data.Points.Count, series = data.Series.Count }));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(data);
    }

    // Recorded by the default read audit (a list of case data), like every other GET.
    private static async Task<Results<Ok<MapPlacesData>, ValidationProblem>> PlacesAsync([AsParameters] PlacesView view, MapPlaces places, CaseAccess access, CancellationToken ct)
    {
        if (view.Errors() is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await places.RunAsync(await access.VisibleAsync(ct), view, ct));
    }
}
