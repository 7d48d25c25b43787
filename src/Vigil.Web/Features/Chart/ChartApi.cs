namespace Vigil.Web.Features.Chart;

public sealed record ChartExport([property: JsonPropertyName("format"), NotBlank, OneOf(typeof(ChartApi), nameof(ChartApi.ExportFormats))] string Format, [property: JsonPropertyName("seed")] string? Seed,
    [property: JsonPropertyName("nodes")] int Nodes, [property: JsonPropertyName("edges")] int Edges);

/// <summary>/api/v1/chart: the chart opened from a death, a person or a series; one hop more from any node; and the
/// record of an export (the PNG and GraphML are drawn in the browser from what is on screen; that they left Vigil is
/// audited here, as every view of the chart is).</summary>
public static class ChartApi
{
    public static readonly IReadOnlyList<string> ExportFormats = ["png", "graphml"];

    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        // 404: the case, person or series the query names is not one the caller can see.
        var g = api.MapGroup("/chart").WithTags("Chart").RequireAuthorization(Policies.ReadCases).ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/", OpenAsync).WithName("OpenChart");
        g.MapGet("/expand", ExpandAsync).WithName("ExpandChart");
        g.MapPost("/exports", ExportAsync).WithName("RecordChartExport");
        return api;
    }

    /// <summary>The seed node's key from the page's query: case, person or series.</summary>
    public static string? Seed(Guid? @case, Guid? person, Guid? series) =>
        @case is { } c ? ChartKinds.Key(ChartKinds.Case, c.ToString()) : person is { } p ? ChartKinds.Key(ChartKinds.Person, p.ToString())
        : series is { } s ? ChartKinds.Key(ChartKinds.Series, s.ToString()) : null;

    private static async Task<Results<Ok<ChartData>, NotFound, ValidationProblem>> OpenAsync(Guid? @case, Guid? person, Guid? series, ChartQueries charts, CaseAccess access, VigilDbContext db, HttpContext http, CancellationToken ct)
    {
        if (Seed(@case, person, series) is not { } seed)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["case"] = ["Open the chart from a case, a person or a series (case=, person= or series=)."] });
        var visible = await access.VisibleAsync(ct);
        if (await charts.ExpandAsync(seed, visible, ct) is not { } data) return TypedResults.NotFound();
        if (series is not null)
        {
            // A series chart starts one hop further: each member's people, so shared people show at once.
            var b = new ChartBuilder();
            b.Merge(data);
            foreach (var member in data.Nodes.Where(n => n.Kind == ChartKinds.Case).ToList())
                if (await charts.ExpandAsync(member.Id, visible, ct) is { } more) b.Merge(more);
            data = b.Build();
        }
        await AuditAsync(http, db, seed, data, ct);
        return TypedResults.Ok(data);
    }

    private static async Task<Results<Ok<ChartData>, NotFound>> ExpandAsync(string? node, ChartQueries charts, CaseAccess access, VigilDbContext db, HttpContext http, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(node) || await charts.ExpandAsync(node, await access.VisibleAsync(ct), ct) is not { } data) return TypedResults.NotFound();
        await AuditAsync(http, db, node, data, ct);
        return TypedResults.Ok(data);
    }

    private static async Task<Results<NoContent, ValidationProblem>> ExportAsync(ChartExport body, VigilDbContext db, CancellationToken ct)
    {
        if (!ExportFormats.Contains(body.Format))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["png or graphml."] });
        db.RecordEvent("export", "Chart", body.Seed ?? "", null, JsonSerializer.Serialize(body));
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task AuditAsync(HttpContext http, VigilDbContext db, string node, ChartData data, CancellationToken ct)
    {
        Audit.ReadAudit.Record(http, db, Audit.ReadAudit.View, "Chart", node, null, JsonSerializer.Serialize(new { nodes = data.Nodes.Count, edges = data.Edges.Count }));
        await db.SaveChangesAsync(ct);
    }
}
