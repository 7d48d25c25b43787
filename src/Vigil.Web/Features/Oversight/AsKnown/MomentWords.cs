using System.Text.Json.Nodes;
using Vigil.Web.Features.Enquiries.Decisions;

namespace Vigil.Web.Features.Oversight.AsKnown;

/// <summary>What one audit entry did to the case, in a line: "Action A3 result submitted", "Decision D2: override
/// declined → …", "The case record changed: classification" (walk61 finding 11: the entries to compare from read
/// "#67074 07 Dec 2026 10:42 GMT" and nothing more). Said from the entry and the row as the trail had it then, never from
/// the stored records: the as-known view reads nothing the audit trail does not hold (ADR 0803, ADR 3330).</summary>
public static class MomentWords
{
    /// <param name="row">The row after the entry, as replayed; <paramref name="values"/>, the entry's own: the row for
    /// a create, [old, new] per property for an update.</param>
    public static string Of(string action, string type, JsonObject? row, JsonObject values) => action switch
    {
        "create" when type == "DeathCase" => "The death recorded",
        "create" when type == "CaseDecision" => $"Decision D{Text(values, "Sequence")}: {DecisionWords.Of(Text(values, "Kind") ?? "", Text(values, "ToCategory"))}",
        "create" when Name(type, values) is { } named => $"{named} {(type == "CaseAction" ? "raised" : "recorded")}",
        "update" when New(values, "Status") is { } status => $"{Name(type, row) ?? Thing(type)} {Words.Of(status)}",
        "update" => $"{Name(type, row) ?? Thing(type)} changed: {Fields(values)}",
        _ => Capitalised(Audit.AuditWords.What(action, type)),
    };

    /// <summary>The record by its own name where it has one a reader knows it by.</summary>
    private static string? Name(string type, JsonObject? row) => row is null ? null : type switch
    {
        "CaseAction" when Text(row, "Number") is { } n => $"Action A{n}",
        "Exhibit" when Text(row, "Reference") is { } r => $"Exhibit {r}",
        "ExaminationResult" when Text(row, "Kind") is { } k => $"{Words.Capitalised(k)} result",
        "DeathCase" => "The case record",
        "Notification" when Text(row, "Kind") is { } k => $"A notice ({Words.Of(k)})",
        _ => null,
    };

    private static string Thing(string type) => Capitalised(Audit.AuditWords.Thing(type));

    /// <summary>The fields an update changed, in words, bookkeeping left out.</summary>
    private static string Fields(JsonObject changes) =>
        string.Join(", ", changes.Select(c => c.Key).Where(p => !CaseDiff.IsNoise(p)).Select(p => ChangeWords.Field(p).ToLowerInvariant()))
            is { Length: > 0 } fields ? fields : "bookkeeping only";

    private static string? New(JsonObject changes, string property) =>
        changes[property] is JsonArray { Count: 2 } pair && pair[1] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string? Text(JsonObject row, string property) => row[property] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonNode n => n.ToJsonString(),
    };

    private static string Capitalised(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
