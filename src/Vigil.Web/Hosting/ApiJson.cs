namespace Vigil.Web.Hosting;

/// <summary>The one JSON dialect of the /api/v1 surface (issue 14, ADR 1361): the death-record format's snake_case
/// for every property, set once here rather than per property, so the OpenAPI document (which reads these options)
/// and the wire agree. Requests are held to what the document says: an unknown member is refused rather than
/// ignored (the document says <c>additionalProperties: false</c>). A type that keeps unknown fields on purpose (a death record's
/// <c>[JsonExtensionData]</c>) still does.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.Converters.Add(new UtcTimestampConverter());
        return o;
    }

    /// <summary>The same options for a client of the API (tests, the load bench); read only.</summary>
    public static JsonSerializerOptions Client { get; } = Frozen();

    private static JsonSerializerOptions Frozen()
    {
        var o = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}

/// <summary>The document's side of <see cref="ApiJson"/>: <c>additionalProperties: false</c> comes from the options
/// (unknown members are refused), except on a type that keeps them on purpose in a <c>[JsonExtensionData]</c> member
/// (a problem document's extensions, a death record's fields of a later version), which takes any further member.</summary>
public sealed class ExtensionDataSchemas : Microsoft.AspNetCore.OpenApi.IOpenApiSchemaTransformer
{
    public Task TransformAsync(Microsoft.OpenApi.OpenApiSchema schema, Microsoft.AspNetCore.OpenApi.OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (KeepsUnknownMembers(context.JsonTypeInfo.Type))
        {
            schema.AdditionalProperties = null;
            schema.AdditionalPropertiesAllowed = true;
        }
        return Task.CompletedTask;
    }

    private static bool KeepsUnknownMembers(Type type) =>
        type.GetProperties().Any(p => Attribute.IsDefined(p, typeof(JsonExtensionDataAttribute)));
}
