using Microsoft.EntityFrameworkCore.ChangeTracking;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Vigil.Data.Bulk;

/// <summary>A table's new rows and the columns to write. <paramref name="OmitsKey"/>: the database numbers the rows
/// (an identity key), so the key column is left out and nothing may point at the rows.</summary>
internal sealed record BulkTable(ITable Table, IReadOnlyList<IColumn> Columns, IReadOnlyList<BulkRow> Rows, bool OmitsKey);

/// <summary>Which of a save's new rows can be written in bulk, grouped by table in foreign-key order. A table is left
/// to EF Core when the database must fill a value EF would leave out (a default, a key others point at), when an owned
/// part arrives without its owner, or when it points at new rows EF Core will write (those come after the bulk).</summary>
internal sealed class BulkPlan
{
    public List<BulkTable> Tables { get; } = [];

    public static BulkPlan For(IEnumerable<EntityEntry> added, IReadOnlyList<BulkRow> staged)
    {
        var rows = new Dictionary<ITable, TableRows>();
        var shapes = new Dictionary<IEntityType, RowShape?>();
        var temporary = 0;
        foreach (var row in staged)
        {
            var type = row.StagedType!;
            if (!shapes.TryGetValue(type, out var shape)) shapes[type] = shape = RowShape.Of(type);
            if (shape is null) return new BulkPlan(); // split over tables: EF's to write (the staged rows are attached)
            if (!rows.TryGetValue(shape.Table, out var table)) rows[shape.Table] = table = new();
            table.Staged.Add(row); // a staged object is a whole row, its owned parts included: no key to merge on
        }
        foreach (var e in added)
        {
            if (!shapes.TryGetValue(e.Metadata, out var shape)) shapes[e.Metadata] = shape = RowShape.Of(e.Metadata);
            if (shape is null) return new BulkPlan(); // split over tables: EF's to write
            if (!rows.TryGetValue(shape.Table, out var table)) rows[shape.Table] = table = new();
            var key = shape.KeyOf(e) ?? RowKey.Unique(temporary++);
            if (table.Tracked.TryGetValue(key, out var row)) row.Entries.Add(e);
            else table.Tracked[key] = new BulkRow([e]);
        }
        var candidates = new Dictionary<ITable, BulkTable>();
        foreach (var (table, tableRows) in rows)
            if (Candidate(table, [.. tableRows.Staged, .. tableRows.Tracked.Values]) is { } bulk) candidates[table] = bulk;
        // A table pointing at new rows of a table EF Core writes must wait for them: leave it to EF Core too.
        bool removed;
        do
        {
            removed = false;
            foreach (var table in candidates.Keys.ToList())
                if (table.ForeignKeyConstraints.Any(fk => fk.PrincipalTable != table && rows.ContainsKey(fk.PrincipalTable) && !candidates.ContainsKey(fk.PrincipalTable)))
                    removed = candidates.Remove(table);
        } while (removed);
        var plan = new BulkPlan();
        var visiting = new HashSet<ITable>();
        foreach (var table in candidates.Keys)
            if (!plan.Visit(table, candidates, visiting)) return new BulkPlan(); // a cycle: EF Core orders it
        return plan;
    }

    /// <summary>Whether every staged row is in a table this plan writes. A plan made <see cref="For"/> these rows holds
    /// each of them at most once, in its table's whole list or not at all: counting them is enough, with no set of a
    /// batch's hundred thousand rows to build (ADR 2662).</summary>
    public bool TakesEvery(IReadOnlyList<BulkRow> staged)
    {
        var written = 0;
        foreach (var table in Tables)
            foreach (var row in table.Rows)
                if (row.Staged is not null) written++;
        return written == staged.Count;
    }

    /// <summary>A table's new rows while a plan is made: staged rows as they come (each a whole row), then the tracked
    /// entries merged by key (an owner and its owned parts split into the table share one).</summary>
    private sealed class TableRows
    {
        public List<BulkRow> Staged { get; } = [];
        public Dictionary<RowKey, BulkRow> Tracked { get; } = [];
    }

    /// <summary>Principals first (depth-first over foreign keys); false on a cycle between tables.</summary>
    private bool Visit(ITable table, Dictionary<ITable, BulkTable> candidates, HashSet<ITable> visiting)
    {
        if (Tables.Any(t => t.Table == table)) return true;
        if (!visiting.Add(table)) return false;
        foreach (var fk in table.ForeignKeyConstraints)
            if (fk.PrincipalTable != table && candidates.ContainsKey(fk.PrincipalTable) && !Visit(fk.PrincipalTable, candidates, visiting))
                return false;
        visiting.Remove(table);
        Tables.Add(candidates[table]);
        return true;
    }

