using Vigil.Web.Features.Linkage.Queue;

namespace Vigil.Web.Features.Linkage;

public sealed record DecisionRequest(bool Confirm, [property: NotBlank] string? Reason);

/// <param name="Model">The short id of the linkage model that scored it: the one in use now (ADR 3153).</param>
/// <param name="SummaryInWords">The engine's <paramref name="Summary"/> as the comparison page says it, the two deaths'
/// own spellings for its keys (ADR 3254).</param>
public sealed record ExplanationResponse(
    double Probability,
    double Weight,
    string Summary,
    IReadOnlyList<ExplanationItemResponse> Items,
    string? Model,
    string SummaryInWords);

/// <param name="FindingInWords">The engine's <paramref name="Finding"/> as the comparison page says it (ADR 3254).</param>
public sealed record ExplanationItemResponse(string Comparison,
    string Finding, double Weight, string FindingInWords);

/// <summary>/api/v1/linkage: the queue (pairs, and every kind of alert), one candidate's explanation under the model in
/// use, and the analyst's decision.</summary>
public static class LinkageApi
{
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/linkage").WithTags("Linkage");
        g.MapGet("/candidates", ListAsync).WithName("ListLinkCandidates").RequireAuthorization(Policies.ReadLinkage);
        g.MapGet("/alerts", AlertsAsync).WithName("ListLinkageAlerts").RequireAuthorization(Policies.ReadLinkage);
        g.MapGet("/candidates/{id:guid}/explanation", ExplainAsync).WithName("ExplainLinkCandidate").RequireAuthorization(Policies.ReadLinkage);
        g.MapPost("/candidates/{id:guid}/decision", DecideAsync).WithName("DecideLinkCandidate").RequireAuthorization(Policies.Analyse);
        return api;
    }

    /// <summary>One page of pair candidates (?page=, ?size= up to 500); Link rel="next"/"prev" and X-Total-Count say where the rest is.</summary>
    private static async Task<Ok<IReadOnlyList<QueueRow>>> ListAsync(string? status, Guid? caseId, int? page, int? size, LinkageAccess linkage,
        VigilDbContext db, HttpContext http, CancellationToken ct)
    {
        var rows = await QueueQuery.PairsAsync(linkage, db, status ?? Data.Linkage.LinkStatus.Open, page, size, ct, caseId);
        PageLinks.AddHeaders(http, rows);
        return TypedResults.Ok(rows.Items);
    }

    /// <summary>Every kind of alert (pair, person, cluster, series) in one list, as the queue page shows them, one page of
    /// it (?page=, ?size= up to 500) with Link and X-Total-Count headers.</summary>
    private static async Task<Ok<IReadOnlyList<QueueItem>>> AlertsAsync(string? status, Guid? caseId, int? page, int? size, LinkageAccess linkage,
        VigilDbContext db, HttpContext http, CancellationToken ct)
    {
        var items = await QueueQuery.ItemsAsync(linkage, db, status ?? Data.Linkage.LinkStatus.Open, page, size, ct, caseId);
        PageLinks.AddHeaders(http, items);
        return TypedResults.Ok(items.Items);
    }

    private static async Task<Results<Ok<ExplanationResponse>, NotFound>> ExplainAsync(Guid id, LinkageAccess linkage, LinkageEngine engine,
        VigilDbContext db, HttpContext http, CancellationToken ct)
    {
        if (await linkage.FindAsync(id, ct) is not { } found) return TypedResults.NotFound();
        var (e, model) = await engine.ExplainWithModelAsync(found.Newer, found.Earlier, ct);
        // The explanation quotes both deaths (their people by name, ages, causes): both views go on their trails, as the
        // comparison page records them. Before, one "list" entry naming neither (ADR 3234).
        foreach (var c in new[] { found.Newer, found.Earlier })
            Audit.ReadAudit.Record(http, db, Audit.ReadAudit.View, nameof(DeathCase), c.Id.ToString(), c.Id, $$"""{"via":"api","candidate":"{{id}}"}""");
        await db.SaveChangesAsync(ct);
        var recorded = Alerts.ExplanationWords.RecordedIn(found.Newer, found.Earlier);
        return TypedResults.Ok(new ExplanationResponse(e.Score.Probability, e.Score.Weight, e.Summary,
            [.. e.Items.Select(i => new ExplanationItemResponse(i.Comparison.ToString(), i.Finding, i.Weight, Alerts.ExplanationWords.Say(i.Finding, recorded)))], model,
            Alerts.ExplanationWords.Say(e.Summary, recorded)));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult, ValidationProblem>> DecideAsync(
        Guid id, DecisionRequest request, LinkageAccess linkage, LinkDecisions decisions, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["A reason is required: the decision is kept on record."] });
        // Scope first: a candidate reaching outside the analyst's scope does not exist for them.
        if (await linkage.FindAsync(id, ct) is null) return TypedResults.NotFound();
        var refused = await decisions.DecideAsync(id, request.Confirm, request.Reason, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", user.Identity?.Name ?? "?", ct);
        return refused is null ? TypedResults.NoContent() : refused.ToProblem();
    }
}
