using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vigil.Web.Features.Enquiries.Decisions;

namespace Vigil.Web.Features.Oversight.AsKnown;

/// <summary>"What changed" in words (walk53 finding 8): a reviewer read "added CaseDecision — At: 2026-12-06T12:10:28Z;
/// BlockedBy: …; DecidedBy: investigator; Kind: override-requested". Each record is said as the audit history says it
/// ("a decision"), each field in words ("Decided by"), times in the force's time, officers by name, codes in
/// <see cref="Words"/>' words and categories by their names. The values themselves are the trail's, untouched.</summary>
public sealed partial class ChangeWords(IReadOnlyDictionary<string, string> names, ForceTime time)
{
    /// <summary>The logins the changes name (who decided, recorded, was allocated…): the names to read for them.</summary>
    public static IEnumerable<string> Logins(IEnumerable<CaseChange> changes) => changes
        .SelectMany(c => c.Property is { } p ? Pair(p, c) : Fields(c.Before).Concat(Fields(c.After)))
        .Where(f => IsOfficer(f.Property) && f.Value is JsonValue v && v.TryGetValue<string>(out _))
        .Select(f => f.Value!.GetValue<string>()).Distinct(StringComparer.Ordinal);

    /// <summary>"A decision", "The case record".</summary>
    public static string Record(string type) => Capitalised(Audit.AuditWords.Thing(type));

    /// <summary>"BlockedBy" → "Blocked by"; "Deceased.Name" → "Deceased name".</summary>
    public static string Field(string? property) =>
        property is null ? "" : Capitalised(CamelBreak().Replace(property.Replace('.', ' '), " $1").ToLowerInvariant());

    /// <summary>A value, or a whole row added or removed, in words.</summary>
    public string Say(string? property, JsonNode? value) => value switch
    {
        null when property is not null => "—",
        null => "",
        JsonObject row => Summary(row),
        _ => Value(property ?? "", value),
    };

    private string Value(string property, JsonNode value)
    {
        if (value is JsonValue b && b.TryGetValue<bool>(out var yes)) return yes ? "yes" : "no";
        // An alert's probability as the queue and the report say it ("100.0 %", not "0.9999847…": walk55 finding 9).
        if (property == "Probability" && value is JsonValue p && p.TryGetValue<double>(out var probability))
            return probability.ToString("P1", CultureInfo.InvariantCulture);
        var text = CaseReplay.Show(value);
        if (IsOfficer(property)) return names.GetValueOrDefault(text) ?? Audit.AuditActor.Say(text);
        // The case's own "Classification" too (walk55: "Classification: unexpected not suspicious").
        if (property.EndsWith("Category", StringComparison.Ordinal) || property == "Classification") return CaseClassification.Describe(text);
        if (Instant().IsMatch(text) && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
            return time.Show(at);
        return Code().IsMatch(text) || property is "Role" or "DecidedByRole" or "Status" ? Words.Of(text) : text;
    }

    /// <summary>A row in a line: a decision by what it decided, then its descriptive values in words, not its keys and stamps.</summary>
    private string Summary(JsonObject row)
    {
        var lead = row["Kind"] is JsonValue k && k.TryGetValue<string>(out var kind) && row.ContainsKey("DecidedBy")
            ? DecisionWords.Capitalised(kind, row["ToCategory"]?.GetValue<string>()) : null;
        // What names the row first (an action's title, a person's name, an exhibit's reference): the summary keeps six
        // fields, and in the trail's key order an action's title came seventh, after its detail and dates (walk55).
        var fields = Fields(row).Where(f => f.Value is not null && !(lead is not null && f.Property is "Kind" or "ToCategory"))
            .OrderBy(f => Naming.Contains(f.Property) ? 0 : 1)
            .Take(6).Select(f => $"{Field(f.Property)}: {Shorten(Value(f.Property, f.Value!))}");
        return string.Join("; ", lead is null ? fields : fields.Prepend(lead));
    }

    private static readonly HashSet<string> Naming = new(StringComparer.Ordinal) { "Title", "Name", "NameAsWritten", "Reference", "Label", "Deceased.Name" };

    private static IEnumerable<(string Property, JsonNode? Value)> Pair(string property, CaseChange c) => [(property, c.Before), (property, c.After)];

    private static IEnumerable<(string Property, JsonNode? Value)> Fields(JsonNode? row) => row is JsonObject o
        ? o.Where(p => !p.Key.EndsWith("Id", StringComparison.Ordinal) && !CaseDiff.IsNoise(p.Key)).Select(p => (p.Key, p.Value))
        : [];

    private static bool IsOfficer(string property) =>
        property.EndsWith("By", StringComparison.Ordinal) || property is "AllocatedTo";

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "…";

    private static string Capitalised(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex CamelBreak();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")]
    private static partial Regex Instant();

    // A stored code: lower case words joined by hyphens ("override-requested", "home-own").
    [GeneratedRegex("^[a-z]+(-[a-z0-9]+)+$")]
    private static partial Regex Code();
}
