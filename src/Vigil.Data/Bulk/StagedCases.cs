using System.Collections;
using Microsoft.EntityFrameworkCore.Metadata;
using Vigil.Data.Cases;

namespace Vigil.Data.Bulk;

/// <summary>New cases an import batch stages as plain rows, outside EF Core's change tracker (ADR 2251): the bulk
/// writer writes them (<see cref="BulkInsertInterceptor"/>) and the audit append describes them
/// (<see cref="Audit.AuditInterceptor"/>) straight from the objects, so a first-day import pays for no graph attach,
/// identity map or change scan of rows it only ever inserts. Everything else of the save (shared people, the hooks'
/// rows, updates) is tracked as before. Only a context that writes in bulk may stage; should the bulk writer not take
/// a staged table, the cases are attached to the tracker and EF Core writes them as it always did.</summary>
public sealed class StagedCases
{
    private readonly List<DeathCase> cases = [];
    private readonly HashSet<DeathCase> members = new(ReferenceEqualityComparer.Instance);
    private List<(IEntityType Type, object Row)>? rows;
    private List<int>? starts;
    private readonly List<object> unaudited = [];
    private readonly Dictionary<DeathCase, List<object>> hookRows = new(ReferenceEqualityComparer.Instance);

    public IReadOnlyList<DeathCase> Cases => cases;

    public int Count => cases.Count;

    public bool Contains(object entity) => entity is DeathCase c && members.Contains(c);

    internal void Add(DeathCase c)
    {
        if (!members.Add(c)) return;
        cases.Add(c);
        rows = null;
    }

    /// <summary>Rows of the staged cases that no audit entry describes (their search documents): written by the bulk
    /// writer after the cases' own rows, never tracked either (ADR 2591).</summary>
    internal IReadOnlyList<object> Unaudited => unaudited;

    internal void AddUnaudited(IEnumerable<object> rows) => unaudited.AddRange(rows);

    /// <summary>An audited row a before-save hook adds for a staged case (an enquiry action, a review), staged with the
    /// case instead of tracked (ADR 2661): it follows the case's own rows in <see cref="AllRows"/>, so the audit append
    /// lists it among the case's children where the tracked path did (hooks run after staging, in their order) and the
    /// bulk writer writes it with them.</summary>
    internal void AddHookRow(DeathCase c, object row)
    {
        if (!members.Contains(c)) throw new InvalidOperationException("Only a staged case's rows are staged.");
        if (!hookRows.TryGetValue(c, out var list)) hookRows[c] = list = [];
        list.Add(row);
        rows = null;
    }

    /// <summary>Every staged hook row, case by case (attached to the tracker should the bulk writer leave the save to EF
    /// Core).</summary>
    internal IEnumerable<object> HookRows => cases.SelectMany(c => hookRows.TryGetValue(c, out var list) ? list : []);

    internal void Clear()
    {
        cases.Clear();
        unaudited.Clear();
        hookRows.Clear();
        members.Clear();
        rows = null;
    }

    /// <summary>Every staged case's rows (<see cref="RowsOf"/>, then its hook rows), walked once per save for the audit
    /// append and the bulk writer both; case i's rows start at <c>Starts[i]</c>.</summary>
    internal (List<(IEntityType Type, object Row)> Rows, List<int> Starts) AllRows(IModel model)
    {
        if (rows is null || starts is null)
        {
            rows = new List<(IEntityType, object)>(cases.Count * 8);
            starts = new List<int>(cases.Count + 1);
            foreach (var c in cases)
            {
                starts.Add(rows.Count);
                RowsOf(model, c, rows);
                if (hookRows.TryGetValue(c, out var added))
                    foreach (var row in added)
                        rows.Add((model.FindEntityType(row.GetType()) ?? throw new InvalidOperationException($"{row.GetType().Name} is not in the model"), row));
            }
            starts.Add(rows.Count);
        }
        return (rows, starts);
    }

    /// <summary>A staged case's rows: the case, then the rows that depend on it, in the order EF Core's graph attach
    /// visits them (navigations in name order, depth first), which is the order the tracked path lists a new case's
    /// children in its audit entry. Owned parts (the deceased) are part of their owner's row; references to principals
    /// (team, shared people) are not the case's rows.</summary>
    internal static void RowsOf(IModel model, object entity, List<(IEntityType Type, object Row)> into)
    {
        var type = model.FindEntityType(entity.GetType()) ?? throw new InvalidOperationException($"{entity.GetType().Name} is not in the model");
        into.Add((type, entity));
        foreach (var navigation in type.GetNavigations())
        {
            if (navigation.IsOnDependent || navigation.TargetEntityType.IsOwned()) continue;
            switch (navigation.GetGetter().GetClrValue(entity))
            {
                case null: continue;
                case IEnumerable items when navigation.IsCollection:
                    foreach (var item in items) RowsOf(model, item, into);
                    break;
                case var item:
                    RowsOf(model, item, into);
                    break;
            }
        }
    }
}
