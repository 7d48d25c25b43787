using System.Text.RegularExpressions;

namespace Vigil.Web.Features.Linkage.Alerts;

/// <summary>The engine's explanation as a reader says it (ADRs 3218, 3225). The engine writes a setting and scene features
/// by their codes, and an area, a cause and a substance as its normalised lower-case keys ("same setting (care-home)",
/// "same area (redbridge)", "same cause (ghb toxicity)", "both show ghb": walk51 finding 10b, round 52's demo), and those
/// words are kept as scored with every alert and pinned by London's digest. So the pages, not the engine, say them: the
/// codes in <see cref="Words"/>' words, the keys as the deaths record them. Stored explanations, old and new, read the same.</summary>
public static partial class ExplanationWords
{
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
        return BothShow().Replace(said, m =>
            $"both show {string.Join(", ", m.Groups[1].Value.Split(", ").Select(s => AsRecorded(s, recorded) ?? s))} (seen in");
    }

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
}
