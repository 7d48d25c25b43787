using Microsoft.EntityFrameworkCore.Metadata;

namespace Vigil.Data.Audit;

/// <summary>What the "create" entries of a save's staged cases (ADR 2251) are written from, gathered on the saving
/// thread: the cases and their rows (plain objects, which nothing changes until the save has written them), each case's
/// tracked children already written (<see cref="AuditChange.Rendered"/>) and the further cases each entry names.
/// Writing the entries' JSON from these reads no EF Core state (an <c>EntityEntry</c> is the saving thread's alone), so a
/// large save writes it on another thread while its other rows are written (ADR 2701); a small one writes it in line.
/// The bytes are the same either way: the same writer, the same rows, in the same order.</summary>
internal sealed class StagedAudit
{
    private readonly DeathCase[] cases;
    private readonly List<(IEntityType Type, object Row)> rows;
    private readonly int[] starts;
    private readonly List<AuditChange>?[] sharedFirst;
    private readonly List<AuditChange>?[] trackedAfter;
    private readonly List<Guid>[] also;

    /// <param name="rows">Every staged case's rows, case i's from <paramref name="starts"/>[i] (StagedCases.AllRows).</param>
    /// <param name="tracked">Per case, its tracked children (the shared people, phones and addresses it met first, rows a
    /// hook tracked for it) in the tracker's order, already rendered; null when none.</param>
    /// <param name="also">Per case, the further cases its entry names.</param>
    public StagedAudit(IReadOnlyList<DeathCase> cases, List<(IEntityType Type, object Row)> rows, IReadOnlyList<int> starts,
        List<(AuditChange Change, bool Shared)>?[] tracked, List<Guid>[] also)
    {
        this.cases = [.. cases];
        this.rows = rows;
        this.starts = [.. starts];
        this.also = also;
        sharedFirst = new List<AuditChange>?[tracked.Length];
        trackedAfter = new List<AuditChange>?[tracked.Length];
        for (var i = 0; i < tracked.Length; i++)
        {
            if (tracked[i] is not { } children) continue;
            foreach (var (change, shared) in children)
            {
                ref var into = ref shared ? ref sharedFirst[i] : ref trackedAfter[i];
                (into ??= []).Add(change);
            }
        }
    }

    public int Count => cases.Length;

    /// <summary>Each case's entry JSON, in case order. Reads only the plain rows, the model and the rendered children,
    /// so it may run on any thread while the saving thread goes on; <paramref name="ct"/> is the save's.</summary>
    public string[] WriteJson(CancellationToken ct)
    {
        var json = new AuditChangesJson();
        var result = new string[cases.Length];
        for (var i = 0; i < cases.Length; i++)
        {
            if (i % 64 == 0) ct.ThrowIfCancellationRequested();
            result[i] = json.Write(new AuditChange(rows[starts[i]].Type, cases[i], null) { Children = Children(i) });
        }
        return result;
    }

    /// <summary>The cases' drafts with their JSON (<see cref="WriteJson"/>), in case order.</summary>
    public List<AuditDraft> Drafts(string[] json, int capacity)
    {
        var drafts = new List<AuditDraft>(Math.Max(capacity, cases.Length));
        for (var i = 0; i < cases.Length; i++)
        {
            var id = cases[i].Id;
            drafts.Add(new AuditDraft("create", nameof(DeathCase), Convert.ToString(id, System.Globalization.CultureInfo.InvariantCulture)!, id, json[i])
                { AlsoCases = also[i] });
        }
        return drafts;
    }

    /// <summary>A staged case's children in the tracked path's order: the shared people, phones and addresses its
    /// people created (tracked while the case was built, so before its graph was attached), then its own rows in
    /// attach order, then what the hooks added for it (its actions and reviews).</summary>
    private List<AuditChange>? Children(int i)
    {
        int start = starts[i] + 1, end = starts[i + 1];
        if (sharedFirst[i] is null && trackedAfter[i] is null && start == end) return null;
        var children = new List<AuditChange>((sharedFirst[i]?.Count ?? 0) + end - start + (trackedAfter[i]?.Count ?? 0));
        if (sharedFirst[i] is { } shared) children.AddRange(shared);
        for (var r = start; r < end; r++) children.Add(new AuditChange(rows[r].Type, rows[r].Row, rows[r].Type.ClrType.Name));
        if (trackedAfter[i] is { } after) children.AddRange(after);
        return children;
    }
}
