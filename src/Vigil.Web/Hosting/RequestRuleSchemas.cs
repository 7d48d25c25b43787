using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Vigil.Web.Hosting;

/// <summary>The OpenAPI document states the rules a request body is held to (issue 14, ADR 1461), read from where the
/// rules live rather than written twice: the DataAnnotations on Vigil's request types (checked by
/// <see cref="RequestRuleFilter"/>) and, for the death record, the constants and closed lists
/// <see cref="DeathRecordValidator"/> checks (<see cref="Vocabulary"/>, <see cref="DeathRecordValidator.MaxRefLength"/>).</summary>
public sealed class RequestRuleSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // An object's schema, whether a component or a member's (a nested type arrives with its parent's property set).
        if (schema.Properties is not { Count: > 0 } properties) return Task.CompletedTask;
        // Required is what is enforced: a member the JSON reader insists on (C# required, [JsonRequired]) or a rule
        // below; the generator's guess (every constructor parameter) would call an optional member required.
        schema.Required = new HashSet<string>(context.JsonTypeInfo.Properties.Where(p => p.IsRequired).Select(p => p.Name));
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (!properties.TryGetValue(property.Name, out var described) || described is not OpenApiSchema member) continue;
            Timestamp(member, property.PropertyType);
            if (property.AttributeProvider is MemberInfo info)
                foreach (var rule in info.GetCustomAttributes<ValidationAttribute>(inherit: true))
                    if (State(member, rule)) schema.Required.Add(property.Name);
            if (DeathRecordRules.For(context.JsonTypeInfo.Type, property.Name) is { } apply) apply(member);
        }
        return Task.CompletedTask;
    }

    /// <summary>Writes one rule into the member's schema; true when it makes the member required.</summary>
    private static bool State(OpenApiSchema member, ValidationAttribute rule)
    {
        switch (rule)
        {
            case NotBlankAttribute:
                NotBlank(member);
                return true;
            case RequiredAttribute:
                return true;
            case OneOfAttribute oneOf:
                Enum(member, oneOf.Values);
                break;
            case RangeAttribute range:
                member.Minimum = Convert.ToString(range.Minimum, CultureInfo.InvariantCulture);
                member.Maximum = Convert.ToString(range.Maximum, CultureInfo.InvariantCulture);
                break;
            case MaxLengthAttribute max when IsArray(member):
                member.MaxItems = max.Length;
                break;
            case MaxLengthAttribute max:
                member.MaxLength = max.Length;
                break;
            case MinLengthAttribute min when IsArray(member):
                member.MinItems = min.Length;
                break;
            case MinLengthAttribute min:
                member.MinLength = min.Length;
                break;
            case StringLengthAttribute length:
                (member.MinLength, member.MaxLength) = (Math.Max(length.MinimumLength, member.MinLength ?? 0), length.MaximumLength);
                break;
        }
        return false;
    }

    /// <summary>A timestamp read by Vigil's own converter (UtcTimestampConverter) has no schema from the generator;
    /// the converter reads RFC 3339, which is JSON Schema's date-time.</summary>
    private static void Timestamp(OpenApiSchema member, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (member.Type is not null || (underlying ?? type) is not { } t || (t != typeof(DateTimeOffset) && t != typeof(DateTime))) return;
        member.Type = underlying is null ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
        member.Format = "date-time";
    }

    private static bool IsArray(OpenApiSchema member) => member.Type is { } type && type.HasFlag(JsonSchemaType.Array);

    public static void NotBlank(OpenApiSchema member)
    {
        member.MinLength = Math.Max(1, member.MinLength ?? 0);
        // JSON Schema patterns are not anchored: "holds at least one character that is not white space".
        member.Pattern = @"\S";
    }

    /// <summary>A closed list; a member that may be null keeps null among its values.</summary>
    public static void Enum(OpenApiSchema member, IEnumerable<string> values)
    {
        var list = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
        if (member.Type is { } type && type.HasFlag(JsonSchemaType.Null)) list.Add(null!);
        member.Enum = list;
    }
}
