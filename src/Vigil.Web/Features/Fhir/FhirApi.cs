using Hl7.Fhir.Model;
using Vigil.Web.Features.Import;

namespace Vigil.Web.Features.Fhir;

/// <summary>FHIR R4 out and in: a case as a document bundle; a document bundle imported like a death record; a
/// toxicology laboratory's results attached to the case whose reference they carry.</summary>
public static class FhirApi
{
    public const int MaxBundleBytes = 10 << 20;

    /// <summary>The bodies are FHIR JSON (a Bundle, or a DiagnosticReport): described as JSON, checked by Firely's parser.</summary>
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        api.MapGet("/cases/{id:guid}/fhir", GetAsync).WithTags("FHIR").WithName("GetCaseFhir")
            .RequireAuthorization(Policies.ReadCases).Produces<System.Text.Json.JsonElement>(200, FhirJson.MediaType);
        api.MapPost("/fhir/documents", ImportDocumentAsync).WithTags("FHIR").WithName("ImportFhirDocument")
            .RequireAuthorization(Policies.ImportCases).Accepts<System.Text.Json.JsonElement>(FhirJson.MediaType, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound); // a team or case it names that the caller cannot see
        api.MapPost("/fhir/toxicology", AttachToxicologyAsync).WithTags("FHIR").WithName("AttachFhirToxicology")
            .RequireAuthorization(Policies.EditCases).Accepts<System.Text.Json.JsonElement>(FhirJson.MediaType, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound); // the case its reference names is not one you can see
        return api;
    }

    public static FhirCaseInfo Info(DeathCase c) => new(c.Id, c.Reference, c.Classification, c.Team?.Name, c.UpdatedAt);

    /// <summary>An export is a view of the case it contains: audited like the case page.</summary>
    private static async Task<IResult> GetAsync(Guid id, CaseAccess access, VigilDbContext db, CancellationToken ct)
    {
        var c = await CaseApi.LoadAsync(access, id, ct);
        if (c is null) return TypedResults.NotFound();
        db.RecordEvent("view", nameof(DeathCase), c.Id.ToString(), c.Id, """{"via":"fhir"}""");
        await db.SaveChangesAsync(ct);
        var bundle = FhirBundleWriter.Write(CaseRecordMapper.ToRecord(c), Info(c));
        return Results.Text(FhirJson.Serialize(bundle), FhirJson.MediaType);
    }

    private static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportDocumentAsync(
        Guid team, HttpContext http, CaseAccess access, ImportService importer, Linkage.Outbox.LinkageWorker linkage, CancellationToken ct)
    {
        if (!await access.CanImportIntoTeamAsync(team, ct))
            return TypedResults.Problem(statusCode: 403, title: "You can import only into a team you belong to");
        var (bundle, error) = await ReadAsync(http, ct);
        if (bundle is null) return TypedResults.Problem(statusCode: 400, title: "Not a FHIR R4 bundle", detail: error);
        var (record, problems) = FhirBundleReader.Read(bundle);
        var errors = record is null ? problems : DeathRecordValidator.Validate(record);
        var line = errors.Count > 0 ? new ParsedLine(1, null, string.Join("; ", errors), []) : new ParsedLine(1, record, null, []);
        var summary = await importer.ImportAsync([line], new ImportOptions(team, "fhir", WaitForLinkage: false), null, ct);
        return TypedResults.Ok(await ImportResponse.OfAsync(summary, linkage, ct));
    }

    /// <summary>A laboratory's DiagnosticReport (alone, in a message or in a collection) carrying the Vigil case reference
    /// as its tracking number: its results join the case's toxicology (a substance already there is updated).</summary>
    private static async Task<Results<Ok<CaseResponse>, NotFound, ProblemHttpResult>> AttachToxicologyAsync(
        HttpContext http, CaseAccess access, CaseCommands commands, VigilDbContext db, CancellationToken ct)
    {
        var (bundle, error) = await ReadAsync(http, ct);
        if (bundle is null) return TypedResults.Problem(statusCode: 400, title: "Not a FHIR R4 bundle", detail: error);
        var (reference, results) = FhirToxicology.ResultsOf(bundle);
        if (reference is null)
            return TypedResults.Problem(statusCode: 400, title: "No case reference",
                detail: $"Send a DiagnosticReport whose tracking-number extension ({FhirCodes.TrackingNumber}) has system {FhirCodes.CaseReference} and the Vigil case reference as its value.");
        var id = await (await access.VisibleAsync(ct)).Where(c => c.Reference == reference).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        var c = id is { } found ? await CaseApi.LoadAsync(access, found, ct) : null;
        if (c is null) return TypedResults.NotFound();
        if (!await access.CanEditAsync(c, ct)) return TypedResults.Problem(statusCode: 403, title: "You can read this case but not change it.");
        if (results.Count == 0) return TypedResults.Problem(statusCode: 400, title: "The report has no results with a substance");
        var record = CaseRecordMapper.ToRecord(c);
        var merged = (record.Toxicology ?? []).Where(t => !results.Any(n => string.Equals(n.Substance, t.Substance, StringComparison.OrdinalIgnoreCase))).Concat(results).ToList();
        if (await commands.UpdateAsync(c, record with { Toxicology = merged }, c.Version, ct) is { } refused)
            return refused.ToProblem();
        return TypedResults.Ok(CaseResponse.From(c));
    }

    private static async Task<(Bundle?, string?)> ReadAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Request.ContentLength > MaxBundleBytes) return (null, $"the bundle is larger than {MaxBundleBytes >> 20} MB");
        using var reader = new StreamReader(http.Request.Body);
        return FhirJson.ParseBundle(await reader.ReadToEndAsync(ct));
    }
}
