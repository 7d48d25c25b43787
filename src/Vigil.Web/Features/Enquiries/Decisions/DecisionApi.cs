namespace Vigil.Web.Features.Enquiries.Decisions;

public sealed record DecisionDto(
    Guid Id, int Sequence,
    DateTime At, string Kind,
    [property: JsonPropertyName("from")] string? FromCategory, [property: JsonPropertyName("to")] string? ToCategory,
    string Rationale, [property: JsonPropertyName("facts_relied_on")] string? Facts,
    string DecidedBy, [property: JsonPropertyName("decided_by_role")] string Role,
    string? BlockedBy, Guid? Signs)
{
    public static DecisionDto From(CaseDecision d) => new(d.Id, d.Sequence, d.At, d.Kind, d.FromCategory, d.ToCategory, d.Rationale,
        d.FactsReliedOn, d.DecidedBy, d.DecidedByRole, d.BlockedBy, d.SignsDecisionId);
}

public sealed record ClassifyRequest(
    [property: NotBlank, OneOf(typeof(ClassificationCommands), nameof(ClassificationCommands.Decisions))] string To, [property: NotBlank] string Rationale,
    [property: JsonPropertyName("facts_relied_on")] string? Facts, string? OverrideReason);

public sealed record SignRequest([property: NotBlank] string Reason);

public sealed record DeclineRequest([property: NotBlank] string Reason);

public sealed record DecisionOutcomeDto(
    string Outcome, string Classification,
    int Version);

public sealed record GateDto(List<string> Blockers, List<string> RedFlags,
    bool Closed);

/// <summary>/api/v1/cases/{id}: classification (and close/reopen) as decisions, override sign-off or decline, the log and its export.
/// Each decision is made against the case's ETag (If-Match: 428 without it, 412 when stale; ADR 3111).</summary>
public static class DecisionApi
{
    public static RouteGroupBuilder MapDecisionApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/cases/{id:guid}").WithTags("Decisions");
        g.MapGet("/decisions", ListAsync).WithName("ListDecisions").RequireAuthorization(Policies.ReadCases);
        g.MapGet("/decisions.csv", CsvAsync).WithName("ExportDecisionsCsv").RequireAuthorization(Policies.ReadCases).Produces<string>(200, "text/csv");
        g.MapGet("/gate", GateAsync).WithName("ClassificationGate").RequireAuthorization(Policies.ReadCases);
        g.MapPost("/classification", ClassifyAsync).WithName("Classify").RequireAuthorization(Policies.EditCases).RequireIfMatch();
        g.MapPost("/decisions/{decisionId:guid}/sign", SignAsync).WithName("SignOverride").RequireAuthorization(Policies.Supervise).RequireIfMatch();
        g.MapPost("/decisions/{decisionId:guid}/decline", DeclineAsync).WithName("DeclineOverride").RequireAuthorization(Policies.Supervise).RequireIfMatch()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return api;
    }

    private static async Task<Results<Ok<List<DecisionDto>>, ProblemHttpResult>> ListAsync(Guid id, CaseAccess access, DecisionLog log, VigilDbContext db, HttpContext http, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.ReadableAsync(access, id, ct);
        if (c is null) return refused!.ToProblem();
        Audit.ReadAudit.Record(http, db, "export", nameof(CaseDecision), c.Id.ToString(), c.Id, """{"format":"json"}""");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok((await log.ForCaseAsync(c.Id, ct)).Select(DecisionDto.From).ToList());
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CsvAsync(Guid id, CaseAccess access, DecisionLog log, VigilDbContext db, HttpContext http, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.ReadableAsync(access, id, ct);
        if (c is null) return refused!.ToProblem();
        Audit.ReadAudit.Record(http, db, "export", nameof(CaseDecision), c.Id.ToString(), c.Id, """{"format":"csv"}""");
        await db.SaveChangesAsync(ct);
        var csv = DecisionCsv.Write(await log.ForCaseAsync(c.Id, ct));
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv", $"{c.Reference}-decisions.csv");
    }

    private static async Task<Results<Ok<GateDto>, ProblemHttpResult>> GateAsync(Guid id, CaseAccess access, ClassificationGate gate, ClosedCaseGate closure, VigilDbContext db, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.ReadableAsync(access, id, ct);
        if (c is null) return refused!.ToProblem();
        var flags = await RedFlags.ForCaseAsync(db, c.Id, ct);
        return TypedResults.Ok(new GateDto(await gate.BlockersAsync(c.Id, ct), flags.Select(f => f.Id).ToList(), await closure.IsClosedAsync(c.Id, ct)));
    }

    private static async Task<Results<Ok<DecisionOutcomeDto>, Accepted<DecisionOutcomeDto>, ProblemHttpResult>> ClassifyAsync(Guid id, ClassifyRequest r,
        CaseAccess access, ClassificationCommands commands, HttpContext http, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.EditableAsync(access, id, ct);
        if (c is null) return refused!.ToProblem();
        if ((CaseApi.IfMatchMissing(http) ?? CaseApi.Stale(http, c)) is { } unseen) return unseen;
        var (outcome, why) = await commands.DecideAsync(c, new ClassificationRequest(r.To, r.Rationale ?? "", r.Facts, r.OverrideReason), Officer.From(http.User), ct);
        return Answer(c, outcome, why, http);
    }

    private static async Task<Results<Ok<DecisionOutcomeDto>, Accepted<DecisionOutcomeDto>, ProblemHttpResult>> SignAsync(Guid id, Guid decisionId, SignRequest r,
        CaseAccess access, ClassificationCommands commands, HttpContext http, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.EditableAsync(access, id, ct);
        if (c is null) return refused!.ToProblem();
        if ((CaseApi.IfMatchMissing(http) ?? CaseApi.Stale(http, c)) is { } unseen) return unseen;
        var (outcome, why) = await commands.SignAsync(c, decisionId, r.Reason ?? "", Officer.From(http.User), ct);
        return Answer(c, outcome, why, http);
    }

    /// <summary>A supervisor's "no" to an override request (issue 9): the category stays, the log records the reason, and
    /// the audit chain records the new decision row like every other.</summary>
    private static async Task<Results<Ok<DecisionOutcomeDto>, ProblemHttpResult>> DeclineAsync(Guid id, Guid decisionId, DeclineRequest r,
        CaseAccess access, ClassificationCommands commands, HttpContext http, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.EditableAsync(access, id, ct);
        if (c is null) return refused!.ToProblem();
        if ((CaseApi.IfMatchMissing(http) ?? CaseApi.Stale(http, c)) is { } unseen) return unseen;
        if (await commands.DeclineAsync(c, decisionId, r.Reason ?? "", Officer.From(http.User), ct) is { } why) return why.ToProblem();
        http.Response.Headers.ETag = CaseApi.ETag(c);
        return TypedResults.Ok(new DecisionOutcomeDto("declined", c.Classification, c.Version));
    }

    private static Results<Ok<DecisionOutcomeDto>, Accepted<DecisionOutcomeDto>, ProblemHttpResult> Answer(DeathCase c, DecisionOutcome outcome, Refusal? why, HttpContext http)
    {
        if (why is not null) return why.ToProblem();
        http.Response.Headers.ETag = CaseApi.ETag(c);
        var dto = new DecisionOutcomeDto(outcome == DecisionOutcome.Applied ? "applied" : "awaiting-sign-off", c.Classification, c.Version);
        return outcome == DecisionOutcome.Applied ? TypedResults.Ok(dto) : TypedResults.Accepted($"/api/v1/cases/{c.Id}/decisions", dto);
    }
}
