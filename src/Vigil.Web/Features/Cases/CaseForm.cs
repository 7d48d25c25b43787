using System.ComponentModel.DataAnnotations;

namespace Vigil.Web.Features.Cases;

/// <summary>The create/edit form. Times are typed in the force's zone; the record is stored in UTC.</summary>
public sealed class CaseForm
{
    /// <summary>Most rows of one kind a form takes (a bound, as every posted list must have one).</summary>
    public const int MaxRows = 100;

    public Guid TeamId { get; set; }
    [Display(Name = "Deceased's name")] [StringLength(200)] public string? DeceasedName { get; set; }
    [Display(Name = "Sex")] public string? Sex { get; set; }
    [Display(Name = "Age")] [Range(0, 130, ErrorMessage = "Age must be between 0 and 130")] public int? Age { get; set; }
    [Display(Name = "Occupation")] [StringLength(128)] public string? Occupation { get; set; }
    [Display(Name = "Home area")] [StringLength(128)] public string? HomeArea { get; set; }
    [Required(ErrorMessage = "Enter when the body was found")] [Display(Name = "Found at")] public DateTime? FoundAt { get; set; }
    [Display(Name = "Reported at")] public DateTime? ReportedAt { get; set; }
    [Required(ErrorMessage = "Enter the latitude")] [Range(-90, 90, ErrorMessage = "Latitude must be between -90 and 90")] public double? Latitude { get; set; }
    [Required(ErrorMessage = "Enter the longitude")] [Range(-180, 180, ErrorMessage = "Longitude must be between -180 and 180")] public double? Longitude { get; set; }
    [Display(Name = "Setting")] public string? Setting { get; set; }
    [Display(Name = "Area")] [StringLength(128)] public string? Area { get; set; }
    [Display(Name = "Where exactly")] [StringLength(400)] public string? LocationDescription { get; set; }
    [Display(Name = "Address")] [StringLength(400)] public string? LocationAddress { get; set; }
    [Display(Name = "Position of the body")] public string? Position { get; set; }
    public List<string> SceneFeatures { get; set; } = [];
    [Display(Name = "Narrative")] [StringLength(20000)] public string? Narrative { get; set; }
    [Display(Name = "Cause of death")] [StringLength(400)] public string? CauseOfDeath { get; set; }
    [Display(Name = "Manner")] public string? Manner { get; set; }
    public List<PersonRow> People { get; set; } = [];
    public List<ExhibitRow> Exhibits { get; set; } = [];
    public List<ToxicologyRow> Toxicology { get; set; } = [];
    public int Version { get; set; }

    public sealed class PersonRow
    {
        public string? Role { get; set; }
        [StringLength(200)] public string? Name { get; set; }
        [StringLength(64)] public string? Phone { get; set; }
        [StringLength(400)] public string? Address { get; set; }
    }

    public sealed class ExhibitRow
    {
        public string? Type { get; set; }
        [StringLength(2000)] public string? Description { get; set; }
        public bool? Tested { get; set; }
    }

    public sealed class ToxicologyRow
    {
        [StringLength(100)] public string? Substance { get; set; }
        public double? Concentration { get; set; }
    }

    /// <summary>Rows are added as needed (issue 9.2, ADR 1432): each list ends with one empty row to type into; more
    /// come from "Add …" (a script clones a row; without one, the form posts back with <see cref="AddRow"/>).</summary>
    public void Pad()
    {
        if (People.Count == 0 || Filled(People[^1])) People.Add(new PersonRow());
        if (Exhibits.Count == 0 || Filled(Exhibits[^1])) Exhibits.Add(new ExhibitRow());
        if (Toxicology.Count == 0 || Filled(Toxicology[^1])) Toxicology.Add(new ToxicologyRow());
    }

    /// <summary>The lists a row can be added to or removed from, by the names the form's buttons post.</summary>
    public const string PeopleList = "people", ExhibitList = "exhibits", ToxicologyList = "toxicology";

    /// <summary>Adds an empty row to the named list; false when there is no such list or it is full.</summary>
    public bool AddRow(string? list) => list switch
    {
        PeopleList when People.Count < MaxRows => Added(People),
        ExhibitList when Exhibits.Count < MaxRows => Added(Exhibits),
        ToxicologyList when Toxicology.Count < MaxRows => Added(Toxicology),
        _ => false,
    };

