using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Vigil.Data.Bulk;

/// <summary>Reads a <see cref="BulkTable"/>'s rows column by column as the database will store them (the property's
/// value converter applied), with the column-to-property lookup done once per entity type instead of once per value
/// (ADR 1903). The same values as <see cref="BulkPlan.ValueOf"/>: a column is read from the first of the row's entries
/// whose type maps it (two entries of one row map the same column only for the shared key, which they agree on).</summary>
internal sealed class BulkValues(IReadOnlyList<IColumn> columns)
{
    private readonly Dictionary<IEntityType, IColumnMapping?[]> byType = [];
    private readonly Dictionary<IEntityType, StagedColumn?[]> stagedByType = [];

    /// <summary>The mapping that gave each column its value in the last row read (null: no entry maps it).</summary>
    public IColumnMapping?[] Mappings { get; } = new IColumnMapping?[columns.Count];

    /// <summary>Fills <paramref name="values"/> with the row's provider values (null for a missing or null value).</summary>
    public void Read(BulkRow row, object?[] values)
    {
        Array.Clear(Mappings);
        Array.Clear(values);
        if (row.Staged is { } staged)
        {
            ReadStaged(row.StagedType!, staged, values);
            return;
        }
        // Owner and owned parts of one row (table splitting) are few: this loop runs once or twice.
        foreach (var entry in row.Entries)
        {
            if (!byType.TryGetValue(entry.Metadata, out var perColumn)) byType[entry.Metadata] = perColumn = Resolve(entry.Metadata);
            PropertyValues? current = null;
            for (var c = 0; c < perColumn.Length; c++)
            {
                if (Mappings[c] is not null || perColumn[c] is not { } m) continue;
                current ??= entry.CurrentValues;
                var value = current[m.Property];
                Mappings[c] = m;
                values[c] = value is null || m.TypeMapping.Converter is not { } converter ? value : converter.ConvertToProvider(value);
            }
        }
    }

    /// <summary>A staged object (ADR 2251): each column from the object's property, or its owned part's.</summary>
    private void ReadStaged(IEntityType type, object row, object?[] values)
    {
        if (!stagedByType.TryGetValue(type, out var perColumn)) stagedByType[type] = perColumn = ResolveStaged(type);
        for (var c = 0; c < perColumn.Length; c++)
        {
            if (perColumn[c] is not { } column) continue;
            var m = column.Mapping;
            Mappings[c] = m;
            var value = column.Read(row);
            values[c] = value is null || m.TypeMapping.Converter is not { } converter ? value : converter.ConvertToProvider(value);
        }
    }

    /// <summary>The type's own mapping of each column first (as <see cref="Resolve"/>), else an owned part's, read
    /// through the navigations that reach it. An owned part's key is its owner's key column, so the owner gives it.</summary>
    private StagedColumn?[] ResolveStaged(IEntityType type)
    {
        var result = new StagedColumn?[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            if (columns[c].PropertyMappings.FirstOrDefault(m => m.Property.DeclaringType is IEntityType declaring && declaring.IsAssignableFrom(type)) is { } own)
                result[c] = new StagedColumn(own, [own.Property.GetGetter()], Shadow(own.Property));
            else
                result[c] = OwnedColumn(type, columns[c], []);
        }
        return result;
    }

    private static StagedColumn? OwnedColumn(IEntityType type, IColumn column, List<IClrPropertyGetter> path)
    {
        foreach (var navigation in type.GetNavigations().Where(n => !n.IsCollection && n.TargetEntityType.IsOwned()))
        {
            List<IClrPropertyGetter> through = [.. path, navigation.GetGetter()];
            if (column.PropertyMappings.FirstOrDefault(m => m.Property.DeclaringType == navigation.TargetEntityType) is { } mapping)
                return new StagedColumn(mapping, [.. through, mapping.Property.GetGetter()], Shadow(mapping.Property));
            if (OwnedColumn(navigation.TargetEntityType, column, through) is { } deeper) return deeper;
        }
        return null;
    }

    private static bool Shadow(IProperty property) => property.IsShadowProperty();

    /// <summary>A column of a staged row: its mapping, and the getters from the row to the value (a navigation per
    /// owned part, then the property).</summary>
    private sealed class StagedColumn(IColumnMapping mapping, IClrPropertyGetter[] path, bool shadow)
    {
        public IColumnMapping Mapping { get; } = mapping;

        public object? Read(object row)
        {
            if (shadow) throw new NotSupportedException($"{Mapping.Property.Name} is a shadow property: a staged row cannot give its value (ADR 2251)");
            object? value = row;
            foreach (var getter in path)
            {
                if (value is null) return null;
                value = getter.GetClrValue(value);
            }
            return value;
        }
    }

    private IColumnMapping?[] Resolve(IEntityType type) =>
        [.. columns.Select(column => column.PropertyMappings.FirstOrDefault(m => m.Property.DeclaringType is IEntityType declaring && declaring.IsAssignableFrom(type)))];
}
