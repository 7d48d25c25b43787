using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Vigil.Web.Tests.Infrastructure.Contract;

/// <summary>The app's own OpenAPI document, asked what it promises for one answer: is the path there, is the status
/// listed for that operation, is the content type one it names, does the JSON body validate against its schema
/// (JsonSchema.Net; OpenAPI 3.1 schemas are JSON Schema 2020-12, components become $defs).</summary>
public sealed class ApiDocument
{
    private readonly JsonObject paths;
    private readonly string definitions;
    private readonly List<(Regex Pattern, string Template, int Parameters)> templates;
    private readonly ConcurrentDictionary<string, JsonSchema> schemas = new();

    public ApiDocument(string openApiJson)
    {
        var root = JsonNode.Parse(openApiJson)!.AsObject();
        paths = root["paths"]!.AsObject();
        definitions = (root["components"]?["schemas"] ?? new JsonObject()).ToJsonString();
        // "/api/v1/cases/" is the route "/api/v1/cases": routing ignores a trailing slash, and so does the check.
        templates = paths.Select(p => (new Regex("^" + Regex.Replace(Regex.Escape(p.Key), @"\\\{[^}]+}", "[^/]+") + "/?$"), p.Key, p.Key.Count(c => c == '{')))
            .OrderBy(t => t.Item3).ToList();
    }

    /// <summary>The document's path for a request path, the most literal match first; null when the document has none.</summary>
    public string? TemplateFor(string path) => templates.FirstOrDefault(t => t.Pattern.IsMatch(path)).Template;

    /// <summary>What is wrong with this answer according to the document, or null when it conforms.</summary>
    public string? Check(ApiExchange x)
    {
        var where = $"{x.Method} {x.Path} → {x.Status}";
        if (TemplateFor(x.Path) is not { } template) return $"{where}: the document has no path {x.Path}";
        if (paths[template]![x.Method.ToLowerInvariant()] is not JsonObject operation) return $"{where}: the document has no {x.Method} on {template}";
        if (operation["responses"]?[x.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] is not JsonObject response)
            return $"{where}: {x.Method} {template} does not list {x.Status} (it lists {string.Join(", ", operation["responses"]!.AsObject().Select(r => r.Key))})";
        if (x.Status is >= 200 and < 300 && CheckRequest(operation, x) is { } accepted)
            return $"{where}: the API accepted a request body its document refuses ({accepted}); fix the test or the document";
        if (x.Body.Length == 0) return null;
        var media = x.ContentType ?? "";
        if (response["content"] is not JsonObject content || content.Count == 0)
            return $"{where}: a {media} body where the document promises none";
        if (content[media] is not JsonObject described)
            return $"{where}: {media} is not among {string.Join(", ", content.Select(c => c.Key))}";
        if (!media.Contains("json", StringComparison.Ordinal) || described["schema"] is not JsonNode schema) return null;
        var results = SchemaFor(schema).Evaluate(JsonNode.Parse(x.Body), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return null;
        var errors = (results.Details ?? []).Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(5);
        return $"{where}: the body does not match {template}'s schema: {string.Join("; ", errors)}";
    }

    /// <summary>What the document refuses in the request body the test sent, or null when it accepts it. Only a JSON
    /// body sent to an operation that describes one is held (a POST with no body described ignores what it is sent).</summary>
    public string? CheckRequest(JsonObject operation, ApiExchange x)
    {
        if (x.RequestBody is not { Length: > 0 } body || operation["requestBody"]?["content"] is not JsonObject content) return null;
        if (content[x.RequestContentType ?? ""] is not JsonObject described) return $"{x.RequestContentType} is not among {string.Join(", ", content.Select(c => c.Key))}";
        if (described["schema"] is not JsonNode schema) return null;
        var results = SchemaFor(schema).Evaluate(JsonNode.Parse(body), new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid ? null : string.Join("; ", (results.Details ?? []).Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(5));
    }

    /// <summary>The operation the document lists for this method and request path, or null.</summary>
    public JsonObject? Operation(string method, string path) =>
        TemplateFor(path) is { } template ? paths[template]![method.ToLowerInvariant()] as JsonObject : null;

    private JsonSchema SchemaFor(JsonNode schema) => schemas.GetOrAdd(schema.ToJsonString(), text =>
        JsonSchema.FromText(("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$defs\":" + definitions + ",\"allOf\":[" + text + "]}")
            .Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal)));

    public static string MediaType(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
}

public sealed record ApiExchange(string Method, string Path, int Status, string? ContentType, byte[] Body)
{
    public string? RequestContentType { get; init; }
    public byte[]? RequestBody { get; init; }
}
