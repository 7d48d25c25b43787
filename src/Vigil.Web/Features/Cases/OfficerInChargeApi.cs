namespace Vigil.Web.Features.Cases;

/// <summary>Names the officer in charge: a user id from the case's officers, or null for nobody.</summary>
public sealed record OfficerInChargeRequest([property: JsonPropertyName("user_id")] string? UserId);

/// <summary>PUT /api/v1/cases/{id}/officer-in-charge: a supervisor of the case's team names its officer in charge
/// (ADR 1401), against the ETag they read, like any other change to the case.</summary>
public static class OfficerInChargeApi
{
    public static RouteGroupBuilder MapOfficerInChargeApi(this RouteGroupBuilder cases)
    {
        cases.MapPut("/{id:guid}/officer-in-charge", NameAsync).WithName("NameOfficerInCharge").RequireAuthorization(Policies.Supervise).RequireIfMatch();
        return cases;
    }

    private static async Task<Results<Ok<CaseResponse>, NotFound, ProblemHttpResult>> NameAsync(Guid id, OfficerInChargeRequest request,
        CaseAccess access, OfficerInChargeCommands commands, HttpContext http, CancellationToken ct)
    {
        if (CaseApi.IfMatchMissing(http) is { } missing) return missing;
        var c = await CaseApi.LoadAsync(access, id, ct);
        if (c is null) return TypedResults.NotFound();
        if (!await access.CanNameOfficerInChargeAsync(c, ct))
            return TypedResults.Problem(statusCode: 403, title: "Only a supervisor of the case's team names its officer in charge.");
        if (CaseApi.Stale(http, c) is { } stale) return stale;
        if (await commands.NameAsync(c, request.UserId, c.Version, ct) is { } refused) return refused.ToProblem();
        http.Response.Headers.ETag = CaseApi.ETag(c);
        return TypedResults.Ok(CaseResponse.From(c));
    }
}
