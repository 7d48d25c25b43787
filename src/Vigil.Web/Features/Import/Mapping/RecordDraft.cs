namespace Vigil.Web.Features.Import.Mapping;

/// <summary>What one row has given so far, with the column each field came from (so a rule the finished record breaks
/// is marked on the cell that caused it).</summary>
internal sealed class RecordDraft
{
    private readonly Dictionary<string, string> texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> columnOf = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Role, int N), PersonDraft> people = [];
    private readonly SortedDictionary<int, ExhibitDraft> exhibits = [];
    private readonly List<RowProblem> problems = [];

    /// <summary>The column being read.</summary>
    public string? Column { get; set; }
    public Dictionary<string, string> Codes { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, DateTimeOffset> Timestamps { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, double> Numbers { get; } = new(StringComparer.Ordinal);
    public List<string> SceneFeatures { get; } = [];
    public List<RecordExhibit> Exhibits { get; } = [];
    public List<RecordToxicology> Toxicology { get; } = [];
    public Dictionary<string, JsonElement> Extra { get; } = new(StringComparer.Ordinal);
    public int? Age { get; set; }
    public DateOnly? DeceasedDob { get; set; }
    public IReadOnlyList<RowProblem> Problems => problems;

    public void Bind(string field) => columnOf.TryAdd(field, Column!);

    public void AddText(string field, string value)
    {
        texts[field] = texts.TryGetValue(field, out var before) ? before + " " + value : value;
        Bind(field);
    }

    public PersonDraft Person(ColumnMapping m)
    {
        var key = (m.Role!, m.Person ?? 1);
        if (!people.TryGetValue(key, out var person)) people[key] = person = new PersonDraft(m.Role!, m.Column);
        return person;
    }

    public ExhibitDraft Exhibit(ColumnMapping m)
    {
        var item = m.Item ?? 1;
        if (!exhibits.TryGetValue(item, out var exhibit)) exhibits[item] = exhibit = new ExhibitDraft(m.Column);
        return exhibit;
    }

    public void Error(string? column, string field, string message) => problems.Add(new RowProblem(column, field, message, true));
    public void Warn(string? column, string field, string message) => problems.Add(new RowProblem(column, field, message, false));

    /// <summary>The column behind a path such as <c>people[1].role</c>, <c>toxicology[0].substance</c> or <c>manner</c>.</summary>
    public string? ColumnOf(string path)
    {
        if (columnOf.TryGetValue(path, out var exact)) return exact;
        var dot = path.IndexOf('.', path.IndexOf(']', StringComparison.Ordinal) + 1);
        if (dot > 0 && columnOf.TryGetValue(path[..dot], out var item)) return item;
        var bracket = path.IndexOf('[', StringComparison.Ordinal);
        return bracket > 0 && columnOf.TryGetValue(path[..bracket], out var list) ? list : null;
    }

    /// <summary>The record; when a field the format requires is missing it is not complete (and has an error), but is
    /// still built with stand-ins so that the rest of the row is checked and marked too.</summary>
    public (DeathRecord Record, bool Complete) Build()
    {
        var missing = false;
        foreach (var field in MappingFields.Required)
        {
            var present = field switch
            {
                "ref" => texts.ContainsKey(field),
                "found_at" => Timestamps.ContainsKey(field),
                _ => Numbers.ContainsKey(field),
            };
            if (present) continue;
            missing = true;
            // A cell that was there but unreadable has its own error already.
            if (!problems.Any(p => p.Field == field)) Error(null, field, $"{field} is empty");
        }
        var numbered = new List<RecordExhibit>();
        foreach (var (item, e) in exhibits)
        {
            columnOf.TryAdd($"exhibits[{numbered.Count}]", e.Column);
            if (e.Type is null) Error(e.Column, "exhibits.type", $"exhibit {item} has a description or test result but no type");
            else numbered.Add(e.ToRecord());
        }
        for (var i = 0; i < Exhibits.Count; i++) columnOf.TryAdd($"exhibits[{numbered.Count + i}]", columnOf[$"exhibits-list[{i}]"]);
        var peopleList = people.OrderBy(p => p.Key.Role, StringComparer.Ordinal).ThenBy(p => p.Key.N).Select(p => p.Value).ToList();
        for (var i = 0; i < peopleList.Count; i++) columnOf.TryAdd($"people[{i}]", peopleList[i].Column);
        var record = new DeathRecord
        {
            Ref = texts.GetValueOrDefault("ref", "?"),
            Source = Text("source"),
            FoundAt = Timestamps.GetValueOrDefault("found_at", DateTimeOffset.UnixEpoch),
            ReportedAt = Timestamps.TryGetValue("reported_at", out var reported) ? reported : null,
            Location = new RecordLocation
            {
                Lat = Numbers.GetValueOrDefault("location.lat"), Lon = Numbers.GetValueOrDefault("location.lon"), Setting = Code("location.setting"),
                Description = Text("location.description"), Address = Text("location.address"), Area = Text("location.area"),
            },
            Deceased = new RecordDeceased
            {
                Name = Text("deceased.name"), Sex = Code("deceased.sex"), Age = Age, Dob = DeceasedDob,
                HomeArea = Text("deceased.home_area"), Occupation = Text("deceased.occupation"), Address = Text("deceased.address"),
            },
            Position = Code("position"),
            SceneFeatures = SceneFeatures,
            Narrative = Text("narrative"),
            Toxicology = Toxicology,
            CauseOfDeath = Text("cause_of_death"),
            Manner = Code("manner"),
            Classification = Code("classification"),
            People = peopleList.Select(p => p.ToRecord()).ToList(),
            Exhibits = [.. numbered, .. Exhibits],
            Extra = Extra.Count > 0 ? Extra : null,
        };
        return (record, !missing);
    }

    private string? Text(string field) => texts.GetValueOrDefault(field);
    private string? Code(string field) => Codes.GetValueOrDefault(field);
}

internal sealed class PersonDraft(string role, string column)
{
    public string Column { get; } = column;
    public string? Name { get; private set; }
    public string? Phone { get; private set; }
    public string? Address { get; private set; }
    public DateOnly? Dob { get; set; }

    public void Set(string field, string value)
    {
        switch (field)
        {
            case "people.name": Name = Name is null ? value : Name + " " + value; break;
            case "people.phone": Phone = Phone is null ? value : Phone + " " + value; break;
            default: Address = Address is null ? value : Address + ", " + value; break;
        }
    }

    public RecordPerson ToRecord() => new() { Role = role, Name = Name, Dob = Dob, Phone = Phone, Address = Address };
}

internal sealed class ExhibitDraft(string column)
{
    public string Column { get; } = column;
    public string? Type { get; private set; }
    public string? Description { get; private set; }
    public bool? Tested { get; private set; }

    public void Set(string field, string value)
    {
        switch (field)
        {
            case "exhibits.type": Type = value; break;
            case "exhibits.description": Description = Description is null ? value : Description + " " + value; break;
            default: Tested = value switch { "true" => true, "false" => false, _ => null }; break;
        }
    }

    public RecordExhibit ToRecord() => new() { Type = Type!, Description = Description, Tested = Tested };
}
