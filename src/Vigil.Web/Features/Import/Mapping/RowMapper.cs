using System.Text.RegularExpressions;

namespace Vigil.Web.Features.Import.Mapping;

/// <summary>Turns spreadsheet rows into death-record v1 records by a mapping, then holds them to the format's own rules
/// (<see cref="DeathRecordValidator"/>), so a mapped row and a JSON line are judged alike.</summary>
public sealed partial class RowMapper
{
    private readonly List<(ColumnMapping Mapping, MappingField Field, int Index, Dictionary<string, string>? Codes)> columns = [];
    private readonly HashSet<string> nullValues;
    private readonly TimeZoneInfo zone;

    public RowMapper(ImportMapping mapping, IReadOnlyList<string> fileColumns, TimeZoneInfo defaultZone)
    {
        var problems = mapping.Problems(fileColumns);
        if (problems.Count > 0) throw new InvalidMappingException(problems);
        zone = mapping.TimeZone is { } id ? TimeZoneInfo.FindSystemTimeZoneById(id) : defaultZone;
        nullValues = new HashSet<string>(mapping.NullValues ?? [], StringComparer.OrdinalIgnoreCase);
        foreach (var c in mapping.Columns.Where(c => c.Field != MappingFields.Ignore))
        {
            var codes = c.Values?.ToDictionary(kv => kv.Key.Trim(), kv => kv.Value, StringComparer.OrdinalIgnoreCase);
            columns.Add((c, MappingFields.Find(c.Field)!, IndexOf(fileColumns, c.Column), codes));
        }
    }

    /// <summary>Every row of the file, streamed, in the import service's terms.</summary>
    public IEnumerable<ParsedLine> Lines(TabularReader reader)
    {
        foreach (var row in reader.Rows()) yield return Map(row).ToParsedLine();
    }

    /// <summary>The first rows as they would be stored, problems and all.</summary>
    public List<MappedRow> Preview(TabularReader reader, int rows) => reader.Rows().Take(rows).Select(Map).ToList();

    public MappedRow Map(TabularRow row)
    {
        var draft = new RecordDraft();
        foreach (var (mapping, field, index, codes) in columns)
        {
            var raw = index < row.Cells.Count ? row.Cells[index]?.Trim() : null;
            if (string.IsNullOrEmpty(raw) || nullValues.Contains(raw)) continue;
            draft.Column = mapping.Column;
            if (field.IsList) { foreach (var item in Split(raw, mapping.Split)) Read(draft, mapping, field, Translate(item, codes, field)); }
            else Read(draft, mapping, field, Translate(raw, codes, field));
        }
        var (record, complete) = draft.Build();
        foreach (var e in DeathRecordValidator.ValidateFields(record))
            if (complete || !MappingFields.Required.Contains(e.Field)) draft.Error(draft.ColumnOf(e.Field), e.Field, e.Message);
        return new MappedRow(row.Line, complete ? record : null, draft.Problems, record);
    }

