namespace Vigil.Web.Features.Timelines;

/// <summary>GET /api/v1/timeline?case=|person=|series=: what the visual timeline draws (audited as a view).</summary>
public static class TimelineApi
{
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        api.MapGet("/timeline", GetAsync).WithTags("Timeline").WithName("Timeline").RequireAuthorization(Policies.ReadCases)
            .ProducesProblem(StatusCodes.Status404NotFound); // the case or person the query names is not one you can see
        return api;
    }

    private static async Task<Results<Ok<TimelineData>, NotFound, ValidationProblem>> GetAsync(Guid? @case, Guid? person, Guid? series, TimelineQuery query,
        CaseAccess access, VigilDbContext db, HttpContext http, CancellationToken ct)
    {
        if (@case is null && person is null && series is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["case"] = ["Give case=, person= or series=."] });
        var data = await query.RunAsync(@case, person, series, await access.VisibleAsync(ct), http.User, ct);
        if (data is null) return TypedResults.NotFound();
        Audit.ReadAudit.Record(http, db, Audit.ReadAudit.View, "Timeline", (@case ?? person ?? series).ToString()!, @case, JsonSerializer.Serialize(new { deaths = data.Lanes.Count, items = data.Items.Count }));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(data);
    }
}
