using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Vigil.Web.Hosting;

/// <summary>Marks an /api/v1 write that is made against what the caller read: it requires <c>If-Match</c> (428 without
/// it, 412 when stale; ADR 3111). The OpenAPI document lists the 428 (<see cref="ApiConventions.StateAnswers"/>) and
/// the required header (<see cref="IfMatchDocs"/>).</summary>
public sealed class IfMatchRequired
{
    public static readonly IfMatchRequired Instance = new();

    private IfMatchRequired() { }
}

public static class IfMatchRequiredExtensions
{
    public static TBuilder RequireIfMatch<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(IfMatchRequired.Instance);
}

/// <summary>The required <c>If-Match</c> header on each operation marked <see cref="IfMatchRequired"/>.</summary>
public sealed class IfMatchDocs : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<IfMatchRequired>().Any()) return Task.CompletedTask;
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "If-Match",
            In = ParameterLocation.Header,
            Required = true,
            Description = "The ETag you read (the case's, or the action's for an action's move): 428 without it, 412 when the "
                + "resource has changed since, so a change is never made over one you have not seen.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        return Task.CompletedTask;
    }
}
