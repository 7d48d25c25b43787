namespace Vigil.Web.Features.Import.Mapping;

/// <summary>How a cell is read for a field.</summary>
public enum FieldKind
{
    Text, Timestamp, Date, Number, Integer, Code, CodeList, Toxicology, ToxicologyConcentration, Exhibits, ExhibitPart, PersonText, PersonDate, PersonFlag, Extra,
}

/// <summary>A death-record v1 field a spreadsheet column can be mapped to.</summary>
/// <param name="Name">The field's path in the format (<c>location.lat</c>); <c>extra.</c> fields take any name after the dot.</param>
/// <param name="Vocabulary">The closed list a code field must end in, after value mapping.</param>
public sealed record MappingField(string Name, FieldKind Kind, string Label, IReadOnlySet<string>? Vocabulary = null)
{
    public bool IsPerson => Kind is FieldKind.PersonText or FieldKind.PersonDate or FieldKind.PersonFlag;
    public bool IsExhibitPart => Kind is FieldKind.ExhibitPart;
    public bool TakesValueMap => Vocabulary is not null;
    public bool TakesFormats => Kind is FieldKind.Timestamp or FieldKind.Date or FieldKind.PersonDate;
    public bool IsList => Kind is FieldKind.CodeList or FieldKind.Toxicology or FieldKind.Exhibits;
}

/// <summary>The catalogue of mappable fields: the mapper reads cells by it and the mapping page lists it.</summary>
public static class MappingFields
{
    public const string Ignore = "";
    public const string ExtraPrefix = "extra.";

    public static readonly IReadOnlySet<string> ClassificationTerms =
        new HashSet<string>(Vocabulary.NationalClassifications.Concat(Vocabulary.LegacyClassifications), StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> Booleans = new HashSet<string>(["true", "false"], StringComparer.Ordinal);

    public static readonly IReadOnlyList<MappingField> All =
    [
        new("ref", FieldKind.Text, "Source reference (required)"),
        new("source", FieldKind.Text, "Source (system or force)"),
        new("found_at", FieldKind.Timestamp, "Found at (required)"),
        new("reported_at", FieldKind.Timestamp, "Reported at"),
        new("location.lat", FieldKind.Number, "Latitude (required)"),
        new("location.lon", FieldKind.Number, "Longitude (required)"),
        new("location.setting", FieldKind.Code, "Setting", Vocabulary.Settings),
        new("location.description", FieldKind.Text, "Location description"),
        new("location.address", FieldKind.Text, "Location address"),
        new("location.area", FieldKind.Text, "Area"),
        new("deceased.name", FieldKind.Text, "Deceased: name"),
        new("deceased.sex", FieldKind.Code, "Deceased: sex", Vocabulary.Sexes),
        new("deceased.age", FieldKind.Integer, "Deceased: age"),
        new("deceased.dob", FieldKind.Date, "Deceased: date of birth"),
        new("deceased.home_area", FieldKind.Text, "Deceased: home area"),
        new("deceased.occupation", FieldKind.Text, "Deceased: occupation"),
        new("deceased.address", FieldKind.Text, "Deceased: address"),
        new("position", FieldKind.Code, "Position of the body", Vocabulary.Positions),
        new("scene_features", FieldKind.CodeList, "Scene features (list)", Vocabulary.SceneFeatures),
        new("narrative", FieldKind.Text, "Narrative"),
        new("toxicology", FieldKind.Toxicology, "Toxicology (list: substance [mg/L])"),
        new("toxicology.concentration_mg_l", FieldKind.ToxicologyConcentration, "Toxicology: one substance's mg/L"),
        new("cause_of_death", FieldKind.Text, "Cause of death"),
        new("manner", FieldKind.Code, "Manner of death", Vocabulary.Manners),
        new("classification", FieldKind.Code, "Police classification", ClassificationTerms),
        new("people.name", FieldKind.PersonText, "Person (by role): name"),
        new("people.phone", FieldKind.PersonText, "Person (by role): phone"),
        new("people.address", FieldKind.PersonText, "Person (by role): address"),
        new("people.dob", FieldKind.PersonDate, "Person (by role): date of birth"),
        new("people.involved", FieldKind.PersonFlag, "Person (by role): involved (yes/no), for people with no details", Booleans),
        new("exhibits", FieldKind.Exhibits, "Exhibits (list of types)", Vocabulary.ExhibitTypes),
        new("exhibits.type", FieldKind.ExhibitPart, "Exhibit (by number): type", Vocabulary.ExhibitTypes),
        new("exhibits.description", FieldKind.ExhibitPart, "Exhibit (by number): description"),
        new("exhibits.tested", FieldKind.ExhibitPart, "Exhibit (by number): tested (yes/no)", Booleans),
    ];

    private static readonly Dictionary<string, MappingField> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>The field a mapping names, or null; <c>extra.NAME</c> keeps a column the format does not know.</summary>
    public static MappingField? Find(string name)
    {
        if (ByName.TryGetValue(name, out var field)) return field;
        return name.StartsWith(ExtraPrefix, StringComparison.Ordinal) && name.Length > ExtraPrefix.Length
            ? new MappingField(name, FieldKind.Extra, "Kept as an extra field")
            : null;
    }

    public static readonly IReadOnlyList<string> Required = ["ref", "found_at", "location.lat", "location.lon"];
}
