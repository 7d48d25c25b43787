using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Vigil.Web.Hosting;

/// <summary>Which answers an /api/v1 operation can give, read from what the endpoint is (its verb, its path, its
/// handler's parameters) rather than declared route by route (ADR 1261). <see cref="ApiContract"/> lists them.</summary>
public static class ApiConventions
{
    private static readonly string[] Writes = ["POST", "PUT", "PATCH", "DELETE"];

    /// <summary>409, 412 and 428 where the pipeline can give them: every write may be refused in the current state
    /// (409: a concurrent change caught by the database, a case state that forbids it, "already decided");
    /// a write to a case can find it saved by someone else meanwhile (412, CaseSavePipeline's stale answer);
    /// a PUT replaces a whole record, and a decision or an action's move is made over what the caller read, so each
    /// requires If-Match (428 without it, 412 when it is stale; ADR 3111).</summary>
    public static IEnumerable<int> StateAnswers(EndpointBuilder endpoint, RouteEndpointBuilder route)
    {
        var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
        if (!methods.Any(m => Writes.Contains(m, StringComparer.OrdinalIgnoreCase))) yield break;
        yield return StatusCodes.Status409Conflict;
        var path = route.RoutePattern.RawText ?? "";
        if (path.Contains("/cases/{", StringComparison.Ordinal) || methods.Contains("PUT", StringComparer.OrdinalIgnoreCase))
            yield return StatusCodes.Status412PreconditionFailed;
        if (methods.Contains("PUT", StringComparer.OrdinalIgnoreCase) || endpoint.Metadata.OfType<IfMatchRequired>().Any())
            yield return StatusCodes.Status428PreconditionRequired;
    }

    /// <summary>True when the handler binds something from the query string: a value there can fail to parse, be out
    /// of range or hold control characters, all answered 400.</summary>
    public static bool HasQueryParameters(EndpointBuilder endpoint, RouteEndpointBuilder route)
    {
        if (endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault() is not { } handler) return false;
        var routeNames = route.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return handler.GetParameters().Any(p =>
            p.GetCustomAttribute<FromQueryAttribute>() is not null
            || (p.GetCustomAttribute<AsParametersAttribute>() is not null && p.ParameterType.GetProperties().Any(q => IsSimple(q.PropertyType)))
            || (p.Name is { } name && !routeNames.Contains(name) && IsSimple(p.ParameterType) && p.GetCustomAttributes().All(a => a is not FromServicesAttribute and not FromHeaderAttribute and not FromRouteAttribute)));
    }

    private static bool IsSimple(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(Guid) || t == typeof(DateOnly) || t == typeof(DateTime)
            || t == typeof(DateTimeOffset) || t == typeof(decimal) || (t.IsArray && IsSimple(t.GetElementType()!));
    }
}