    private void Read(RecordDraft d, ColumnMapping m, MappingField field, string? value)
    {
        if (value is null) return;
        switch (field.Kind)
        {
            case FieldKind.Text: d.AddText(field.Name, value); break;
            case FieldKind.Code: d.Codes[field.Name] = value; d.Bind(field.Name); break;
            case FieldKind.CodeList: d.SceneFeatures.Add(value); d.Bind("scene_features"); break;
            case FieldKind.Exhibits: d.Bind($"exhibits-list[{d.Exhibits.Count}]"); d.Exhibits.Add(new RecordExhibit { Type = value }); break;
            case FieldKind.Toxicology: d.Bind($"toxicology[{d.Toxicology.Count}]"); d.Toxicology.Add(Substance(value)); break;
            case FieldKind.ToxicologyConcentration: ReadConcentration(d, m, value); break;
            case FieldKind.Extra: d.Extra[field.Name[MappingFields.ExtraPrefix.Length..]] = JsonSerializer.SerializeToElement(value); break;
            case FieldKind.Timestamp:
                var (at, error, warning) = CellParsers.Timestamp(value, m.Formats, zone);
                if (warning is not null) d.Warn(m.Column, field.Name, warning);
                if (at is { } t) d.Timestamps[field.Name] = t; else d.Error(m.Column, field.Name, error!);
                d.Bind(field.Name);
                break;
            case FieldKind.Date:
            case FieldKind.PersonDate:
                var (date, dateError) = CellParsers.Date(value, m.Formats);
                if (dateError is not null) { d.Error(m.Column, field.Name, dateError); break; }
                if (field.IsPerson) d.Person(m).Dob = date; else d.DeceasedDob = date;
                break;
            case FieldKind.Number:
                var (number, numberError) = CellParsers.Number(value);
                if (number is { } n) d.Numbers[field.Name] = n; else d.Error(m.Column, field.Name, numberError!);
                d.Bind(field.Name);
                break;
            case FieldKind.Integer:
                var (whole, wholeError) = CellParsers.Integer(value);
                if (whole is { } w) d.Age = w; else d.Error(m.Column, field.Name, wholeError!);
                d.Bind(field.Name);
                break;
            case FieldKind.PersonText:
                d.Person(m).Set(field.Name, value);
                break;
            case FieldKind.PersonFlag:
                if (value == "true") d.Person(m);
                else if (value != "false") d.Error(m.Column, field.Name, $"'{CellParsers.Clip(value)}' is not yes or no");
                break;
            case FieldKind.ExhibitPart:
                if (field.Vocabulary == MappingFields.Booleans && !MappingFields.Booleans.Contains(value))
                    d.Error(m.Column, field.Name, $"'{CellParsers.Clip(value)}' is not yes or no");
                else d.Exhibit(m).Set(field.Name, value);
                break;
        }
    }

    private static void ReadConcentration(RecordDraft d, ColumnMapping m, string value)
    {
        var (number, _) = CellParsers.Number(value);
        if (number is null) d.Warn(m.Column, "toxicology", $"'{CellParsers.Clip(value)}' is not a number; {m.Substance} recorded without a concentration");
        d.Bind($"toxicology[{d.Toxicology.Count}]");
        d.Toxicology.Add(new RecordToxicology { Substance = m.Substance!, ConcentrationMgL = number });
    }

    /// <summary>The value map first (matched ignoring case); a code then gets the format's spelling when it differs only
    /// in case, spaces or underscores ("Home own" → "home-own"). An empty mapped value means "not recorded".</summary>
    private static string? Translate(string value, Dictionary<string, string>? codes, MappingField field)
    {
        if (codes is not null && codes.TryGetValue(value, out var mapped)) return mapped.Length == 0 ? null : mapped;
        if (field.Vocabulary == MappingFields.Booleans) return Boolean(value);
        if (field.Vocabulary is not { } allowed || allowed.Contains(value)) return value;
        var spelled = SpacesOrUnderscores().Replace(value.Trim().ToLowerInvariant(), "-");
        return allowed.Contains(spelled) ? spelled : value;
    }

    private static string Boolean(string value) => value.ToLowerInvariant() switch
    {
        "true" or "yes" or "y" or "1" or "t" => "true",
        "false" or "no" or "n" or "0" or "f" => "false",
        _ => value,
    };

    /// <summary>"GHB 310", "ethanol 0.8 mg/L" or "cocaine": a trailing number is the concentration in mg/L.</summary>
    private static RecordToxicology Substance(string item)
    {
        var match = SubstanceWithConcentration().Match(item);
        if (!match.Success) return new RecordToxicology { Substance = item };
        var (number, _) = CellParsers.Number(match.Groups[2].Value);
        return new RecordToxicology { Substance = match.Groups[1].Value.Trim(), ConcentrationMgL = number };
    }

    private static IEnumerable<string> Split(string raw, string? separator) =>
        raw.Split(string.IsNullOrEmpty(separator) ? ";" : separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++) if (columns[i] == name) return i;
        return int.MaxValue;
    }

    [GeneratedRegex(@"[\s_]+")]
    private static partial Regex SpacesOrUnderscores();

    [GeneratedRegex(@"^(.+?)\s+(\d+(?:[.,]\d+)?)\s*(?:mg/l)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SubstanceWithConcentration();
}

public sealed class InvalidMappingException(IReadOnlyList<string> problems)
    : Exception("the mapping cannot be used: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