    private static BulkTable? Candidate(ITable table, List<BulkRow> rows)
    {
        var ownedParts = table.EntityTypeMappings.Any(m => m.TypeBase is IEntityType t && t.IsOwned());
        var omitsKey = false;
        foreach (var row in rows)
        {
            if (row.Staged is { } staged)
            {
                // The import built it whole; only a staged search document's identity key is the database's to fill (ADR 2591).
                if (!LeavesIdentityKey(row.StagedType!, staged)) continue;
                if (table.PrimaryKey!.Columns.Count != 1 || table.ReferencingForeignKeyConstraints.Any()) return null;
                omitsKey = true;
                continue;
            }
            if (ownedParts && row.Entries.All(e => e.Metadata.IsOwned())) return null; // its owner's row already exists
            foreach (var e in row.Entries)
                foreach (var p in GeneratedOnAdd(e.Metadata))
                {
                    var value = e.Property(p);
                    if (!value.IsTemporary && !Equals(value.CurrentValue, p.Sentinel)) continue;
                    // The database fills it: fine only for a lone identity key that nothing points at.
                    if (!p.IsPrimaryKey() || table.PrimaryKey!.Columns.Count != 1 || table.ReferencingForeignKeyConstraints.Any()) return null;
                    omitsKey = true;
                }
        }
        return new BulkTable(table, Written(table, omitsKey), rows, omitsKey);
    }

    // The model's metadata answers these through annotation look-ups on every call (a computed column's SQL is looked
    // up per column and store object): for an API import of five deaths that was about a fifth of the bulk write's own
    // CPU. They depend on the model alone, so each is worked out once per table or type. Weakly keyed: a model (and a
    // test host's) can be collected.
    private static readonly ConditionalWeakTable<ITable, IReadOnlyList<IColumn>[]> WrittenColumns = [];
    private static readonly ConditionalWeakTable<IEntityType, IProperty[]> OnAdd = [];

    /// <summary>The columns a bulk write gives values: not computed, and not the key when the database numbers the rows.</summary>
    private static IReadOnlyList<IColumn> Written(ITable table, bool omitsKey) =>
        WrittenColumns.GetValue(table, t => [.. new[] { false, true }.Select(omit =>
            (IReadOnlyList<IColumn>)t.Columns.Where(c => c.ComputedColumnSql is null && !(omit && t.PrimaryKey!.Columns.Contains(c))).ToArray())])
        [omitsKey ? 1 : 0];

    /// <summary>The type's properties whose values are generated on add (keys the database or EF Core may fill).</summary>
    private static IProperty[] GeneratedOnAdd(IEntityType type) =>
        OnAdd.GetValue(type, t => [.. t.GetProperties().Where(p => p.ValueGenerated.HasFlag(ValueGenerated.OnAdd))]);

    /// <summary>Whether a staged row's key is generated on add and still unset (its sentinel), as a new search document's is.</summary>
    private static bool LeavesIdentityKey(IEntityType type, object row) =>
        type.FindPrimaryKey() is { Properties: [var key] } && key.ValueGenerated.HasFlag(ValueGenerated.OnAdd)
        && Equals(key.GetGetter().GetClrValue(row), key.Sentinel);

    /// <summary>The value a row gives a column, from the first of its entries whose type maps the column.</summary>
    public static (object? Value, IColumnMapping? Mapping, bool Temporary) ValueOf(IColumn column, List<EntityEntry> entries)
    {
        foreach (var m in column.PropertyMappings)
            foreach (var e in entries)
                if (m.Property.DeclaringType is IEntityType declaring && declaring.IsAssignableFrom(e.Metadata))
                {
                    var value = e.Property(m.Property);
                    return (value.CurrentValue, m, value.IsTemporary);
                }
        return (null, null, false);
    }
}

/// <summary>How an entity type's entries find their row (ADR 2161): its one table, and the property that gives each of
/// the table's key columns its value — resolved once per type and batch, not once per entry as before. Null when the
/// type is split over several tables.</summary>
internal sealed class RowShape(ITable table, IProperty?[]? key)
{
    public ITable Table { get; } = table;

    public static RowShape? Of(IEntityType type)
    {
        var mappings = type.GetTableMappings().ToList();
        if (mappings.Count != 1) return null;
        var table = mappings[0].Table;
        // The first mapping of each key column whose declaring type is this type or a base of it (as BulkPlan.ValueOf).
        IProperty?[]? key = table.PrimaryKey is { } pk
            ? [.. pk.Columns.Select(c => c.PropertyMappings.Select(m => m.Property)
                .FirstOrDefault(p => p.DeclaringType is IEntityType declaring && declaring.IsAssignableFrom(type)))]
            : null;
        return new RowShape(table, key);
    }

    /// <summary>The entry's key values, or null when a key column has no value yet (not mapped, or temporary): such an
    /// entry is a row of its own.</summary>
    public RowKey? KeyOf(EntityEntry e)
    {
        if (key is null) return null;
        var values = new object?[key.Length];
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] is not { } property) return null;
            var value = e.Property(property);
            if (value.IsTemporary) return null;
            values[i] = value.CurrentValue;
        }
        return new RowKey(values);
    }
}

/// <summary>A row's key values compared by value (owner and owned parts of one row share them).</summary>
internal sealed class RowKey(object?[] values) : IEquatable<RowKey>
{
    private readonly object?[] values = values;
    private readonly int? unique;

    private RowKey(int unique) : this([]) => this.unique = unique;

    /// <summary>A key no other row has: an entry whose key the database will give it.</summary>
    public static RowKey Unique(int n) => new(n);

    public bool Equals(RowKey? other) =>
        other is not null && unique == other.unique && values.Length == other.values.Length
        && values.AsSpan().SequenceEqual(other.values.AsSpan());

    public override bool Equals(object? obj) => Equals(obj as RowKey);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(unique);
        foreach (var v in values) hash.Add(v);
        return hash.ToHashCode();
    }
}
