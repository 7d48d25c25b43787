using System.ComponentModel.DataAnnotations;
using Vigil.Web.Hosting;

namespace Vigil.Web.Features.Cases;

public sealed record CaseResponse(
    Guid Id,
    string Reference,
    Guid TeamId,
    int Version,
    string Classification,
    string? SourceClassification,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DeathRecord Record,
    OfficerRef? OfficerInCharge = null)
{
    /// <summary>The case as the API shows it; its <see cref="DeathCase.OfficerInCharge"/> must be loaded when one is named.</summary>
    public static CaseResponse From(DeathCase c) => new(c.Id, c.Reference, c.TeamId, c.Version, c.Classification,
        c.SourceClassification, c.CreatedAt, c.UpdatedAt, CaseRecordMapper.ToRecord(c), OfficerRef.Of(c));
}

/// <summary>A staff user as the API names them: their id and the name people know them by.</summary>
public sealed record OfficerRef(string Id, string DisplayName)
{
    public static OfficerRef? Of(DeathCase c) => c.OfficerInChargeId is { } id
        ? new OfficerRef(id, c.OfficerInCharge?.DisplayName is { Length: > 0 } name ? name : c.OfficerInCharge?.UserName ?? id)
        : null;
}

public sealed record CreateCaseRequest(
    [property: JsonRequired] Guid TeamId,
    [property: Required] DeathRecord Record);

public sealed record UpdateCaseRequest([property: Required] DeathRecord Record);

/// <summary>/api/v1/cases: list (filters, cursor paging), get, create, update with ETag/If-Match.</summary>
public static class CaseApi
{
    public static RouteGroupBuilder MapCaseApi(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Cases");
        cases.MapGet("/", ListAsync).WithName("ListCases").RequireAuthorization(Policies.ReadCases);
        cases.MapGet("/{id:guid}", GetAsync).WithName("GetCase").RequireAuthorization(Policies.ReadCases);
        cases.MapPost("/", CreateAsync).WithName("CreateCase").RequireAuthorization(Policies.EditCases);
        cases.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateCase").RequireAuthorization(Policies.EditCases).RequireIfMatch();
        cases.MapGet("/{id:guid}/audit", AuditAsync).WithName("CaseAudit").RequireAuthorization(Policies.ReadCases);
        cases.MapOfficerInChargeApi();
        return api;
    }

    private static async Task<Results<Ok<CasePage>, ValidationProblem>> ListAsync([AsParameters] CaseFilter filter, CaseAccess access, CancellationToken ct)
    {
        if (filter.Errors() is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await CaseSearch.RunAsync(await access.VisibleAsync(ct), filter, ct));
    }

    private static async Task<Results<Ok<CaseResponse>, NotFound>> GetAsync(Guid id, CaseAccess access, HttpContext http, CancellationToken ct)
    {
        var c = await LoadAsync(access, id, ct);
        if (c is null) return TypedResults.NotFound();
        http.Response.Headers.ETag = ETag(c);
        return TypedResults.Ok(CaseResponse.From(c));
    }

