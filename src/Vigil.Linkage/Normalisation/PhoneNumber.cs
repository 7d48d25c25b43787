namespace Vigil.Linkage.Normalisation;

/// <summary>UK phone numbers as typed ("07700 900123", "+447700900123", "7700900123", "0044 7700 900123")
/// reduced to the ten-digit national significant number.</summary>
public static class PhoneNumber
{
    /// <summary>The national significant number (10 digits for UK mobiles), or null when too short to compare.</summary>
    public static string? Normalise(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        Span<char> digits = stackalloc char[raw.Length];
        var n = 0;
        foreach (var c in raw)
            if (c is >= '0' and <= '9') digits[n++] = c;
        ReadOnlySpan<char> d = digits[..n];
        if (d.StartsWith("0044")) d = d[4..];
        else if (d.StartsWith("44") && d.Length == 12) d = d[2..];
        if (d.Length == 11 && d[0] == '0') d = d[1..];
        return d.Length >= 9 ? new string(d) : null;
    }
}
