namespace Vigil.Records;

/// <summary>The closed lists of the death-record v1 format. Values are the format's own spellings.</summary>
public static class Vocabulary
{
    public static readonly IReadOnlySet<string> Settings = Set(
        "home-own", "home-other", "residential-exterior", "park", "churchyard", "street", "hotel",
        "venue", "water", "railway", "hospital", "care-home", "other");

    public static readonly IReadOnlySet<string> Sexes = Set("male", "female", "unknown");

    public static readonly IReadOnlySet<string> Positions = Set(
        "lying-supine", "lying-prone", "lying-side", "sitting-propped", "slumped", "hanging", "in-water", "other");

    public static readonly IReadOnlySet<string> SceneFeatures = Set(
        "note-found", "drug-paraphernalia", "clothing-anomaly", "clothing-disarranged", "body-moved",
        "signs-of-trauma", "sexual-context", "ligature", "no-identification", "phone-missing",
        "property-missing", "covered", "alcohol-present", "forced-entry", "injection-site");

    public static readonly IReadOnlySet<string> Manners = Set(
        "natural", "accident", "suicide", "homicide", "undetermined", "pending");

    /// <summary>The national categories adopted after the Port inquests.</summary>
    public static readonly IReadOnlySet<string> NationalClassifications = Set(
        "expected", "unexpected-not-suspicious", "unexpected-under-investigation", "homicide");

    /// <summary>Terms used before 2022, kept as written and mapped by <see cref="MapClassification"/>.</summary>
    public static readonly IReadOnlySet<string> LegacyClassifications = Set("unexplained", "non-suspicious", "suspicious");

    public static readonly IReadOnlySet<string> PersonRoles = Set(
        "finder", "caller", "last-seen-with", "present-at-death", "witness", "next-of-kin",
        "certifying-doctor", "carer", "suspect");

    public static readonly IReadOnlySet<string> ExhibitTypes = Set(
        "note", "syringe", "bottle", "drug-wrap", "phone", "clothing", "bedding", "ligature", "medication", "other");

    /// <summary>Maps a source's classification to a national category; legacy terms map as the spec says.</summary>
    public static string? MapClassification(string? term) => term switch
    {
        null => null,
        "unexplained" or "suspicious" => "unexpected-under-investigation",
        "non-suspicious" => "unexpected-not-suspicious",
        _ when NationalClassifications.Contains(term) => term,
        _ => null,
    };

    private static HashSet<string> Set(params string[] values) => new(values, StringComparer.Ordinal);
}
