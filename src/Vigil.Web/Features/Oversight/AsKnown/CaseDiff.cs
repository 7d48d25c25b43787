using System.Text.Json.Nodes;

namespace Vigil.Web.Features.Oversight.AsKnown;

public enum ChangeKind { Added, Removed, Changed }

/// <summary>One difference between two moments: a row added or removed (the row as <see cref="Before"/> or
/// <see cref="After"/>), or one property changed, and who did it: who added the row, or who last touched it between the
/// two moments. The values stay as the trail holds them; <see cref="ChangeWords"/> says them.</summary>
public sealed record CaseChange(ChangeKind Kind, string Type, string Key, string? Property, JsonNode? Before, JsonNode? After, string? By, DateTime? At);

/// <summary>What changed in a case between two moments, from the two rebuilt states and the entries between them.</summary>
public static class CaseDiff
{
    // The linkage fingerprint (ADR 3205) is bookkeeping derived from the facts shown beside it, not a fact of its own.
    private static readonly HashSet<string> Noise = new(StringComparer.Ordinal) { "Version", "UpdatedAt", "LinkageFingerprint" };

    // Derived from a fact shown beside it (a name's search form, a person's or address's match key) or where a notice
    // links to: bookkeeping a reviewer does not read (round 54's words54 left them listed; ADR 3251). The trail keeps
    // them and the rebuilt case holds them; only "what changed" leaves them out.
    private static readonly HashSet<(string Type, string Property)> Derived =
    [
        ("DeathCase", "Deceased.NameSearch"), ("Person", "MatchKey"), ("Address", "MatchKey"), ("Notification", "Href"),
        // An alert's explanation is the engine's scoring as JSON, said in its summary beside it; an action's trigger key
        // is the rule and fact that raised it, said by its source and title (walk55 findings 9 and 14, ADR 3263).
        ("LinkCandidate", "Explanation"), ("CaseAction", "TriggerKey"),
    ];

    public static List<CaseChange> Between(CaseReplay before, CaseReplay after, bool withFamily)
    {
        var from = before.Rows.ToDictionary(r => (r.Type, r.Key), r => r.Values);
        var to = after.Rows.ToDictionary(r => (r.Type, r.Key), r => r.Values);
        var between = after.Moments.Where(m => m.Sequence > before.LastSequence).ToList();
        var touches = between.GroupBy(m => (m.EntityType, m.EntityId)).ToDictionary(g => g.Key, g => (First: (CaseMoment?)g.First(), Last: (CaseMoment?)g.Last()));
        // Children folded into a case's create carry no entry of their own: the case's create touched them.
        var caseCreate = between.FirstOrDefault(m => m.Action == "create" && m.EntityType == "DeathCase");
        var changes = new List<CaseChange>();
        foreach (var key in from.Keys.Union(to.Keys).Where(k => withFamily || !FamilySnapshot.IsFamily(k.Type)).OrderBy(k => k.Type, StringComparer.Ordinal))
        {
            var (a, b) = (from.GetValueOrDefault(key), to.GetValueOrDefault(key));
            var touched = touches.GetValueOrDefault(key);
            // A row added is said with who added it: its own create, else the case's create it was folded into. The last
            // to touch it named the supervisor who allocated a rule-raised action as having added it, and the case record
            // as added by whoever applied its classification (walk57, ADR 3276).
            var touch = a is null ? (touched.First is { Action: "create" } created ? created : caseCreate ?? touched.First) : touched.Last ?? caseCreate;
            var by = touch?.Actor;
            var at = touch?.At;
            if (a is null) changes.Add(new CaseChange(ChangeKind.Added, key.Type, key.Key, null, null, Read(key.Type, b!), by, at));
            else if (b is null) changes.Add(new CaseChange(ChangeKind.Removed, key.Type, key.Key, null, Read(key.Type, a), null, by, at));
            else
                foreach (var p in a.Select(x => x.Key).Union(b.Select(x => x.Key)).Where(p => !Noise.Contains(p) && !Derived.Contains((key.Type, p))).Order(StringComparer.Ordinal))
                    if (!JsonNode.DeepEquals(a[p], b[p]))
                        changes.Add(new CaseChange(ChangeKind.Changed, key.Type, key.Key, p, a[p], b[p], by, at));
        }
        return changes;
    }

    /// <summary>A row added or removed as a reader reads it: without the values derived from others.</summary>
    private static JsonObject Read(string type, JsonObject row)
    {
        if (!row.Any(p => Derived.Contains((type, p.Key)))) return row;
        var read = new JsonObject();
        foreach (var (property, value) in row.Where(p => !Derived.Contains((type, p.Key)))) read[property] = value?.DeepClone();
        return read;
    }

    /// <summary>Bookkeeping a row's summary leaves out: its version and stamps, beside its keys.</summary>
    public static bool IsNoise(string property) => Noise.Contains(property);
}
