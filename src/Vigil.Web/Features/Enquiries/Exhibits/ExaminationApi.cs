namespace Vigil.Web.Features.Enquiries.Exhibits;

/// <summary>A correction of a result: as it should read (kind and received_at default to the earlier's), or withdraw it.
/// <c>substances</c>, for a toxicology result, replaces the case's toxicology findings (ADR 3369).</summary>
public sealed record CorrectionRequest(string? Kind, string? Summary, DateTime? ReceivedAt, string? Reason, bool? Withdraw, List<RecordToxicology>? Substances);

/// <summary>A post-mortem or toxicology result with its place in the history: "current", "superseded" (by the result whose
/// <c>corrects_id</c> names it) or "withdrawn" (ADR 3368).</summary>
public sealed record ExaminationResponse(
    Guid Id, Guid CaseId, string Kind, DateTime ReceivedAt, string Summary, string RecordedBy, DateTime? RecordedAt,
    Guid? CorrectsId, string Status, DateTime? SupersededAt, string? SupersededBy, string? SupersededReason)
{
    public static ExaminationResponse Of(ExaminationResult x, IEnumerable<ExaminationResult> history) =>
        new(x.Id, x.CaseId, x.Kind, x.ReceivedAt, x.Summary, x.RecordedBy, x.RecordedAt, x.CorrectsId,
            x.SupersededAt is null ? "current" : ExaminationCorrectionRules.IsWithdrawn(x, history) ? "withdrawn" : "superseded",
            x.SupersededAt, x.SupersededBy, x.SupersededReason);
}

/// <summary>/api/v1/cases/{id}/examinations: the results with their history, and their correction (ADR 3368). A
/// correction is made against the result the caller read, named in the route: a result superseded since is refused with
/// 409, as is the second of two corrections saved at once (the result's concurrency token).</summary>
public static class ExaminationApi
{
    public static RouteGroupBuilder MapExaminationApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/cases/{id:guid}/examinations").WithTags("Exhibits");
        g.MapGet("/", ListAsync).WithName("ListExaminations").RequireAuthorization(Policies.ReadCases);
        g.MapPost("/{resultId:guid}/corrections", CorrectAsync).WithName("CorrectExamination").RequireAuthorization(Policies.EditCases);
        return api;
    }

    private static async Task<Results<Ok<List<ExaminationResponse>>, ProblemHttpResult>> ListAsync(Guid id, CaseAccess access, ExaminationCorrector corrector, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.ReadableRowAsync(access, id, ct);
        if (c is null) return refused!.ToProblem();
        return TypedResults.Ok(await HistoryAsync(corrector, c.Id, ct));
    }

    private static async Task<List<ExaminationResponse>> HistoryAsync(ExaminationCorrector corrector, Guid caseId, CancellationToken ct)
    {
        var history = await corrector.HistoryAsync(caseId, ct);
        return [.. history.Select(x => ExaminationResponse.Of(x, history))];
    }

    private static async Task<Results<Ok<List<ExaminationResponse>>, ProblemHttpResult>> CorrectAsync(Guid id, Guid resultId, CorrectionRequest r, CaseAccess access,
        ExaminationCorrector corrector, HttpContext http, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.EditableAsync(access, id, ct);
        if (c is null) return refused!.ToProblem();
        var correction = new ExaminationCorrection(r.Kind, r.Summary, r.ReceivedAt, r.Reason, r.Withdraw == true, r.Substances);
        if (ExaminationCorrectionRules.UnnamedSubstance(correction) is { } unnamed) return unnamed.ToProblem();
        if (await corrector.FindAsync(c.Id, resultId, ct) is not { } before) return Refusal.NotFound.ToProblem();
        var (why, _, _) = await corrector.CorrectAsync(c, before, correction, Officer.From(http.User), ct);
        return why is null ? TypedResults.Ok(await HistoryAsync(corrector, c.Id, ct)) : why.ToProblem();
    }
}
