using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Vigil.Web.Features.Import;

/// <summary>What the OpenAPI document says about POST /api/v1/imports (issue 14, ADR 1461): the body is JSON lines,
/// one death-record v1 object per line. OpenAPI 3.1 has no per-line schema (3.2's <c>itemSchema</c>), so each JSON-lines
/// media type is text whose description points at the format and whose <c>x-item-schema</c> extension refers to the
/// DeathRecord schema a line must match; gzip is the same text compressed.</summary>
public sealed class ImportApiDocs : IOpenApiOperationTransformer
{
    public const string OperationId = "Import";
    public const string Spec = "docs/spec/death-record-v1.md";
    private static readonly string[] JsonLines = ["application/x-ndjson", "application/jsonl"];

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId != OperationId) return Task.CompletedTask;
        var body = new OpenApiRequestBody
        {
            Required = true,
            Description = $"Death records in the death-record v1 format ({Spec}), one JSON object per line (JSON lines), "
                + $"UTF-8, at most {ImportApi.MaxImportBytes >> 20} MB. Each line is held to the DeathRecord schema; a line that "
                + "does not parse or breaks a rule is rejected with its line number and the rest are imported. A record "
                + "updates the team's case with the same source and ref, so importing a file twice changes nothing.",
            Content = new Dictionary<string, OpenApiMediaType>(),
        };
        foreach (var type in JsonLines)
            body.Content[type] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "JSON lines: one DeathRecord object per line." },
                Extensions = new Dictionary<string, IOpenApiExtension>
                {
                    ["x-item-schema"] = new JsonNodeExtension(new JsonObject { ["$ref"] = "#/components/schemas/DeathRecord" }),
                },
            };
        body.Content["application/gzip"] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The same JSON lines, gzip-compressed." },
        };
        operation.RequestBody = body;
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
            response.Description = "Every line is stored: lines read, cases created and updated, each rejected line (line number, "
                + "reference where known, reason) and warning, and how many deaths still wait for linkage (this import's among "
                + "them; 0 with waitForLinkage=true). Rejected lines are not stored; fix them and send them again.";
        return Task.CompletedTask;
    }
}