    /// <summary>Removes row <c>i</c> of a list named as "list:i" (a remove button's value).</summary>
    public bool RemoveRow(string? listAndIndex)
    {
        var parts = (listAndIndex ?? "").Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var i) || i < 0) return false;
        return parts[0] switch
        {
            PeopleList => Removed(People, i),
            ExhibitList => Removed(Exhibits, i),
            ToxicologyList => Removed(Toxicology, i),
            _ => false,
        };
    }

    private static bool Added<T>(List<T> rows) where T : new()
    {
        rows.Add(new T());
        return true;
    }

    private static bool Removed<T>(List<T> rows, int i)
    {
        if (i >= rows.Count) return false;
        rows.RemoveAt(i);
        return true;
    }

    private static bool Filled(PersonRow p) => !string.IsNullOrWhiteSpace(p.Role) || !string.IsNullOrWhiteSpace(p.Name) || !string.IsNullOrWhiteSpace(p.Phone) || !string.IsNullOrWhiteSpace(p.Address);
    private static bool Filled(ExhibitRow e) => !string.IsNullOrWhiteSpace(e.Type) || !string.IsNullOrWhiteSpace(e.Description) || e.Tested is not null;
    private static bool Filled(ToxicologyRow t) => !string.IsNullOrWhiteSpace(t.Substance) || t.Concentration is not null;

    /// <summary>Errors keyed by form field, for messages next to the field.</summary>
    public Dictionary<string, string> Check()
    {
        var errors = new Dictionary<string, string>();
        void Closed(string key, string? value, IReadOnlySet<string> allowed, string label)
        {
            if (!string.IsNullOrEmpty(value) && !allowed.Contains(value)) errors[key] = $"Choose a {label} from the list";
        }
        Closed("Form.Sex", Sex, Vocabulary.Sexes, "sex");
        Closed("Form.Setting", Setting, Vocabulary.Settings, "setting");
        Closed("Form.Position", Position, Vocabulary.Positions, "position");
        Closed("Form.Manner", Manner, Vocabulary.Manners, "manner");
        foreach (var f in SceneFeatures) Closed("Form.SceneFeatures", f, Vocabulary.SceneFeatures, "scene feature");
        foreach (var (key, rows) in new[] { ("Form.People", People.Count), ("Form.Exhibits", Exhibits.Count), ("Form.Toxicology", Toxicology.Count) })
            if (rows > MaxRows) errors[key] = $"At most {MaxRows} rows";
        for (var i = 0; i < People.Count; i++)
        {
            var p = People[i];
            var filled = !string.IsNullOrWhiteSpace(p.Name) || !string.IsNullOrWhiteSpace(p.Phone) || !string.IsNullOrWhiteSpace(p.Address);
            if (filled && string.IsNullOrEmpty(p.Role)) errors[$"Form.People[{i}].Role"] = "Choose this person's role";
            Closed($"Form.People[{i}].Role", p.Role, Vocabulary.PersonRoles, "role");
        }
        for (var i = 0; i < Exhibits.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(Exhibits[i].Description) && string.IsNullOrEmpty(Exhibits[i].Type))
                errors[$"Form.Exhibits[{i}].Type"] = "Choose the exhibit's type";
            Closed($"Form.Exhibits[{i}].Type", Exhibits[i].Type, Vocabulary.ExhibitTypes, "type");
        }
        if (FoundAt is { } f2 && ReportedAt is { } r && r < f2.AddDays(-1))
            errors["Form.ReportedAt"] = "Reported at is before the body was found";
        return errors;
    }

    public DeathRecord ToRecord(ForceTime time, string source, string reference) => new()
    {
        Ref = reference,
        Source = source,
        FoundAt = new DateTimeOffset(time.ToUtc(FoundAt!.Value), TimeSpan.Zero),
        ReportedAt = ReportedAt is { } r ? new DateTimeOffset(time.ToUtc(r), TimeSpan.Zero) : null,
        Location = new RecordLocation
        {
            Lat = Latitude!.Value, Lon = Longitude!.Value, Setting = Blank(Setting), Area = Blank(Area),
            Description = Blank(LocationDescription), Address = Blank(LocationAddress),
        },
        Deceased = new RecordDeceased { Name = Blank(DeceasedName), Sex = Blank(Sex), Age = Age, Occupation = Blank(Occupation), HomeArea = Blank(HomeArea) },
        Position = Blank(Position),
        SceneFeatures = SceneFeatures,
        Narrative = Blank(Narrative),
        CauseOfDeath = Blank(CauseOfDeath),
        Manner = Blank(Manner),
        People = People.Where(p => !string.IsNullOrEmpty(p.Role))
            .Select(p => new RecordPerson { Role = p.Role!, Name = Blank(p.Name), Phone = Blank(p.Phone), Address = Blank(p.Address) }).ToList(),
        Exhibits = Exhibits.Where(e => !string.IsNullOrEmpty(e.Type))
            .Select(e => new RecordExhibit { Type = e.Type!, Description = Blank(e.Description), Tested = e.Tested }).ToList(),
        Toxicology = Toxicology.Where(t => !string.IsNullOrWhiteSpace(t.Substance))
            .Select(t => new RecordToxicology { Substance = t.Substance!.Trim(), ConcentrationMgL = t.Concentration }).ToList(),
    };

    public static CaseForm From(DeathCase c, ForceTime time)
    {
        var form = new CaseForm
        {
            TeamId = c.TeamId, DeceasedName = c.Deceased.Name, Sex = c.Deceased.Sex, Age = c.Deceased.Age,
            Occupation = c.Deceased.Occupation, HomeArea = c.Deceased.HomeArea,
            FoundAt = time.ToLocal(c.FoundAt), ReportedAt = c.ReportedAt is { } r ? time.ToLocal(r) : null,
            Latitude = c.Latitude, Longitude = c.Longitude, Setting = c.Setting, Area = c.Area,
            LocationDescription = c.LocationDescription, LocationAddress = c.LocationAddress, Position = c.Position,
            SceneFeatures = [.. c.SceneFeatureList], Narrative = c.Narrative, CauseOfDeath = c.CauseOfDeath, Manner = c.Manner,
            People = c.People.Select(p => new PersonRow { Role = p.Role, Name = p.NameAsWritten, Phone = p.PhoneAsWritten, Address = p.AddressAsWritten }).ToList(),
            Exhibits = c.Exhibits.OrderBy(e => e.Reference, StringComparer.Ordinal).Select(e => new ExhibitRow { Type = e.Type, Description = e.Description, Tested = e.Tested }).ToList(),
            Toxicology = c.Toxicology.Select(t => new ToxicologyRow { Substance = t.Substance, Concentration = t.ConcentrationMgL }).ToList(),
            Version = c.Version,
        };
        form.Pad();
        return form;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
