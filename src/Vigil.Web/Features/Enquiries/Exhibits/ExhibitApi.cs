namespace Vigil.Web.Features.Enquiries.Exhibits;

public sealed record MovementRequest(
    DateTime? MovedAt, [property: NotBlank] string MovedBy,
    [property: NotBlank] string From, [property: NotBlank] string To,
    [property: NotBlank] string Reason, string? SealNumber);

public sealed record SubmissionRequest(
    [property: NotBlank] string Laboratory, [property: NotBlank] string Examination,
    DateTime? SubmittedAt);

public sealed record ResultRequest([property: NotBlank] string Result);

public sealed record ExaminationRequest(
    [property: NotBlank, OneOf(typeof(ExaminationKinds), nameof(ExaminationKinds.All))] string Kind, [property: NotBlank] string Summary,
    DateTime? ReceivedAt);

/// <summary>/api/v1/cases/{id}/exhibits/{exhibitId}: chain of custody and forensic submissions; /examinations: PM and toxicology.</summary>
public static class ExhibitApi
{
    public static RouteGroupBuilder MapExhibitApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/cases/{id:guid}").WithTags("Exhibits");
        g.MapGet("/exhibits", ListAsync).WithName("ListExhibits").RequireAuthorization(Policies.ReadCases);
        g.MapGet("/exhibits/{exhibitId:guid}/custody", CustodyAsync).WithName("ExhibitCustody").RequireAuthorization(Policies.ReadCases);
        g.MapPost("/exhibits/{exhibitId:guid}/movements", MoveAsync).WithName("MoveExhibit").RequireAuthorization(Policies.EditCases);
        g.MapPost("/exhibits/{exhibitId:guid}/submissions", SubmitAsync).WithName("SubmitExhibit").RequireAuthorization(Policies.EditCases);
        g.MapPost("/exhibits/{exhibitId:guid}/submissions/{submissionId:guid}/result", ResultAsync).WithName("RecordExhibitResult").RequireAuthorization(Policies.EditCases);
        g.MapPost("/examinations", ExaminationAsync).WithName("RecordExamination").RequireAuthorization(Policies.EditCases);
        return api;
    }

    /// <summary>The case's exhibits with their ids: the death record the case route gives carries none (the interchange
    /// format has no ids), so without this a client could not name an exhibit to the custody routes, which since ADR
    /// 3324 are the only way to move an exhibit's forensic action on (ADR 1655).</summary>
    private static async Task<Results<Ok<List<ExhibitDto>>, ProblemHttpResult>> ListAsync(Guid id, CaseAccess access, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.ReadableAsync(access, id, ct);
        if (c is null) return refused!.ToProblem();
        return TypedResults.Ok(c.Exhibits.OrderBy(e => e.Reference, StringComparer.Ordinal).Select(ExhibitDto.Of).ToList());
    }

    private static async Task<Results<Ok<CustodyDto>, ProblemHttpResult>> CustodyAsync(Guid id, Guid exhibitId, CaseAccess access, VigilDbContext db, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.ReadableAsync(access, id, ct);
        if (c?.Exhibits.FirstOrDefault(e => e.Id == exhibitId) is not { } e) return (refused ?? Refusal.NotFound).ToProblem();
        var moves = await db.ExhibitMovements.AsNoTracking().Where(m => m.ExhibitId == e.Id).OrderBy(m => m.MovedAt).ToListAsync(ct);
        var subs = await db.ForensicSubmissions.AsNoTracking().Where(s => s.ExhibitId == e.Id).OrderBy(s => s.SubmittedAt).ToListAsync(ct);
        return TypedResults.Ok(new CustodyDto(e.Reference, e.Tested, [.. moves.Select(ExhibitMovementResponse.Of)], [.. subs.Select(ForensicSubmissionResponse.Of)]));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MoveAsync(Guid id, Guid exhibitId, MovementRequest r, CaseAccess access, CustodyCommands custody, HttpContext http, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.EditableAsync(access, id, ct);
        if (c?.Exhibits.FirstOrDefault(e => e.Id == exhibitId) is not { } e) return (refused ?? Refusal.NotFound).ToProblem();
        var why = await custody.MoveAsync(e, new NewMovement(r.MovedAt, r.MovedBy, r.From, r.To, r.Reason, r.SealNumber), Officer.From(http.User), ct);
        return why is null ? TypedResults.NoContent() : why.ToProblem();
    }

    private static async Task<Results<Ok<ForensicSubmissionResponse>, ProblemHttpResult>> SubmitAsync(Guid id, Guid exhibitId, SubmissionRequest r, CaseAccess access, CustodyCommands custody, HttpContext http, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.EditableAsync(access, id, ct);
        if (c?.Exhibits.FirstOrDefault(e => e.Id == exhibitId) is not { } e) return (refused ?? Refusal.NotFound).ToProblem();
        var (s, why, _) = await custody.SubmitAsync(e, new NewSubmission(r.Laboratory, r.Examination, r.SubmittedAt), Officer.From(http.User), ct);
        return s is null ? why!.ToProblem() : TypedResults.Ok(ForensicSubmissionResponse.Of(s));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ResultAsync(Guid id, Guid exhibitId, Guid submissionId, ResultRequest r, CaseAccess access,
        CustodyCommands custody, VigilDbContext db, HttpContext http, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.EditableAsync(access, id, ct);
        if (c?.Exhibits.FirstOrDefault(e => e.Id == exhibitId) is not { } e) return (refused ?? Refusal.NotFound).ToProblem();
        if (await db.ForensicSubmissions.FirstOrDefaultAsync(s => s.Id == submissionId && s.ExhibitId == e.Id, ct) is not { } s) return Refusal.NotFound.ToProblem();
        var (why, _, _) = await custody.RecordResultAsync(e, s, r.Result, Officer.From(http.User), ct);
        return why is null ? TypedResults.NoContent() : why.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ExaminationAsync(Guid id, ExaminationRequest r, CaseAccess access, CustodyCommands custody, HttpContext http, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.EditableAsync(access, id, ct);
        if (c is null) return refused!.ToProblem();
        var (why, _) = await custody.RecordExaminationAsync(c.Id, new NewExamination(r.Kind, r.Summary, r.ReceivedAt), Officer.From(http.User), ct);
        return why is null ? TypedResults.NoContent() : why.ToProblem();
    }
}
