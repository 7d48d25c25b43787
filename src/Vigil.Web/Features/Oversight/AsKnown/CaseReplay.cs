using System.Text.Json.Nodes;

namespace Vigil.Web.Features.Oversight.AsKnown;

/// <summary>One row as the audit trail describes it: its type (the entity's class name), key and property values.</summary>
public sealed record ReplayedRow(string Type, string Key, JsonObject Values);

/// <summary>A change the audit trail records for the case: the entry and the rows it touched; <paramref name="What"/>
/// says what it did (<see cref="MomentWords"/>).</summary>
public sealed record CaseMoment(long Sequence, DateTime At, string Actor, string Action, string EntityType, string EntityId, string What = "");

/// <summary>A view, download or export of the case, as recorded.</summary>
public sealed record CaseViewing(long Sequence, DateTime At, string Actor, string Action, string What, string Details);

/// <summary>Replays audit entries into the rows of one case: creates (with the children folded into a case's own
/// create), updates ([old, new] per property) and deletes, in sequence order. Pure: the entries are the only input,
/// so the state it gives at a moment is what the log says was stored then (ADR 0803). Rows reached through another
/// case's entry (a linkage alert raised by a later death) are kept only when they concern this case.</summary>
public sealed class CaseReplay(Guid caseId, IReadOnlyDictionary<string, string[]> keysByType)
{
    private static readonly HashSet<string> ViewActions = new(StringComparer.Ordinal) { "view", "family-view", "download", "export" };
    private readonly string id = caseId.ToString("D");
    private readonly Dictionary<string, Dictionary<string, JsonObject>> rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> versions = new(StringComparer.Ordinal);

    public List<CaseMoment> Moments { get; } = [];

    /// <summary>When and by whom each row was first written, as the log says.</summary>
    public Dictionary<(string Type, string Key), (DateTime At, string Actor)> Created { get; } = [];
    private AuditEntry? current;
    public List<CaseViewing> Viewings { get; } = [];
    public long LastSequence { get; private set; }

    public IEnumerable<ReplayedRow> Rows => rows.SelectMany(t => t.Value.Select(r => new ReplayedRow(t.Key, r.Key, r.Value)));

    public IEnumerable<JsonObject> Of(string type) => rows.TryGetValue(type, out var byKey) ? byKey.Values : [];

    /// <summary>How many times a row of this type has changed so far: a reader that keeps rows materialised from an
    /// earlier moment knows from it whether they still stand.</summary>
    public int VersionOf(string type) => versions.GetValueOrDefault(type);

    public void Apply(AuditEntry e)
    {
        LastSequence = e.Sequence;
        current = e;
        var own = e.CaseId == caseId;
        if (ViewActions.Contains(e.Action))
        {
            if (own) Viewings.Add(new CaseViewing(e.Sequence, e.At, e.Actor, e.Action, e.EntityType, e.Changes));
            return;
        }
        if (JsonNode.Parse(e.Changes) is not JsonObject values) return;
        var touched = e.Action switch
        {
            "create" => Create(e, values, own),
            "update" => Update(e.EntityType, e.EntityId, values, own),
            "delete" => Delete(e.EntityType, e.EntityId),
            _ => false,
        };
        if (touched)
            Moments.Add(new CaseMoment(e.Sequence, e.At, e.Actor, e.Action, e.EntityType, e.EntityId, MomentWords.Of(e.Action, e.EntityType, RowOf(e.EntityType, e.EntityId), values)));
    }

    private bool Create(AuditEntry e, JsonObject values, bool own)
    {
        var touched = false;
        if (values["$children"] is JsonArray children)
        {
            values.Remove("$children");
            foreach (var child in children.OfType<JsonObject>().Select(c => (JsonObject)c.DeepClone()))
            {
                var type = child["$type"]?.GetValue<string>() ?? "";
                child.Remove("$type");
                if (Belongs(type, child, own)) touched |= Put(type, KeyOf(type, child), child);
            }
        }
        if (Belongs(e.EntityType, values, own)) touched |= Put(e.EntityType, e.EntityId, values);
        return touched;
    }

    private bool Update(string type, string key, JsonObject changes, bool own)
    {
        if (!rows.TryGetValue(type, out var byKey) || !byKey.TryGetValue(key, out var row))
        {
            // A row this replay never saw created (e.g. created before its case joined): only the case's own entries add it.
            if (!own) return false;
            row = [];
            (rows.TryGetValue(type, out byKey) ? byKey : rows[type] = new(StringComparer.Ordinal))[key] = row;
        }
        foreach (var (property, change) in changes)
            if (change is JsonArray { Count: 2 } pair) row[property] = pair[1]?.DeepClone();
        return Changed(type);
    }

    private JsonObject? RowOf(string type, string key) => rows.TryGetValue(type, out var byKey) ? byKey.GetValueOrDefault(key) : null;

    private bool Delete(string type, string key) => rows.TryGetValue(type, out var byKey) && byKey.Remove(key) && Changed(type);

    private bool Changed(string type)
    {
        versions[type] = versions.GetValueOrDefault(type) + 1;
        return true;
    }

    private bool Put(string type, string key, JsonObject values)
    {
        if (current is not null) Created.TryAdd((type, key), (current.At, current.Actor));
        (rows.TryGetValue(type, out var byKey) ? byKey : rows[type] = new(StringComparer.Ordinal))[key] = values;
        return Changed(type);
    }

    /// <summary>Whether a created row is this case's: its own, or a linkage row that names it.</summary>
    private bool Belongs(string type, JsonObject row, bool own) => type switch
    {
        "DeathCase" => Text(row, "Id") == id,
        "LinkCandidate" => Text(row, "NewerCaseId") == id || Text(row, "EarlierCaseId") == id,
        "LinkDecision" => rows.TryGetValue("LinkCandidate", out var candidates) && Text(row, "CandidateId") is { } c && candidates.ContainsKey(c),
        "LinkedSeries" => true,
        _ when row.ContainsKey("CaseId") => Text(row, "CaseId") == id,
        _ => own,
    };

    private string KeyOf(string type, JsonObject row) =>
        string.Join("/", (keysByType.TryGetValue(type, out var keys) ? keys : ["Id"]).Select(k => Text(row, k) ?? ""));

    private static string? Text(JsonObject row, string property) => row[property] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonNode n => n.ToJsonString().Trim('"'),
    };

    public static string Show(JsonNode? value) => value switch
    {
        null => "—",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        _ => value.ToJsonString(),
    };
}
