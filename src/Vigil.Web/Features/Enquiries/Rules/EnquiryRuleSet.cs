namespace Vigil.Web.Features.Enquiries.Rules;

/// <summary>The versioned rules file (rules/enquiry-rules.v1.json): facts of a case → mandatory actions.</summary>
public sealed record EnquiryRuleSet(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("rules")] IReadOnlyList<EnquiryRule> Rules)
{
    public const string ResourceName = "enquiry-rules.v1.json";

    private static readonly JsonSerializerOptions Options = new() { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    /// <summary>The rules built into this version of Vigil (the repository file, embedded at build).</summary>
    public static EnquiryRuleSet BuiltIn()
    {
        using var stream = typeof(EnquiryRuleSet).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} missing");
        return Load(stream);
    }

    /// <summary>Reads and checks a rules file; a typo in a rule is an error at start-up, never a rule that silently never fires.</summary>
    public static EnquiryRuleSet Load(Stream json)
    {
        var doc = JsonSerializer.Deserialize<RulesDocument>(json, Options) ?? throw new InvalidDataException("empty rules file");
        var set = new EnquiryRuleSet(doc.Version, doc.Rules);
        set.Validate();
        return set;
    }

    private void Validate()
    {
        var errors = new List<string>();
        foreach (var dup in Rules.GroupBy(r => r.Id, StringComparer.Ordinal).Where(g => g.Count() > 1)) errors.Add($"rule id '{dup.Key}' is used twice");
        foreach (var r in Rules)
        {
            if (r.Any.Count == 0) errors.Add($"rule '{r.Id}' has no 'any' facts");
            if (r.Per is not ("case" or "fact")) errors.Add($"rule '{r.Id}': per must be 'case' or 'fact'");
            if (!Data.Enquiries.ActionPriority.All.Contains(r.Priority)) errors.Add($"rule '{r.Id}': unknown priority '{r.Priority}'");
            if (r.DueHours <= 0) errors.Add($"rule '{r.Id}': due_hours must be positive");
            errors.AddRange(r.Any.Concat(r.All ?? []).SelectMany(m => m.Problems()).Select(p => $"rule '{r.Id}': {p}"));
        }
        if (errors.Count > 0) throw new InvalidDataException("enquiry rules: " + string.Join("; ", errors));
    }

    private sealed record RulesDocument(
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("about")] string? About,
        [property: JsonPropertyName("rules")] List<EnquiryRule> Rules);
}

public sealed record EnquiryRule(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("priority")] string Priority,
    [property: JsonPropertyName("mandatory")] bool Mandatory,
    [property: JsonPropertyName("due_hours")] int DueHours,
    [property: JsonPropertyName("per")] string Per,
    [property: JsonPropertyName("any")] IReadOnlyList<FactMatcher> Any,
    [property: JsonPropertyName("all")] IReadOnlyList<FactMatcher>? All = null);

/// <summary>One fact test. Exactly one property is set; <see cref="Problems"/> says when not.</summary>
public sealed record FactMatcher
{
    [JsonPropertyName("scene_feature")] public IReadOnlyList<string>? SceneFeature { get; init; }
    [JsonPropertyName("exhibit_type")] public IReadOnlyList<string>? ExhibitType { get; init; }
    [JsonPropertyName("person_role")] public IReadOnlyList<string>? PersonRole { get; init; }
    [JsonPropertyName("position")] public IReadOnlyList<string>? Position { get; init; }
    [JsonPropertyName("setting")] public IReadOnlyList<string>? Setting { get; init; }
    [JsonPropertyName("toxicology")] public IReadOnlyList<string>? Toxicology { get; init; }
    [JsonPropertyName("deceased_missing")] public IReadOnlyList<string>? DeceasedMissing { get; init; }
    [JsonPropertyName("manner_not")] public IReadOnlyList<string>? MannerNot { get; init; }
    [JsonPropertyName("age_at_most")] public int? AgeAtMost { get; init; }

    public IEnumerable<string> Problems()
    {
        var set = new object?[] { SceneFeature, ExhibitType, PersonRole, Position, Setting, Toxicology, DeceasedMissing, MannerNot, AgeAtMost }.Count(v => v is not null);
        if (set != 1) yield return $"a fact test must have exactly one condition, found {set}";
        foreach (var (values, known, name) in new[]
        {
            (SceneFeature, Records.Vocabulary.SceneFeatures, "scene feature"), (ExhibitType, Records.Vocabulary.ExhibitTypes, "exhibit type"),
            (PersonRole, Records.Vocabulary.PersonRoles, "person role"), (Position, Records.Vocabulary.Positions, "position"),
            (Setting, Records.Vocabulary.Settings, "setting"), (MannerNot, Records.Vocabulary.Manners, "manner"),
        })
            foreach (var v in values ?? []) if (!known.Contains(v)) yield return $"unknown {name} '{v}'";
        foreach (var v in DeceasedMissing ?? []) if (v is not ("name" or "age")) yield return $"deceased_missing supports 'name' and 'age', not '{v}'";
    }
}
