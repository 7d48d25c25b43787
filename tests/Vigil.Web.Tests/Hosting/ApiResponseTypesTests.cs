using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>ADR 3182: what an /api/v1 route answers is a designed contract, never an EF entity. Every route's declared
/// answers (typed results and Produces metadata) and every type they carry, down through properties, collections and
/// generic arguments, are walked; a type from Vigil.Data that is not a plain enum fails the test, naming the route and
/// the path to the type. An entity would carry every column, bookkeeping included, to clients and the OpenAPI document.</summary>
public abstract class ApiResponseTypesTests(VigilAppFactory app)
{
    [Fact]
    public void NoApiRoute_Answers_WithAStoreType()
    {
        using var _ = app.CreateClient(); // starts the host
        var entities = app.Services.CreateScope().ServiceProvider.GetRequiredService<VigilDbContext>()
            .Model.GetEntityTypes().Select(e => e.ClrType).ToHashSet();
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText?.TrimStart('/')).StartsWith("/api/v1/", StringComparison.Ordinal)).ToList();
        var leaks = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var route in routes)
            foreach (var answer in AnswerTypes(route))
                foreach (var path in StoreTypesIn(answer, answer.Name, entities, []))
                    leaks.Add($"{Method(route)} /{route.RoutePattern.RawText?.TrimStart('/')}: {path}");
        Assert.True(routes.Count >= 40, $"only {routes.Count} API routes found");
        Assert.True(leaks.Count == 0, "store types in API answers:\n" + string.Join("\n", leaks));
    }

    [Fact]
    public void TheWalk_FindsAnEntity_InsideAListInsideARecord()
    {
        var entities = new HashSet<Type> { typeof(Vigil.Data.Enquiries.CaseReview) };
        Assert.Contains(StoreTypesIn(typeof(Wrapper), "Wrapper", entities, []), p => p.Contains("CaseReview", StringComparison.Ordinal));
        Assert.Empty(StoreTypesIn(typeof(Plain), "Plain", entities, []));
    }

    private sealed record Wrapper(string Name, IReadOnlyList<Vigil.Data.Enquiries.CaseReview> Reviews);
    private sealed record Plain(string Name, StoreKind Kind);

    private static string Method(RouteEndpoint e) => string.Join(",", e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"]);

    /// <summary>What a route says it answers: Produces/typed-result metadata, and the handler's own return type.</summary>
    private static IEnumerable<Type> AnswerTypes(RouteEndpoint e)
    {
        foreach (var produces in e.Metadata.OfType<IProducesResponseTypeMetadata>())
            if (produces.Type is { } t) yield return t;
        if (e.Metadata.OfType<MethodInfo>().LastOrDefault() is { } handler) yield return handler.ReturnType;
    }

    /// <summary>Paths such as "Ok`1&lt;List`1&lt;CaseReview&gt;&gt;" from <paramref name="type"/> to each store type it
    /// carries: an EF entity or owned type, or any other class or struct of Vigil.Data (enums are values, not rows).</summary>
    private static IEnumerable<string> StoreTypesIn(Type type, string path, HashSet<Type> entities, HashSet<Type> seen)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || !seen.Add(type)) yield break;
        if (entities.Contains(type) || type.Assembly == typeof(VigilDbContext).Assembly)
        {
            yield return path;
            yield break;
        }
        if (type.IsArray)
            foreach (var p in StoreTypesIn(type.GetElementType()!, path + "[]", entities, seen)) yield return p;
        foreach (var arg in type.IsGenericType ? type.GetGenericArguments() : [])
            foreach (var p in StoreTypesIn(arg, $"{path}<{arg.Name}>", entities, seen)) yield return p;
        if (type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true || type.Namespace?.StartsWith("Microsoft", StringComparison.Ordinal) == true) yield break;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
            foreach (var p in StoreTypesIn(property.PropertyType, $"{path}.{property.Name}", entities, seen)) yield return p;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApiResponseTypesTests_Sqlite(SqliteApp app) : ApiResponseTypesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ApiResponseTypesTests_Postgres(PostgresApp app) : ApiResponseTypesTests(app);
