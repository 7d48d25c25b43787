using System.ComponentModel.DataAnnotations;

namespace Vigil.Web.Features.People;

public sealed record MergeRequest([property: JsonRequired] Guid OtherId, [property: NotBlank] string? Reason);

public sealed record SplitRequest([property: Required, MinLength(1)] IReadOnlyList<Guid> AppearanceIds, [property: NotBlank] string? Reason);

public sealed record SplitResponse(Guid NewPersonId);

/// <summary>POST /api/v1/people/{id}/merge and /split: the analyst's record changes, for tools (ADR 0702).</summary>
public static class PersonRecordsApi
{
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/people/{id:guid}").WithTags("People").RequireAuthorization(Policies.Analyse);
        g.MapPost("/merge", MergeAsync).WithName("MergePeople");
        g.MapPost("/split", SplitAsync).WithName("SplitPerson");
        return api;
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> MergeAsync(Guid id, MergeRequest body, PersonRecords records, HttpContext http, CancellationToken ct)
    {
        var (outcome, why) = await records.MergeAsync(id, body.OtherId, body.Reason, By(http.User), ct);
        return outcome switch
        {
            PersonChangeOutcome.Done => TypedResults.NoContent(),
            PersonChangeOutcome.NotFound => TypedResults.NotFound(),
            PersonChangeOutcome.Conflict => TypedResults.Problem(why, statusCode: StatusCodes.Status409Conflict, title: "Already changed"),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [outcome == PersonChangeOutcome.ReasonRequired ? "reason" : "other_id"] = [why ?? "Not valid."] }),
        };
    }

    private static async Task<Results<Ok<SplitResponse>, NotFound, ValidationProblem, ProblemHttpResult>> SplitAsync(Guid id, SplitRequest body, PersonRecords records, HttpContext http, CancellationToken ct)
    {
        var (outcome, why, created) = await records.SplitAsync(id, body.AppearanceIds ?? [], body.Reason, By(http.User), ct);
        return outcome switch
        {
            PersonChangeOutcome.Done => TypedResults.Ok(new SplitResponse(created!.Value)),
            PersonChangeOutcome.NotFound => TypedResults.NotFound(),
            PersonChangeOutcome.Conflict => TypedResults.Problem(why, statusCode: StatusCodes.Status409Conflict, title: "Already changed"),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [outcome == PersonChangeOutcome.ReasonRequired ? "reason" : "appearance_ids"] = [why ?? "Not valid."] }),
        };
    }

    private static string By(ClaimsPrincipal user) => user.Identity?.Name ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
}
