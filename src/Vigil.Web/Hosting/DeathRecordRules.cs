using Microsoft.OpenApi;

namespace Vigil.Web.Hosting;

/// <summary>Death-record v1's rules beyond JSON shape, as schema keywords: the ones <see cref="DeathRecordValidator"/>
/// checks, read from its own constants and <see cref="Vocabulary"/> lists (the records library has no ASP.NET and
/// keeps its rules in code, not attributes). A cross-field rule (reported_at no more than a year before found_at) has
/// no schema keyword; the document's description says it.</summary>
public static class DeathRecordRules
{
    private static readonly Dictionary<(Type, string), Action<OpenApiSchema>> Rules = new()
    {
        [(typeof(DeathRecord), "ref")] = s => { RequestRuleSchemas.NotBlank(s); s.MaxLength = DeathRecordValidator.MaxRefLength; },
        [(typeof(DeathRecord), "position")] = s => RequestRuleSchemas.Enum(s, Vocabulary.Positions),
        [(typeof(DeathRecord), "manner")] = s => RequestRuleSchemas.Enum(s, Vocabulary.Manners),
        [(typeof(DeathRecord), "classification")] = s => RequestRuleSchemas.Enum(s, Vocabulary.NationalClassifications.Concat(Vocabulary.LegacyClassifications)),
        [(typeof(DeathRecord), "scene_features")] = s => { if (s.Items is OpenApiSchema item) RequestRuleSchemas.Enum(item, Vocabulary.SceneFeatures); },
        [(typeof(DeathRecord), "narrative")] = s => s.MaxLength = DeathRecordValidator.MaxTextLength,
        [(typeof(DeathRecord), "reported_at")] = s => s.Description = "No more than a year before found_at.",
        [(typeof(RecordLocation), "lat")] = s => Range(s, -90, 90),
        [(typeof(RecordLocation), "lon")] = s => Range(s, -180, 180),
        [(typeof(RecordLocation), "setting")] = s => RequestRuleSchemas.Enum(s, Vocabulary.Settings),
        [(typeof(RecordDeceased), "sex")] = s => RequestRuleSchemas.Enum(s, Vocabulary.Sexes),
        [(typeof(RecordDeceased), "age")] = s => Range(s, 0, 130),
        [(typeof(RecordPerson), "role")] = s => RequestRuleSchemas.Enum(s, Vocabulary.PersonRoles),
        [(typeof(RecordExhibit), "type")] = s => RequestRuleSchemas.Enum(s, Vocabulary.ExhibitTypes),
        [(typeof(RecordToxicology), "substance")] = RequestRuleSchemas.NotBlank,
    };

    public static Action<OpenApiSchema>? For(Type type, string member) => Rules.GetValueOrDefault((type, member));

    private static void Range(OpenApiSchema s, int min, int max) =>
        (s.Minimum, s.Maximum) = (min.ToString(CultureInfo.InvariantCulture), max.ToString(CultureInfo.InvariantCulture));
}
