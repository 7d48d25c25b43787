using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Web.Features.Auth;

namespace Vigil.Web.Features.Import;

public sealed record ImportResponse(
    [property: JsonPropertyName("lines")] int Lines,
    [property: JsonPropertyName("created")] int Created,
    [property: JsonPropertyName("updated")] int Updated,
    [property: JsonPropertyName("rejected")] IReadOnlyList<ImportProblem> Rejected,
    [property: JsonPropertyName("warnings")] IReadOnlyList<ImportProblem> Warnings);

public static class ImportApi
{
    public const long MaxImportBytes = 256L * 1024 * 1024;

    public static IServiceCollection AddVigilImport(this IServiceCollection services)
    {
        services.AddSingleton<ImportService>();
        services.AddSingleton<Page.ImportUploads>();
        services.AddSingleton<Page.ImportProgress>();
        Shared.NavLinks.Add(new Shared.NavLink("Import", "/import", Policies.ImportCases));
        return services;
    }

    /// <summary>POST /api/v1/imports?team=ID with a JSON-lines body (gzip allowed): the same importer as the CLI.</summary>
    public static RouteGroupBuilder MapImportApi(this RouteGroupBuilder api)
    {
        api.MapPost("/imports", ImportAsync).WithTags("Import").WithName("Import")
            .RequireAuthorization(Policies.ImportCases)
            .Accepts<string>("application/x-ndjson", "application/jsonl", "application/gzip");
        return api;
    }

    private static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportAsync(
        Guid team, string? source, HttpContext http, ImportService importer, VigilDbContext db, CancellationToken ct)
    {
        if (!await db.Teams.AnyAsync(t => t.Id == team, ct))
            return TypedResults.Problem(statusCode: 400, title: "Unknown team", detail: "Pass ?team= with the id of an existing team.");
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxImportBytes;
        // The parser reads synchronously line by line; buffer the body to a temp file rather than block a thread on the socket.
        var temp = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(temp)) await http.Request.Body.CopyToAsync(file, ct);
            await using var input = Records.JsonLinesReader.OpenMaybeGzip(temp);
            var summary = await importer.ImportAsync(input, new ImportOptions(team, source ?? "api"), null, ct);
            return TypedResults.Ok(new ImportResponse(summary.Lines, summary.Created, summary.Updated, summary.Rejected, summary.Warnings));
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
