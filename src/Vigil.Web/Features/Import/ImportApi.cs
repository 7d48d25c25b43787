using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;
using Vigil.Data.Diagnostics;

namespace Vigil.Web.Features.Import;

/// <param name="PendingLinkage">Deaths still waiting for the linkage worker when the import answered, this import's
/// among them (0 when the caller asked to wait for linkage): their alerts follow in found_at order (ADR 1592).</param>
/// <param name="Unchanged">Lines naming a case they would not change, which was left as it was (ADR 1630).</param>
public sealed record ImportResponse(
    int Lines,
    int Created,
    int Updated,
    int Unchanged,
    IReadOnlyList<ImportProblem> Rejected,
    IReadOnlyList<ImportProblem> Warnings,
    int PendingLinkage)
{
    public static async Task<ImportResponse> OfAsync(ImportSummary summary, Linkage.Outbox.LinkageWorker linkage, CancellationToken ct) =>
        new(summary.Lines, summary.Created, summary.Updated, summary.Unchanged, summary.Rejected, summary.Warnings,
            summary.PendingLinkage ?? await linkage.PendingAsync(ct));
}

public static class ImportApi
{
    public const long MaxImportBytes = 256L * 1024 * 1024;

    /// <summary>The most a gzip body may inflate to, unless <c>Vigil:Import:MaxInflatedBytes</c> says otherwise: about a
    /// million deaths of London's size (27 MB for 30,166), so no honest batch is refused, while 2 MB of gzip can no longer
    /// hand the importer gigabytes (ADR 1656).</summary>
    public const long DefaultMaxInflatedBytes = 1L << 30;

    public static IServiceCollection AddVigilImport(this IServiceCollection services)
    {
        services.AddSingleton<ImportService>();
        services.AddScoped<Page.ImportUploads>();
        services.AddScoped<Page.SavedMappings>();
        services.AddNavLink(new NavLink("Import", "/import", Policies.ImportCases, Order: 35));
        return services;
    }

    /// <summary>POST /api/v1/imports?team=ID with a JSON-lines body (gzip allowed): the same importer as the CLI,
    /// into one team the caller belongs to; records match only that team's cases (ADR 0501). It answers once every
    /// line is stored (each death is queued for linkage in its own transaction); <c>waitForLinkage=true</c> answers
    /// only once what it queued has been compared (ADR 1592).</summary>
    public static RouteGroupBuilder MapImportApi(this RouteGroupBuilder api)
    {
        api.MapPost("/imports", ImportAsync).WithTags("Import").WithName("Import")
            .RequireAuthorization(Policies.ImportCases)
            .Accepts<string>("application/x-ndjson", "application/jsonl", "application/gzip")
            .ProducesProblem(StatusCodes.Status404NotFound) // a team or case it names that the caller cannot see
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge); // a gzip body that inflates beyond the limit
        return api;
    }

    private static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportAsync(
        Guid team, string? source, HttpContext http, ImportService importer, CaseAccess access,
        Linkage.Outbox.LinkageWorker linkage, IConfiguration configuration, CancellationToken ct, bool waitForLinkage = false)
    {
        // One answer for "not your team" and "no such team": the refusal discloses neither.
        if (!await access.CanImportIntoTeamAsync(team, ct))
            return TypedResults.Problem(statusCode: 403, title: "You can import only into a team you belong to",
                detail: "Pass ?team= with the id of one of your own teams; ask an administrator if you need to import for another team.");
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxImportBytes;
        // The parser reads synchronously line by line; buffer the body to a temp file rather than block a thread on the socket.
        var temp = Path.GetTempFileName();
        using var whole = StageClock.Measure("import api: request");
        try
        {
            using (StageClock.Measure("import api: body to file"))
                await using (var file = File.Create(temp)) await http.Request.Body.CopyToAsync(file, ct);
            await using var input = Records.JsonLinesReader.OpenMaybeGzip(temp);
            var inflatedLimit = configuration.GetValue<long?>("Vigil:Import:MaxInflatedBytes") ?? DefaultMaxInflatedBytes;
            // Counted before a line is stored, so a refused body leaves nothing half-imported.
            if (input is GZipStream && InflatesBeyond(temp, inflatedLimit))
                return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
                    title: $"The body inflates to more than {inflatedLimit:N0} bytes",
                    detail: "Nothing was imported. Send the records in smaller batches, or import the file with `vigil import`.");
            var summary = await importer.ImportAsync(input, new ImportOptions(team, source ?? "api", WaitForLinkage: waitForLinkage), null, ct);
            using (StageClock.Measure("import api: pending count"))
                return TypedResults.Ok(await ImportResponse.OfAsync(summary, linkage, ct));
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Whether the gzip file at <paramref name="path"/> inflates to more than <paramref name="limit"/> bytes,
    /// reading no further than that.</summary>
    private static bool InflatesBeyond(string path, long limit)
    {
        using var inflated = Records.JsonLinesReader.OpenMaybeGzip(path);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            long total = 0;
            int read;
            while (total <= limit && (read = inflated.Read(buffer)) > 0) total += read;
            return total > limit;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
