using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Vigil.Web.Hosting;

/// <summary>What every /api/v1 operation promises beyond its own handler (issue 14, point 5): the OpenAPI document lists
/// the problem answers the pipeline itself gives (401 no credentials, 403 refused by policy, 404 for a path that
/// names a resource, 400 for a body), and no free text in a request body carries control characters.</summary>
public static class ApiContract
{
    public const string ProblemJson = "application/problem+json";

    public static RouteGroupBuilder WithApiContract(this RouteGroupBuilder api)
    {
        api.AddEndpointFilter<CookieWriteFilter>();
        api.AddEndpointFilter<FreeTextFilter>();
        api.AddEndpointFilter<RequestRuleFilter>();
        // Finally: after each endpoint's own conventions, so its authorisation metadata is there to read.
        ((IEndpointConventionBuilder)api).Finally(b =>
        {
            if (b is not RouteEndpointBuilder route) return;
            // A bare 4xx (TypedResults.NotFound(), Produces(404)) is answered as a problem by the status-code pages.
            foreach (var bare in b.Metadata.OfType<IProducesResponseTypeMetadata>().Where(m => m.StatusCode is >= 400 and < 500 && !m.ContentTypes.Any()).ToList())
                b.Metadata.Remove(bare);
            var declared = b.Metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).ToHashSet();
            void Problem(int status)
            {
                if (declared.Add(status)) b.Metadata.Add(new ProducesResponseTypeAttribute(typeof(ProblemDetails), status, ProblemJson));
            }
            if (b.Metadata.OfType<IAcceptsMetadata>().Any() || ApiConventions.HasQueryParameters(b, route)) Problem(StatusCodes.Status400BadRequest);
            if (!b.Metadata.OfType<IAllowAnonymous>().Any())
            {
                Problem(StatusCodes.Status401Unauthorized);
                Problem(StatusCodes.Status403Forbidden);
            }
            // 404: a path naming a resource; and any staff operation answers a family-portal session "not found".
            if (route.RoutePattern.Parameters.Count > 0 || !b.Metadata.OfType<IAllowAnonymous>().Any()) Problem(StatusCodes.Status404NotFound);
            foreach (var status in ApiConventions.StateAnswers(b, route)) Problem(status);
            // A POST by cookie without a JSON (or the route's own) media type (ADR 3320).
            if (b.Metadata.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Contains(HttpMethods.Post, StringComparer.OrdinalIgnoreCase)))
                Problem(StatusCodes.Status415UnsupportedMediaType);
        });
        return api;
    }
}

/// <summary>Refuses a JSON body whose text holds control characters other than tab and line breaks (an ESC in a
/// title recolours a terminal that prints it; U+0011 breaks CSV readers): 400 naming the field, nothing stored.</summary>
public sealed class FreeTextFilter : IEndpointFilter
{
    public const string Message = "Control characters (other than tab and line breaks) are not allowed in text.";
    public const string Title = "The request holds control characters";
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, string Name)[]> Properties = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var bodyType = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (bodyType is not null && context.Arguments.FirstOrDefault(a => a is not null && bodyType.IsInstanceOfType(a)) is { } body
            && FindControlCharacter(body, "", 0) is { } field)
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [field.Length == 0 ? "body" : field] = [Message] },
                title: Title);
        return await next(context);
    }

    /// <summary>The path of the first string holding a control character, walking Vigil's own request types and their lists.
    /// The path is spelled only on the way back from a refused string: every API write passes through here, and an import
    /// of a hundred records spelled some two thousand paths (and read as many attributes) to refuse none.</summary>
    public static string? FindControlCharacter(object? value, string path, int depth) =>
        Find(value, depth) is { } found ? Join(path, found) : null;

    private static string? Find(object? value, int depth)
    {
        switch (value)
        {
            case null:
                return null;
            case string s:
                return s.Any(IsRefused) ? "" : null;
            case IEnumerable items when depth < 8:
                var i = 0;
                foreach (var item in items)
                {
                    if (Find(item, depth + 1) is { } inItem) return Join($"[{i}]", inItem);
                    i++;
                }
                return null;
        }
        var type = value.GetType();
        if (depth >= 8 || type.Namespace?.StartsWith("Vigil", StringComparison.Ordinal) != true) return null;
        foreach (var (property, name) in Properties.GetOrAdd(type, NamedProperties))
            if (Find(property.GetValue(value), depth + 1) is { } inProperty) return Join(name, inProperty);
        return null;
    }

    private static (PropertyInfo, string)[] NamedProperties(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).Select(p => (p, JsonName(p)))];

    /// <summary>A step and the path below it: "records", "[3]", "name" read "records[3].name".</summary>
    private static string Join(string step, string below) =>
        below.Length == 0 ? step : step.Length == 0 ? below : below[0] == '[' ? step + below : $"{step}.{below}";

    /// <summary>The field as the client wrote it.</summary>
    public static string JsonName(PropertyInfo p) => p.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name ?? System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name);

    public static bool IsRefused(char c) => char.IsControl(c) && c is not ('\t' or '\n' or '\r');
}
