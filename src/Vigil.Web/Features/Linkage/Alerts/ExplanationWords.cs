using System.Text.RegularExpressions;

namespace Vigil.Web.Features.Linkage.Alerts;

/// <summary>The engine's explanation as a reader says it (ADRs 3218, 3225). The engine writes a setting and scene features
/// by their codes, and an area, a cause and a substance as its normalised lower-case keys ("same setting (care-home)",
/// "same area (redbridge)", "same cause (ghb toxicity)", "both show ghb": walk51 finding 10b, round 52's demo), and those
/// words are kept as scored with every alert and pinned by London's digest. So the pages, not the engine, say them: the
/// codes in <see cref="Words"/>' words, the keys as the deaths record them. Stored explanations, old and new, read the same.</summary>
public static partial class ExplanationWords
{
    /// <summary>The ViewData key under which a page gives the reasons partial the deaths' own words (<see cref="RecordedIn"/>).</summary>
    public const string RecordedKey = "ExplanationWords.Recorded";

    /// <summary>The text with "same setting (care-home)" as "same setting: care home", "shared scene features (body-moved)"
    /// as "shared scene features: body moved", and "same area (redbridge)", "same cause (ghb toxicity)" and "both show
    /// ghb (…)" as "same area: Redbridge", "same cause: GHB toxicity" and "both show GHB (…)": each key spelled as one of
    /// <paramref name="recorded"/> (the deaths' own words: <see cref="RecordedIn"/>) when it is one of them; else an area
    /// with each word capitalised but the small ones ("Barking and Dagenham"), a cause or substance as the engine keeps it.</summary>
    public static string Say(string? text, params IEnumerable<string?> recorded)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var said = SameSetting().Replace(text, m => $"same setting: {Words.Of(m.Groups[1].Value)}");
        said = SharedScene().Replace(said, m => $"shared scene features: {Words.List(m.Groups[1].Value.Split(", "))}");
        said = SameArea().Replace(said, m => $"same area: {AsRecorded(m.Groups[1].Value, recorded) ?? TitleCase(m.Groups[1].Value)}");
        said = SameCause().Replace(said, m => $"same cause: {AsRecorded(m.Groups[1].Value, recorded) ?? m.Groups[1].Value}");
        // "same phone: 'Victor Hale', person last seen with the deceased in both" read as if the phone were the man (walk55).
        said = said.Replace("same phone: ", "the same phone number for ", StringComparison.Ordinal);
        said = BothShow().Replace(said, m =>
            $"both show {string.Join(", ", m.Groups[1].Value.Split(", ").Select(s => AsRecorded(s, recorded) ?? s))} (seen in");
        return SeriesWords(said, recorded);
    }

    /// <summary>Stored reasons (one a line, <see cref="AlertReasons"/>) each said as the pages list them, one a line still:
    /// the API's "…_in_words" fields beside the engine's own (ADR 3254).</summary>
    public static string SayEach(string? stored, params IEnumerable<string?> recorded) =>
        AlertReasons.Join(AlertReasons.Split(stored).Select(r => Say(r, recorded)));

    /// <summary>The reasons a death is scored against a series with (<c>SeriesAssessment</c>; walk53 finding 15): "ghb as in 3
    /// of its 3 deaths" → "GHB, as in 3 of its 3 deaths" (a substance as the deaths record it, a scene feature or setting
    /// through <see cref="Words"/>), and "GHB/GBL deaths: 3 of its 3 deaths are" → "a GHB/GBL death, as 3 of its 3 deaths are".</summary>
    private static string SeriesWords(string text, IEnumerable<string?> recorded)
    {
        var said = AsInSeries().Replace(text, m =>
            $"{AsRecorded(m.Groups[1].Value, recorded) ?? Words.Of(m.Groups[1].Value.Replace(' ', '-'))}, as in {m.Groups[2].Value} of its {m.Groups[3].Value} deaths");
        return KindOfSeries().Replace(said, m => OneOf.TryGetValue(m.Groups[1].Value, out var one)
            ? m.Groups[2].Value == "0" ? $"{one}, where none of its {m.Groups[3].Value} deaths is one" : $"{one}, as {m.Groups[2].Value} of its {m.Groups[3].Value} deaths are"
            : m.Value);
    }

    // The engine's kinds of death (Vigil.Linkage's Words.Kind) as one death of the kind.
    private static readonly Dictionary<string, string> OneOf = new(StringComparer.Ordinal)
    {
        ["GHB/GBL deaths"] = "a GHB/GBL death", ["violent deaths"] = "a violent death", ["possible poisonings"] = "a possible poisoning",
        ["natural deaths of older people"] = "a natural death of an older person", ["drug deaths"] = "a drug death",
        ["injury deaths"] = "an injury death", ["other deaths"] = "a death of another kind",
    };

    /// <summary>The words two deaths record that the engine keeps as keys: their areas, causes and substances.</summary>
    public static IReadOnlyList<string?> RecordedIn(params IEnumerable<DeathCase> deaths) =>
        [.. deaths.SelectMany(d => new[] { d.Area, d.CauseOfDeath }.Concat(d.Toxicology.Select(t => t.Substance)))];

    // The engine's key is the recorded words trimmed and lower-cased (FeatureExtractor, Substances).
    private static string? AsRecorded(string key, IEnumerable<string?> recorded) =>
        recorded.FirstOrDefault(r => string.Equals(r?.Trim(), key, StringComparison.OrdinalIgnoreCase))?.Trim();

    private static string TitleCase(string key) =>
        string.Join(' ', key.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select((w, i) => i > 0 && Small.Contains(w) ? w : char.ToUpperInvariant(w[0]) + w[1..]));

    private static readonly HashSet<string> Small = new(StringComparer.Ordinal) { "and", "upon", "on", "of", "the", "in", "by" };

    [GeneratedRegex(@"same setting \(([a-z0-9-]+)\)")]
    private static partial Regex SameSetting();

    [GeneratedRegex(@"shared scene features \(([a-z0-9, -]+)\)")]
    private static partial Regex SharedScene();

    [GeneratedRegex(@"same area \(([^()]+)\)")]
    private static partial Regex SameArea();

    [GeneratedRegex(@"same cause \(([^()]+)\)")]
    private static partial Regex SameCause();

    [GeneratedRegex(@"both show ([^();]+) \(seen in")]
    private static partial Regex BothShow();

    // A feature after the start, "; " or ": " (the list's separators), as SeriesAssessment writes it.
    [GeneratedRegex(@"(?<=^|; |: )([^;:()']+?) as in (\d+) of its (\d+) deaths")]
    private static partial Regex AsInSeries();

    [GeneratedRegex(@"(?<=^|; |: )([^;:()']+?): (\d+) of its (\d+) deaths are")]
    private static partial Regex KindOfSeries();
}
