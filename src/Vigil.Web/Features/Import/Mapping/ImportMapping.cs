namespace Vigil.Web.Features.Import.Mapping;

/// <summary>How one spreadsheet column becomes a death-record field (docs/import-mapping.md).</summary>
public sealed record ColumnMapping
{
    [JsonPropertyName("column")] public required string Column { get; init; }
    [JsonPropertyName("field")] public required string Field { get; init; }
    /// <summary>The source's codes → the format's values ("NS" → "non-suspicious"), matched ignoring case and spaces around.</summary>
    [JsonPropertyName("values")] public Dictionary<string, string>? Values { get; init; }
    /// <summary>.NET date formats tried in order ("dd/MM/yyyy HH:mm"); ISO 8601 is always understood.</summary>
    [JsonPropertyName("formats")] public IReadOnlyList<string>? Formats { get; init; }
    /// <summary>For list fields: what separates the items (default ";").</summary>
    [JsonPropertyName("split")] public string? Split { get; init; }
    /// <summary>For people columns: the role of the person the column describes.</summary>
    [JsonPropertyName("role")] public string? Role { get; init; }
    /// <summary>For people columns: which person of that role (1, 2 …) when a row names several.</summary>
    [JsonPropertyName("person")] public int? Person { get; init; }
    /// <summary>For exhibit columns: which exhibit of the row (1, 2 …) the column describes.</summary>
    [JsonPropertyName("item")] public int? Item { get; init; }
    /// <summary>For a one-substance concentration column: the substance.</summary>
    [JsonPropertyName("substance")] public string? Substance { get; init; }
}

/// <summary>A saved column mapping for a force's spreadsheets or an old system's CSV exports.</summary>
public sealed record ImportMapping
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("version")] public int Version { get; init; } = CurrentVersion;
    /// <summary>The source recorded on every row that has no source column; with the ref, the key that makes re-import update.</summary>
    [JsonPropertyName("source")] public string? Source { get; init; }
    /// <summary>For .xlsx: the worksheet to read (default: the first).</summary>
    [JsonPropertyName("sheet")] public string? Sheet { get; init; }
    /// <summary>IANA zone of timestamps written without an offset (default: the force's zone).</summary>
    [JsonPropertyName("time_zone")] public string? TimeZone { get; init; }
    /// <summary>Cell values that mean "not recorded" besides an empty cell, e.g. "N/K" or "-".</summary>
    [JsonPropertyName("null_values")] public IReadOnlyList<string>? NullValues { get; init; }
    [JsonPropertyName("columns")] public IReadOnlyList<ColumnMapping> Columns { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public static ImportMapping Parse(string json) =>
        JsonSerializer.Deserialize<ImportMapping>(json, Json) ?? throw new JsonException("the mapping is JSON null");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>What is wrong with the mapping itself (not with any row), given the file's columns when known.</summary>
    public IReadOnlyList<string> Problems(IReadOnlyList<string>? fileColumns = null)
    {
        var problems = new List<string>();
        if (Version != CurrentVersion) problems.Add($"mapping version {Version} is not supported (expected {CurrentVersion})");
        if (TimeZone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)) problems.Add($"time zone '{zone}' is not known");
        var mapped = Columns.Where(c => c.Field != MappingFields.Ignore).ToList();
        foreach (var c in mapped)
        {
            var field = MappingFields.Find(c.Field);
            if (field is null) { problems.Add($"column '{c.Column}': '{c.Field}' is not a death-record field"); continue; }
            if (fileColumns is not null && !fileColumns.Contains(c.Column, StringComparer.Ordinal)) problems.Add($"column '{c.Column}' is not in the file");
            if (field.IsPerson && (c.Role is null || !Vocabulary.PersonRoles.Contains(c.Role)))
                problems.Add($"column '{c.Column}': a people column needs a role, one of {string.Join(", ", Vocabulary.PersonRoles)}");
            if (c.Person is < 1 or > 20) problems.Add($"column '{c.Column}': person must be between 1 and 20");
            if (c.Item is < 1 or > 50) problems.Add($"column '{c.Column}': item must be between 1 and 50");
            if (field.Kind == FieldKind.ToxicologyConcentration && string.IsNullOrWhiteSpace(c.Substance))
                problems.Add($"column '{c.Column}': a concentration column needs the substance it measures");
            foreach (var (code, value) in c.Values ?? [])
                if (field.Vocabulary is { } allowed && value.Length > 0 && !allowed.Contains(value))
                    problems.Add($"column '{c.Column}': code '{code}' maps to '{value}', which is not one of {string.Join(", ", allowed)}");
        }
        foreach (var required in MappingFields.Required)
            if (!mapped.Any(c => c.Field == required)) problems.Add($"no column is mapped to {required}");
        foreach (var twice in mapped.Where(c => !AllowsSeveralColumns(c)).GroupBy(c => c.Field + "|" + c.Role + "|" + c.Person + "|" + c.Item + "|" + c.Substance).Where(g => g.Count() > 1))
            problems.Add($"{twice.First().Field} is mapped from more than one column ({string.Join(", ", twice.Select(c => c.Column))})");
        return problems;
    }

    /// <summary>Text fields join several columns ("Forename" + "Surname" → name); lists add each column's items.</summary>
    private static bool AllowsSeveralColumns(ColumnMapping c) =>
        MappingFields.Find(c.Field) is { Kind: FieldKind.Text or FieldKind.PersonText } or { IsList: true };
}
