using System.Text.Json.Nodes;

namespace Vigil.Web.Features.Linkage;

/// <summary>What of a case's linkage history one reader may not see (<see cref="LinkageAccess.HiddenEntriesAsync"/>):
/// the ids (as the audit trail writes them) of rows whose entries are left out, and of rows whose entries are shown
/// with the engine's and the analysts' words withheld (ADR 2801, 2901), and, when the case's series rows were looked at,
/// the series the case is in now: a series' own entries on the trail of a case no longer in it (a confirmed series merged
/// into another moves its members' rows, ADR 3011) are left out.</summary>
public sealed record HiddenLinkage(IReadOnlySet<string> Left, IReadOnlySet<string> Withheld, IReadOnlySet<string>? SeriesOfCase = null)
{
    /// <summary>What an audit entry shows in place of words withheld.</summary>
    public const string WithheldText = "[withheld]";

    public static readonly HiddenLinkage None = new(new HashSet<string>(), new HashSet<string>());

    /// <summary>The words a series row carries that compare deaths and may quote another death's people, by entity type:
    /// the engine's summary of the series and reasons for a member, and the analyst's reason for deciding a member.</summary>
    private static readonly Dictionary<string, string[]> Words = new(StringComparer.Ordinal)
    {
        [nameof(LinkedSeries)] = [nameof(LinkedSeries.Summary)],
        [nameof(LinkedSeriesMember)] = [nameof(LinkedSeriesMember.Reasons), nameof(LinkedSeriesMember.DecisionReason)],
    };

    /// <summary>As the audit trail writes its JSON (AuditJson): characters as they are, not escaped.</summary>
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public bool IsEmpty => Left.Count == 0 && Withheld.Count == 0 && SeriesOfCase is null;

    /// <summary>Whether the entry of this row is left out for this reader.</summary>
    public bool LeavesOut(string entityType, string entityId) =>
        Left.Contains(entityId) || (SeriesOfCase is not null && entityType == nameof(LinkedSeries) && !SeriesOfCase.Contains(entityId));

    /// <summary>The entry as this reader may see it: null when left out; its words withheld when they must be. The entry is
    /// an untracked copy read for this reader (never saved), so it is changed in place.</summary>
    public AuditEntry? Apply(AuditEntry e)
    {
        if (LeavesOut(e.EntityType, e.EntityId)) return null;
        if (Withheld.Contains(e.EntityId)) e.Changes = WithholdWords(e.EntityType, e.Changes);
        return e;
    }

    /// <summary>An entry's changes (canonical JSON: property → value for a create, property → [old, new] for an update)
    /// with the words of its type replaced by <see cref="WithheldText"/>; other properties as they were.</summary>
    public static string WithholdWords(string entityType, string changes)
    {
        if (!Words.TryGetValue(entityType, out var properties) || JsonNode.Parse(changes) is not JsonObject values) return changes;
        var changed = false;
        foreach (var property in properties)
        {
            if (values[property] is JsonArray pair)
            {
                for (var i = 0; i < pair.Count; i++)
                {
                    if (!IsWords(pair[i])) continue;
                    pair[i] = JsonValue.Create(WithheldText);
                    changed = true;
                }
            }
            else if (IsWords(values[property]))
            {
                values[property] = JsonValue.Create(WithheldText);
                changed = true;
            }
        }
        return changed ? values.ToJsonString(Json) : changes;
    }

    private static bool IsWords(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0;
}
