using Vigil.Web.Features.Import.Mapping;

namespace Vigil.Web.Features.Import.Page;

/// <summary>One file column on the mapping page: the field it fills and how its cells are read.</summary>
public sealed class ColumnChoice
{
    public string Column { get; set; } = "";
    public string? Field { get; set; }
    public string? Role { get; set; }
    public int? Person { get; set; }
    public int? Item { get; set; }
    public string? Substance { get; set; }
    /// <summary>Date formats, one per line.</summary>
    public string? Formats { get; set; }
    /// <summary>Value map, one "CODE = value" per line.</summary>
    public string? Values { get; set; }
    public string? Split { get; set; }
}

/// <summary>The mapping page's form, to and from an <see cref="ImportMapping"/>.</summary>
public sealed class MappingForm
{
    public string? Source { get; set; }
    public string? TimeZone { get; set; }
    public string? Sheet { get; set; }
    /// <summary>Values meaning "not recorded", one per line.</summary>
    public string? NullValues { get; set; }
    public List<ColumnChoice> Columns { get; set; } = [];

    public ImportMapping ToMapping() => new()
    {
        Source = Blank(Source),
        TimeZone = Blank(TimeZone),
        Sheet = Blank(Sheet),
        NullValues = Lines(NullValues) is { Count: > 0 } nulls ? nulls : null,
        Columns = Columns.Where(c => !string.IsNullOrEmpty(c.Field)).Select(c => new ColumnMapping
        {
            Column = c.Column,
            Field = c.Field!,
            Role = Blank(c.Role),
            Person = c.Person,
            Item = c.Item,
            Substance = Blank(c.Substance),
            Formats = Lines(c.Formats) is { Count: > 0 } formats ? formats : null,
            Values = ValueMap(c.Values),
            Split = string.IsNullOrEmpty(c.Split) ? null : c.Split,
        }).ToList(),
    };

    /// <summary>The form for a file's columns, filled from a saved mapping where it names them; a column named like a
    /// field (e.g. "found_at") is offered that field.</summary>
    public static MappingForm For(IReadOnlyList<string> fileColumns, ImportMapping? mapping) => new()
    {
        Source = mapping?.Source,
        TimeZone = mapping?.TimeZone,
        Sheet = mapping?.Sheet,
        NullValues = mapping?.NullValues is { } nulls ? string.Join('\n', nulls) : null,
        Columns = fileColumns.Select(column =>
        {
            var m = mapping?.Columns.FirstOrDefault(c => c.Column == column);
            if (m is null)
                return new ColumnChoice { Column = column, Field = mapping is null && MappingFields.Find(column) is { Kind: not FieldKind.Extra } f ? f.Name : null };
            return new ColumnChoice
            {
                Column = column, Field = m.Field, Role = m.Role, Person = m.Person, Item = m.Item, Substance = m.Substance, Split = m.Split,
                Formats = m.Formats is { } formats ? string.Join('\n', formats) : null,
                Values = m.Values is { } values ? string.Join('\n', values.Select(kv => $"{kv.Key} = {kv.Value}")) : null,
            };
        }).ToList(),
    };

    /// <summary>"NS = non-suspicious" lines; a line with no "=" or no code is ignored, "X =" means X is "not recorded".</summary>
    private static Dictionary<string, string>? ValueMap(string? text)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in Lines(text))
        {
            var eq = line.LastIndexOf('=');
            if (eq <= 0) continue;
            var code = line[..eq].Trim();
            if (code.Length > 0) map[code] = line[(eq + 1)..].Trim();
        }
        return map.Count > 0 ? map : null;
    }

    private static List<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
