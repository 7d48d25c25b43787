namespace Vigil.Web.Features.Linkage.Series;

/// <summary>A series as the API returns it (members the caller may see; others counted). <see cref="Summary"/> and each
/// member's reasons are the engine's words, as stored and pinned by its digests; <see cref="SummaryInWords"/> and the
/// members' reasons in words say them as the series page does, one reason a line (ADR 3254).</summary>
public sealed record SeriesResponse(
    Guid Id,
    string Reference,
    string Status,
    string Kind,
    string Summary,
    IReadOnlyList<MemberRow> Members,
    int HiddenMembers,
    IReadOnlyList<SharedFeature> Shared,
    string SummaryInWords);

/// <summary>/api/v1/series: read a series; confirm or reject a death proposed to it.</summary>
public static class SeriesApi
{
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/series").WithTags("Linkage");
        g.MapGet("/{id:guid}", GetAsync).WithName("GetSeries").RequireAuthorization(Policies.ReadCases);
        g.MapPost("/{id:guid}/members/{caseId:guid}/decision", DecideAsync).WithName("DecideSeriesMember").RequireAuthorization(Policies.Analyse);
        return api;
    }

    private static async Task<Results<Ok<SeriesResponse>, NotFound>> GetAsync(Guid id, SeriesDossiers dossiers, VigilDbContext db, HttpContext http, CancellationToken ct)
    {
        if (await dossiers.LoadAsync(id, ct) is not { } d) return TypedResults.NotFound();
        // Reading a series is reading its visible members, as on its page: a view on each member's trail. Before, the API
        // left one "list" entry naming no case, so a token read the members' deaths unseen on their trails (ADR 3234).
        foreach (var m in d.Members)
            Audit.ReadAudit.Record(http, db, Audit.ReadAudit.View, nameof(Data.Cases.DeathCase), m.CaseId.ToString(), m.CaseId, $$"""{"via":"api","series":"{{id}}"}""");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new SeriesResponse(d.Series.Id, d.Series.Reference, d.Series.Status, d.Series.Kind, d.Series.Summary,
            [.. d.Members.Select(m => m with { ReasonsInWords = Alerts.ExplanationWords.SayEach(m.Reasons, d.Recorded) })], d.HiddenMembers, d.Shared,
            Alerts.ExplanationWords.SayEach(d.Series.Summary, d.Recorded)));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult, ValidationProblem>> DecideAsync(
        Guid id, Guid caseId, DecisionRequest request, SeriesDossiers dossiers, LinkDecisions decisions, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["A reason is required: the decision is kept on record."] });
        // Scope first: a proposal reaching outside the analyst's scope does not exist for them.
        if (await dossiers.LoadAsync(id, ct) is not { CanDecide: true } d || d.Members.All(m => m.CaseId != caseId)) return TypedResults.NotFound();
        var refused = await decisions.DecideMemberAsync(id, caseId, request.Confirm, request.Reason, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", user.Identity?.Name ?? "?", ct);
        return refused is null ? TypedResults.NoContent() : refused.ToProblem();
    }
}
