using System.ComponentModel.DataAnnotations;

namespace Vigil.Web.Features.Enquiries.Actions;

public sealed record AllocationPick([property: JsonRequired, Range(1, int.MaxValue)] int Number, [property: JsonRequired] int Version);

// The rules the command enforces, stated where the document (and the request filter) read them (ADR 1461).
public sealed record AllocateActionsRequest([property: NotBlank] string? AllocateTo,
    [property: Required, MinLength(1), MaxLength(ActionCommands.MaxAllocation)] List<AllocationPick>? Actions);

/// <summary>One action's outcome: "allocated" (with its new version), "refused" (with the reason) or "held" (it could
/// have been allocated, but the allocation is all or none and another action was refused).</summary>
public sealed record AllocationResultDto(int Number, string Label, string Outcome, string? Reason, int? Version);

public sealed record AllocateActionsResponse(string AllocatedTo, List<AllocationResultDto> Actions);

/// <summary>POST /api/v1/cases/{id}/actions/allocations: the case page's "allocate several at once" (issue 9.3, ADR 1431),
/// through the same command and the same case guard as the page.</summary>
public static class ActionAllocationApi
{
    public const string Allocated = "allocated", Refused = "refused", Held = "held";

    public static RouteGroupBuilder MapActionAllocationApi(this RouteGroupBuilder api)
    {
        api.MapPost("/cases/{id:guid}/actions/allocations", AllocateAsync).WithTags("Actions").WithName("AllocateActions")
            .RequireAuthorization(Policies.EditCases);
        return api;
    }

    private static async Task<Results<Ok<AllocateActionsResponse>, ProblemHttpResult>> AllocateAsync(Guid id, AllocateActionsRequest r, CaseAccess access,
        ActionCommands actions, HttpContext http, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.EditableAsync(access, id, ct);
        if (c is null) return refused!.ToProblem();
        var picks = (r.Actions ?? []).Select(p => (p.Number, p.Version)).ToList();
        var allocation = await actions.AllocateManyAsync(c.Id, picks, r.AllocateTo, Officer.From(http.User), ct);
        var results = allocation.Actions.Select(o => Describe(o, allocation.Refused is null)).ToList();
        if (allocation.Refused is { } why)
            return TypedResults.Problem(statusCode: why.Status, title: why.Title, detail: why.Detail,
                extensions: new Dictionary<string, object?> { ["actions"] = results });
        return TypedResults.Ok(new AllocateActionsResponse(allocation.Actions[0].Action!.AllocatedTo!, results));
    }

    private static AllocationResultDto Describe(AllocationOutcome o, bool done) => o switch
    {
        { Refused: { } why } => new(o.Number, $"A{o.Number}", Refused, why.Detail is null ? why.Title : $"{why.Title} {why.Detail}", o.Action?.Version),
        _ when done => new(o.Number, o.Action!.Label, Allocated, null, o.Action.Version),
        _ => new(o.Number, o.Action!.Label, Held, "Not allocated: the allocation is all or none, and another action was refused.", o.Action.Version),
    };
}
