namespace Vigil.Web.Features.Enquiries.Actions;

public sealed record ActionDto(
    Guid Id, Guid CaseId,
    int Number, string Label,
    string Title, string? Detail,
    string Source, bool Mandatory,
    string Priority, string Status,
    DateTime RaisedAt, string RaisedBy,
    DateTime DueAt, bool Overdue,
    string? AllocatedTo, string? Result,
    string? ReviewedBy, string? NotPursuedReason,
    int Version, string? Exhibit)
{
    /// <summary><see cref="Exhibit"/>: the reference of the exhibit the action is for, whose result is taken from the
    /// exhibit's chain of custody (its submissions route), not posted as a transition (ADR 3324).</summary>
    public static ActionDto From(CaseAction a, DateTime now) => new(a.Id, a.CaseId, a.Number, a.Label, a.Title, a.Detail, a.Source, a.Mandatory,
        a.Priority, a.Status, a.RaisedAt, a.RaisedBy, a.DueAt, ActionWorkflow.IsOverdue(a, now), a.AllocatedTo, a.Result, a.ReviewedBy, a.NotPursuedReason, a.Version,
        ExhibitLink.Of(a));
}

public sealed record RaiseActionRequest(
    [property: NotBlank] string Title, string? Detail,
    bool Mandatory, [property: OneOf(typeof(ActionPriority), nameof(ActionPriority.All))] string? Priority,
    DateTime? DueAt);

public sealed record MoveActionRequest(
    [property: NotBlank, OneOf(typeof(ActionVerbs), nameof(ActionVerbs.All))] string To, string? AllocateTo,
    string? Text);

/// <summary>/api/v1/cases/{id}/actions: list, raise, read (ETag) and move through the state machine (If-Match required).</summary>
public static class ActionApi
{
    public static RouteGroupBuilder MapActionApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/cases/{id:guid}/actions").WithTags("Actions");
        g.MapGet("/", ListAsync).WithName("ListActions").RequireAuthorization(Policies.ReadCases);
        g.MapPost("/", RaiseAsync).WithName("RaiseAction").RequireAuthorization(Policies.EditCases);
        g.MapGet("/{number:int}", GetAsync).WithName("GetAction").RequireAuthorization(Policies.ReadCases);
        g.MapPost("/{number:int}/transitions", MoveAsync).WithName("MoveAction").RequireAuthorization(Policies.EditCases).RequireIfMatch();
        return api;
    }

    private static async Task<Results<Ok<List<ActionDto>>, ProblemHttpResult>> ListAsync(Guid id, CaseAccess access, ActionCommands actions, TimeProvider clock, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.ReadableRowAsync(access, id, ct);
        if (c is null) return refused!.ToProblem();
        var now = clock.GetUtcNow().UtcDateTime;
        return TypedResults.Ok((await actions.ForCaseAsync(c.Id, ct)).Select(a => ActionDto.From(a, now)).ToList());
    }

    private static async Task<Results<Created<ActionDto>, ProblemHttpResult>> RaiseAsync(Guid id, RaiseActionRequest r, CaseAccess access, ActionCommands actions,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.EditableRowAsync(access, id, ct);
        if (c is null) return refused!.ToProblem();
        var (a, why) = await actions.RaiseAsync(c.Id, new NewAction(r.Title, r.Detail, r.Mandatory, r.Priority ?? ActionPriority.Medium, r.DueAt), Officer.From(http.User), ct);
        if (a is null) return why!.ToProblem();
        http.Response.Headers.ETag = ETag(a);
        return TypedResults.Created($"/api/v1/cases/{c.Id}/actions/{a.Number}", ActionDto.From(a, clock.GetUtcNow().UtcDateTime));
    }

    private static async Task<Results<Ok<ActionDto>, ProblemHttpResult>> GetAsync(Guid id, int number, CaseAccess access, ActionCommands actions,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.ReadableRowAsync(access, id, ct);
        if (c is null) return refused!.ToProblem();
        if (await actions.FindAsync(c.Id, number, ct) is not { } a) return Refusal.NotFound.ToProblem();
        http.Response.Headers.ETag = ETag(a);
        return TypedResults.Ok(ActionDto.From(a, clock.GetUtcNow().UtcDateTime));
    }

    private static async Task<Results<Ok<ActionDto>, ProblemHttpResult>> MoveAsync(Guid id, int number, MoveActionRequest r, CaseAccess access, ActionCommands actions,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.EditableRowAsync(access, id, ct);
        if (c is null) return refused!.ToProblem();
        if (await actions.FindAsync(c.Id, number, ct) is not { } a) return Refusal.NotFound.ToProblem();
        if (CaseApi.IfMatchMissing(http) is { } missing) return missing;
        if (IfMatch(http) is not { } seen)
            return TypedResults.Problem(statusCode: 412, title: $"{a.Label} has changed since you read it",
                detail: $"If-Match {http.Request.Headers.IfMatch} is not a version of {a.Label}; it is now {ETag(a)}. Read it again and retry.");
        var why = await actions.MoveAsync(a, new ActionTransition(r.To, r.AllocateTo, r.Text), Officer.From(http.User), seen, ct);
        if (why is not null) return why.ToProblem();
        http.Response.Headers.ETag = ETag(a);
        return TypedResults.Ok(ActionDto.From(a, clock.GetUtcNow().UtcDateTime));
    }

    public static string ETag(CaseAction a) => $"\"{a.Version}\"";

    /// <summary>The version in an If-Match header; a move requires one (ADR 3111): without it a reallocation could be
    /// made over another officer's, the state machine allowing allocated → allocated.</summary>
    public static int? IfMatch(HttpContext http) =>
        int.TryParse(http.Request.Headers.IfMatch.ToString().Trim('"', 'W', '/'), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
}
