using System.Globalization;

namespace Vigil.Load;

/// <summary>The pause between a user's steps, "MIN-MAX" milliseconds. The pace decides how busy the machine is: the
/// same 50 users at 250–750 ms keep two cores ≈ 90 % busy, at 1–5 s a fifth of that.</summary>
public static class ThinkRange
{
    public static (int Min, int Max) Parse(string text)
    {
        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var min)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var max) && min <= max)
            return (min, max);
        throw new ArgumentException($"--think takes MIN-MAX in milliseconds, MIN ≤ MAX (e.g. 250-750), not \"{text}\"");
    }
}
