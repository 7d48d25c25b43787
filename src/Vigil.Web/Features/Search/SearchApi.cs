namespace Vigil.Web.Features.Search;

/// <summary>GET /api/v1/search?q=: the one-box search for other tools. A search is a view of case data: audited.</summary>
public static class SearchApi
{
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        api.MapGet("/search", SearchAsync).WithTags("Search").WithName("Search").RequireAuthorization(Policies.ReadCases);
        return api;
    }

    private static async Task<Results<Ok<SearchResults>, ValidationProblem>> SearchAsync(string? q, SearchService search, CaseAccess access, VigilDbContext db, HttpContext http, CancellationToken ct)
    {
        var plan = new SearchPlan(q ?? "");
        if (!plan.IsValid)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["q"] = [$"Give at least {SearchPlan.MinimumLength} characters: a name, phone, address, reference or words."] });
        var results = await search.RunAsync(plan, await access.ScopeAsync(ct), ct);
        await AuditAsync(http, db, results, "api", ct);
        return TypedResults.Ok(results);
    }

    /// <summary>Who searched for what, and how much they were shown (a search can disclose as much as a view).</summary>
    public static async Task AuditAsync(HttpContext http, VigilDbContext db, SearchResults results, string via, CancellationToken ct)
    {
        var details = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["q"] = results.Query, ["via"] = via, ["hits"] = results.Total,
            ["kinds"] = results.Groups.ToDictionary(g => g.Kind, g => g.Hits.Count),
        });
        Audit.ReadAudit.Record(http, db, "search", "Search", "", null, details);
        await db.SaveChangesAsync(ct);
    }
}
