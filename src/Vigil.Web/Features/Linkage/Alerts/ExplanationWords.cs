using System.Text.RegularExpressions;

namespace Vigil.Web.Features.Linkage.Alerts;

/// <summary>The engine's explanation as a reader says it (ADR 3218). The engine writes a setting by its code and an area
/// as its normalised key ("same setting (care-home)", "same area (redbridge)": walk51 finding 10b), and those words are
/// kept as scored with every alert and pinned by London's digest. So the pages, not the engine, say them: the setting
/// in <see cref="Words"/>' words, the area as the death records it. Stored explanations, old and new, read the same.</summary>
public static partial class ExplanationWords
{
    /// <summary>The text with "same setting (care-home)" as "same setting: care home" and "same area (redbridge)" as
    /// "same area: Redbridge": spelled as one of <paramref name="areas"/> (the deaths' recorded areas) when it is one of
    /// them, else each word capitalised but the small ones ("Barking and Dagenham").</summary>
    public static string Say(string? text, params IEnumerable<string?> areas)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var said = SameSetting().Replace(text, m => $"same setting: {Words.Of(m.Groups[1].Value)}");
        return SameArea().Replace(said, m => $"same area: {Area(m.Groups[1].Value, areas)}");
    }

    private static string Area(string key, IEnumerable<string?> areas) =>
        areas.FirstOrDefault(a => string.Equals(a?.Trim(), key, StringComparison.OrdinalIgnoreCase))?.Trim()
        ?? string.Join(' ', key.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select((w, i) => i > 0 && Small.Contains(w) ? w : char.ToUpperInvariant(w[0]) + w[1..]));

    private static readonly HashSet<string> Small = new(StringComparer.Ordinal) { "and", "upon", "on", "of", "the", "in", "by" };

    [GeneratedRegex(@"same setting \(([a-z0-9-]+)\)")]
    private static partial Regex SameSetting();

    [GeneratedRegex(@"same area \(([^()]+)\)")]
    private static partial Regex SameArea();
}
