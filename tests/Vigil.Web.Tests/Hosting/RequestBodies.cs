using System.Globalization;
using System.Text.Json.Nodes;

namespace Vigil.Web.Tests.Hosting;

/// <summary>Request bodies made from the OpenAPI document alone (issue 14, ADR 1461): the smallest and the fullest
/// body its schema accepts, and, for every constraint it states (required, minLength, maxLength, pattern, enum,
/// format, minimum/maximum, minItems, additionalProperties: false), a body that breaks only that one.</summary>
public sealed class RequestBodies(JsonObject components, Func<string, JsonNode?> special)
{
    public JsonObject Resolve(JsonNode schema)
    {
        var s = schema.AsObject();
        if (s["$ref"]?.GetValue<string>() is { } reference) return Resolve(components[reference.Split('/')[^1]]!);
        // A nullable reference is oneOf/anyOf [null, $ref]: the body takes the non-null branch.
        if ((s["oneOf"] ?? s["anyOf"]) is JsonArray branches)
            return Resolve(branches.First(b => b!["type"]?.ToString() != "null")!);
        return s;
    }

    public static string Type(JsonObject s) => s["type"] switch
    {
        JsonArray types => types.Select(t => t!.GetValue<string>()).First(t => t != "null"),
        JsonValue t => t.GetValue<string>(),
        _ => s["properties"] is not null ? "object" : "any",
    };

    /// <summary>A body the schema accepts: required members only, or (full) every member.</summary>
    public JsonNode? Valid(JsonNode schemaNode, bool full, string name = "")
    {
        if (special(name) is { } given) return given;
        var s = Resolve(schemaNode);
        if (s["enum"] is JsonArray values) return values.First(v => v is not null)!.DeepClone();
        switch (Type(s))
        {
            case "object":
                var required = Required(s);
                var o = new JsonObject();
                foreach (var (key, member) in s["properties"]?.AsObject() ?? [])
                    if (full || required.Contains(key)) o[key] = Valid(member!, full, key);
                return o;
            case "array":
                return (s["minItems"]?.GetValue<int>() ?? 0) > 0 || full ? new JsonArray(Valid(s["items"]!, full, name)) : new JsonArray();
            case "string":
                return s["format"]?.GetValue<string>() switch
                {
                    "uuid" => Guid.NewGuid().ToString(),
                    "date-time" => "2024-01-01T10:00:00Z",
                    "date" => "1980-01-01",
                    _ => new string('x', Math.Max(1, s["minLength"]?.GetValue<int>() ?? 1)),
                };
            case "integer" or "number":
                return s["minimum"] is { } min ? JsonValue.Create(decimal.Parse(min.ToString(), CultureInfo.InvariantCulture)) : JsonValue.Create(1);
            case "boolean":
                return false;
            default:
                return null;
        }
    }

    /// <summary>Each stated constraint broken alone: (what is broken, the body that breaks it).</summary>
    public IEnumerable<(string Broken, JsonNode Body)> Violations(JsonNode schemaNode, JsonNode valid, string path = "body")
    {
        var s = Resolve(schemaNode);
        foreach (var (label, value) in Leaf(s, path)) yield return (label, value);
        if (Type(s) == "object" && valid is JsonObject o)
        {
            foreach (var key in Required(s).Where(o.ContainsKey))
                yield return ($"{path}.{key} required", With(o, key, null, remove: true));
            if (s["additionalProperties"] is JsonValue open && !open.GetValue<bool>())
                yield return ($"{path}: additionalProperties false", With(o, "not_a_member", JsonValue.Create(1)));
            foreach (var (key, member) in s["properties"]?.AsObject() ?? [])
            {
                if (special(key) is not null) continue;
                var child = o[key] ?? Valid(member!, full: false, key);
                if (child is null) continue;
                foreach (var (label, broken) in Violations(member!, child, $"{path}.{key}"))
                    yield return (label, With(o, key, broken));
            }
        }
        if (Type(s) == "array" && s["items"] is { } items && Valid(items, full: false) is { } item)
        {
            if ((s["minItems"]?.GetValue<int>() ?? 0) > 0) yield return ($"{path}: minItems", new JsonArray());
            foreach (var (label, broken) in Violations(items, item, path + "[0]"))
                yield return (label, new JsonArray(broken));
        }
    }

    private static IEnumerable<(string, JsonNode)> Leaf(JsonObject s, string path)
    {
        if (s["enum"] is not null) yield return ($"{path}: enum", JsonValue.Create("not-one-of-these")!);
        if (s["minLength"]?.GetValue<int>() is > 0 and var min) yield return ($"{path}: minLength {min}", JsonValue.Create(new string('x', min - 1))!);
        if (s["maxLength"]?.GetValue<int>() is { } max) yield return ($"{path}: maxLength {max}", JsonValue.Create(new string('x', max + 1))!);
        if (s["pattern"]?.GetValue<string>() == @"\S") yield return ($"{path}: pattern \\S", JsonValue.Create("   ")!);
        if (s["format"]?.GetValue<string>() is "uuid" or "date-time" or "date") yield return ($"{path}: format {s["format"]}", JsonValue.Create("not-a-" + s["format"])!);
        if (s["minimum"] is { } low) yield return ($"{path}: minimum {low}", JsonValue.Create(decimal.Parse(low.ToString(), CultureInfo.InvariantCulture) - 1));
        if (s["maximum"] is { } high) yield return ($"{path}: maximum {high}", JsonValue.Create(decimal.Parse(high.ToString(), CultureInfo.InvariantCulture) + 1));
    }

    private static HashSet<string> Required(JsonObject s) => [.. (s["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>())];

    private static JsonObject With(JsonObject o, string key, JsonNode? value, bool remove = false)
    {
        var copy = o.DeepClone().AsObject();
        if (remove) copy.Remove(key);
        else copy[key] = value?.DeepClone();
        return copy;
    }
}
