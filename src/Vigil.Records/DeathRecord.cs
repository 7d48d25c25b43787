using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Records;

/// <summary>One death in the death-record v1 interchange format (see docs/spec/death-record-v1.md).</summary>
/// <remarks>Every field but <see cref="Ref"/>, <see cref="FoundAt"/> and <see cref="Location"/> may be null:
/// a missing value means "not recorded", never "no".</remarks>
public sealed record DeathRecord
{
    [JsonPropertyName("ref")] public required string Ref { get; init; }
    [JsonPropertyName("source")] public string? Source { get; init; }
    [JsonPropertyName("reported_at")] public DateTimeOffset? ReportedAt { get; init; }
    [JsonPropertyName("found_at")] public required DateTimeOffset FoundAt { get; init; }
    [JsonPropertyName("location")] public required RecordLocation Location { get; init; }
    [JsonPropertyName("deceased")] public RecordDeceased? Deceased { get; init; }
    [JsonPropertyName("position")] public string? Position { get; init; }
    [JsonPropertyName("scene_features")] public IReadOnlyList<string>? SceneFeatures { get; init; }
    [JsonPropertyName("narrative")] public string? Narrative { get; init; }
    [JsonPropertyName("toxicology")] public IReadOnlyList<RecordToxicology>? Toxicology { get; init; }
    [JsonPropertyName("cause_of_death")] public string? CauseOfDeath { get; init; }
    [JsonPropertyName("manner")] public string? Manner { get; init; }
    [JsonPropertyName("classification")] public string? Classification { get; init; }
    [JsonPropertyName("people")] public IReadOnlyList<RecordPerson>? People { get; init; }
    [JsonPropertyName("exhibits")] public IReadOnlyList<RecordExhibit>? Exhibits { get; init; }

    /// <summary>Fields this version of the format does not know; kept so that export gives them back.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Where the body was found.</summary>
public sealed record RecordLocation
{
    [JsonPropertyName("lat")] public required double Lat { get; init; }
    [JsonPropertyName("lon")] public required double Lon { get; init; }
    [JsonPropertyName("setting")] public string? Setting { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("address")] public string? Address { get; init; }
    [JsonPropertyName("area")] public string? Area { get; init; }
}

/// <summary>The person who died.</summary>
public sealed record RecordDeceased
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("sex")] public string? Sex { get; init; }
    [JsonPropertyName("age")] public int? Age { get; init; }
    [JsonPropertyName("dob")] public DateOnly? Dob { get; init; }
    [JsonPropertyName("home_area")] public string? HomeArea { get; init; }
    [JsonPropertyName("occupation")] public string? Occupation { get; init; }
    [JsonPropertyName("address")] public string? Address { get; init; }
}

/// <summary>A substance found by the laboratory.</summary>
public sealed record RecordToxicology
{
    [JsonPropertyName("substance")] public required string Substance { get; init; }
    [JsonPropertyName("concentration_mg_l")] public double? ConcentrationMgL { get; init; }
}

/// <summary>A person connected with the death, as the attending officer wrote them.</summary>
public sealed record RecordPerson
{
    [JsonPropertyName("role")] public required string Role { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("dob")] public DateOnly? Dob { get; init; }
    [JsonPropertyName("phone")] public string? Phone { get; init; }
    [JsonPropertyName("address")] public string? Address { get; init; }
}

/// <summary>An item found at the scene.</summary>
public sealed record RecordExhibit
{
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("tested")] public bool? Tested { get; init; }
}