    private static async Task<Results<Created<CaseResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateCaseRequest request, CaseAccess access, CaseCommands commands, HttpContext http, CancellationToken ct)
    {
        if (!await access.CanCreateInTeamAsync(request.TeamId, ct))
            return TypedResults.Problem(statusCode: 403, title: "You can only create cases for your own team.");
        var errors = RecordErrors(request.Record);
        if (errors.Count > 0) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["record"] = [.. errors] });
        if (await commands.ExistsAsync(request.TeamId, request.Record.Source, request.Record.Ref, ct))
            return TypedResults.Problem(statusCode: 409, title: "Your team has a case with this source and ref",
                detail: "Update it with PUT, or import the record (import updates by source and ref).");
        var c = await commands.CreateAsync(request.Record, request.TeamId, ct, OfficerInChargeCommands.DefaultFor(http.User));
        http.Response.Headers.ETag = ETag(c);
        return TypedResults.Created($"/api/v1/cases/{c.Id}", CaseResponse.From(c));
    }

    /// <summary>A body without its record is bad input (400), not a server fault: the route matrix sends "{}" to every write.</summary>
    private static IReadOnlyList<string> RecordErrors(DeathRecord? record) =>
        record is null ? ["Send the death record as \"record\"."] : DeathRecordValidator.Validate(record);

    private static async Task<Results<Ok<CaseResponse>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateCaseRequest request, CaseAccess access, CaseCommands commands, HttpContext http, CancellationToken ct)
    {
        if (IfMatchMissing(http) is { } missing) return missing;
        var c = await LoadAsync(access, id, ct);
        if (c is null) return TypedResults.NotFound();
        if (!await access.CanEditAsync(c, ct)) return TypedResults.Problem(statusCode: 403, title: "You can read this case but not change it.");
        if (Stale(http, c) is { } stale) return stale;
        var errors = RecordErrors(request.Record);
        if (errors.Count > 0) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["record"] = [.. errors] });
        if (await commands.UpdateAsync(c, request.Record with { Source = c.Source, Ref = c.SourceRef }, c.Version, ct) is { } refused)
            return refused.ToProblem();
        http.Response.Headers.ETag = ETag(c);
        return TypedResults.Ok(CaseResponse.From(c));
    }

    private static async Task<Results<Ok<List<AuditItem>>, NotFound>> AuditAsync(Guid id, CaseAccess access, Audit.CaseAuditTrail audit,
        HttpContext http, CancellationToken ct)
    {
        if (!await access.CanReadAsync(id, ct)) return TypedResults.NotFound();
        return TypedResults.Ok(await audit.ForCaseAsync(id, http.User, ct));
    }

    public static string ETag(DeathCase c) => $"\"{c.Version}\"";

    /// <summary>428 when a change to a case does not say which version it was made against.</summary>
    public static ProblemHttpResult? IfMatchMissing(HttpContext http) => string.IsNullOrEmpty(http.Request.Headers.IfMatch.ToString())
        ? TypedResults.Problem(statusCode: 428, title: "If-Match required", detail: "Send the ETag you read (If-Match) so that a newer change is not overwritten.")
        : null;

    /// <summary>412 when the case changed since the caller read it: a change is never applied over one it did not see.</summary>
    public static ProblemHttpResult? Stale(HttpContext http, DeathCase c) => http.Request.Headers.IfMatch.ToString() is var ifMatch && ifMatch != ETag(c)
        ? TypedResults.Problem(statusCode: 412, title: "The case has changed since you read it",
            detail: $"Your copy is {ifMatch}; the case is now {ETag(c)}. Read it again, reapply your change and retry.")
        : null;

    /// <summary>The case with what its record, page and forms show. Not its timeline: the record has none, the page reads
    /// its own (<see cref="CaseTimeline"/>) and a save adds events without reading them, so it was a statement on every
    /// case read that nothing used (ADR 2432).</summary>
    /// <summary>The case with everything its page, its API answer and an edit show. Compiled (ADR 2561): `GET` and `PUT`
    /// ask it on every request, and EF rebuilt and looked up the LINQ tree each time. The case page reads the same
    /// includes with its panel tables in the case row's statement (<see cref="CasePanelRows.LoadCaseAsync"/>, ADR 3199).</summary>
    public static Task<DeathCase?> LoadAsync(CaseAccess access, Guid id, CancellationToken ct) =>
        access.LoadReadableAsync(id, WithRecord, ct);

    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, CancellationToken, Task<DeathCase?>>> WithRecord = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, Guid id, CancellationToken ct) => db.Cases.Where(c => c.Id == id)
            .Include(c => c.People).ThenInclude(p => p.Person)
            .Include(c => c.Toxicology).Include(c => c.Exhibits).Include(c => c.Team).Include(c => c.OfficerInCharge)
            .AsSplitQuery().FirstOrDefault()));
}

public sealed record AuditItem(
    long Sequence,
    DateTime At,
    string Actor,
    string Action,
    string EntityType,
    string Details)
{
    public const string FamilyActor = "family member (portal)";
}
