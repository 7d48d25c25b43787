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

    /// <summary>The mapping that gave each column its value in the last row read (null: no entry maps it).</summary>
    public IColumnMapping?[] Mappings { get; } = new IColumnMapping?[columns.Count];

    /// <summary>Fills <paramref name="values"/> with the row's provider values (null for a missing or null value).</summary>
    public void Read(BulkRow row, object?[] values)
    {
        Array.Clear(Mappings);
        Array.Clear(values);
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

    private IColumnMapping?[] Resolve(IEntityType type) =>
        [.. columns.Select(column => column.PropertyMappings.FirstOrDefault(m => m.Property.DeclaringType is IEntityType declaring && declaring.IsAssignableFrom(type)))];
}
