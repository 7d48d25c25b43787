using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Vigil.Web.Features.Oversight.AsKnown;

public sealed record RowDifference(string Type, string Key, string Property, string Stored, string Rebuilt);

/// <summary>Holds a case rebuilt from the audit trail against the rows stored now, property by property: the proof
/// that the rebuild is faithful (tested on both providers and the demo store; `vigil audit replay-check`). Every
/// case-scoped table is compared, found from the model, so a new table is covered without editing this.</summary>
public sealed class StoredRows(VigilDbContext db, CaseHistory history)
{
    /// <summary>Shared rows (people met in many deaths, series) are not one case's; their case-side links are compared.</summary>
    private static readonly HashSet<string> NotCaseScoped = new(StringComparer.Ordinal) { "Person", "Phone", "Address", "LinkedSeries" };

    /// <summary>The stored rows against the trail at the same moment. They are two reads, and a write to the case between
    /// them (an edit, or the linkage worker scoring a series member again) would show as a difference that is none: the
    /// rows are read again until the case's last entry is the same before and after, and the rebuild stops there. A row
    /// and its entry commit together (ADR 1605), so the rows read are those the trail holds up to that entry.</summary>
    public async Task<List<RowDifference>> CompareAsync(Guid caseId, CancellationToken ct)
    {
        const int attempts = 10;
        for (var attempt = 1; ; attempt++)
        {
            var before = await history.LastSequenceAsync(caseId, ct);
            var stored = await LoadAsync(caseId, ct);
            var after = await history.LastSequenceAsync(caseId, ct);
            // A case written to without pause is still compared after the last try, against the trail as it stood after
            // the read: any difference then shows rather than hides.
            if (before == after || attempt == attempts) return Differences(stored, await RebuiltAsync(caseId, after, ct));
        }
    }

    /// <summary>The case's rows as the audit trail gives them after entry <paramref name="upToSequence"/> (or now).</summary>
    public async Task<Dictionary<(string Type, string Key), JsonObject>> RebuiltAsync(Guid caseId, long? upToSequence, CancellationToken ct)
    {
        var compared = ComparedTypes();
        return history.Replay(caseId, await history.EntriesAsync(caseId, null, upToSequence, ct)).Rows
            .Where(r => compared.Contains(r.Type)).ToDictionary(r => (r.Type, r.Key), r => r.Values);
    }

    public static List<RowDifference> Differences(Dictionary<(string Type, string Key), JsonObject> stored, Dictionary<(string Type, string Key), JsonObject> rebuilt)
    {
        var differences = new List<RowDifference>();
        foreach (var key in stored.Keys.Union(rebuilt.Keys))
        {
            var s = stored.GetValueOrDefault(key);
            var r = rebuilt.GetValueOrDefault(key);
            if (s is null || r is null)
            {
                differences.Add(new RowDifference(key.Type, key.Key, "(row)", s is null ? "absent" : "present", r is null ? "absent" : "present"));
                continue;
            }
            foreach (var property in s.Select(p => p.Key).Union(r.Select(p => p.Key)).Where(p => !AuditInterceptor.RedactedProperties.Contains(p.Split('.')[^1])))
                if (!Same(s[property], r[property]))
                    differences.Add(new RowDifference(key.Type, key.Key, property, CaseReplay.Show(s[property]), CaseReplay.Show(r[property])));
        }
        return differences;
    }

    /// <summary>Every stored row of the case, described as the audit interceptor describes a created row.</summary>
    public async Task<Dictionary<(string Type, string Key), JsonObject>> LoadAsync(Guid caseId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var rows = new List<object>();
        var caseRow = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId, ct);
        if (caseRow is not null) rows.Add(caseRow);
        foreach (var type in db.Model.GetEntityTypes().Where(CaseScoped))
            rows.AddRange(await (Task<List<object>>)GetType().GetMethod(nameof(ByCaseAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .MakeGenericMethod(type.ClrType).Invoke(this, [caseId, ct])!);
        var candidates = await db.Set<LinkCandidate>().Where(c => c.NewerCaseId == caseId || c.EarlierCaseId == caseId).ToListAsync(ct);
        var ids = candidates.Select(c => c.Id).ToList();
        rows.AddRange(candidates);
        rows.AddRange(await db.Set<LinkDecision>().Where(d => ids.Contains(d.CandidateId)).ToListAsync(ct));
        var result = rows.Select(db.Entry).ToDictionary(e => (e.Metadata.ClrType.Name, Key(e)), Describe);
        db.ChangeTracker.Clear();
        return result;
    }

    /// <summary>The case, every table with a case id, and the linkage rows that name it: what the rebuild must equal.</summary>
    public HashSet<string> ComparedTypes() =>
        [.. db.Model.GetEntityTypes().Where(CaseScoped).Select(t => t.ClrType.Name), "DeathCase", "LinkCandidate", "LinkDecision"];

    private static bool CaseScoped(IEntityType t) =>
        // Rows the audit trail never records (the derived search index) cannot be rebuilt from it, and need not be.
        !t.IsOwned() && !typeof(IAuditLogRow).IsAssignableFrom(t.ClrType) && !typeof(INotAudited).IsAssignableFrom(t.ClrType)
        && t.ClrType != typeof(Vigil.Data.Cases.DeathCase)
        && t.FindProperty("CaseId") is { ClrType: var c } && c == typeof(Guid) && !NotCaseScoped.Contains(t.ClrType.Name);

    private async Task<List<object>> ByCaseAsync<T>(Guid caseId, CancellationToken ct) where T : class =>
        (await db.Set<T>().Where(e => EF.Property<Guid>(e, "CaseId") == caseId).ToListAsync(ct)).Cast<object>().ToList();

    private static string Key(EntityEntry e) =>
        string.Join("/", e.Metadata.FindPrimaryKey()!.Properties.Select(p => Convert.ToString(e.Property(p.Name).CurrentValue, CultureInfo.InvariantCulture)));

    private static JsonObject Describe(EntityEntry e)
    {
        var values = new JsonObject();
        // A property the audit trail never records (a decision's concurrency token, ADR 3246) is no part of what is rebuilt.
        foreach (var p in e.Properties.Where(p => p.CurrentValue is not null && !p.Metadata.IsNotAudited()))
            values[p.Metadata.Name] = JsonSerializer.SerializeToNode(p.CurrentValue, p.Metadata.ClrType);
        foreach (var owned in e.References.Where(r => r.TargetEntry is not null && r.TargetEntry.Metadata.IsOwned()))
            foreach (var (k, v) in Describe(owned.TargetEntry!)) values[$"{owned.Metadata.Name}.{k}"] = v?.DeepClone();
        return values;
    }

    private static DateTime Utc(DateTime t) => t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime();

    /// <summary>Equal as stored: missing is null, and times to the microsecond (what PostgreSQL keeps).</summary>
    private static bool Same(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a is JsonValue va && b is JsonValue vb && va.TryGetValue<string>(out var sa) && vb.TryGetValue<string>(out var sb)
            && sa.Length >= 19 && sa[10] == 'T' && DateTime.TryParse(sa, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var ta)
            && DateTime.TryParse(sb, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var tb))
            return AuditHasher.Truncate(Utc(ta)) == AuditHasher.Truncate(Utc(tb));
        if (a is JsonValue na && b is JsonValue nb && na.TryGetValue<double>(out var da) && nb.TryGetValue<double>(out var db2)) return da.Equals(db2);
        return JsonNode.DeepEquals(a, b);
    }
}
