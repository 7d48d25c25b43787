namespace Vigil.Web.Features.Import.Mapping;

/// <summary>Reads one cell as a timestamp, date or number. Only the formats a mapping names and exact ISO 8601 are
/// accepted: a lenient parse would read 02/03/2015 as 3 February or 2 March depending on the machine.</summary>
public static class CellParsers
{
    private static readonly string[] IsoTimestamps =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mmK", "yyyy-MM-dd",
    ];

    private static readonly string[] IsoDates = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'00:00:00"];

    /// <summary>A timestamp in UTC; one written without an offset is read as a time in <paramref name="zone"/>.</summary>
    public static (DateTimeOffset? Value, string? Error, string? Warning) Timestamp(string text, IReadOnlyList<string>? formats, TimeZoneInfo zone)
    {
        var all = (formats ?? []).Concat(IsoTimestamps).ToArray();
        if (!DateTime.TryParseExact(text, all, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind | DateTimeStyles.AllowWhiteSpaces, out var parsed))
            return (null, $"'{Clip(text)}' is not a date and time in {Expected(formats)}", null);
        switch (parsed.Kind)
        {
            case DateTimeKind.Utc: return (new DateTimeOffset(parsed), null, null);
            case DateTimeKind.Local: return (new DateTimeOffset(parsed.ToUniversalTime()), null, null);
        }
        if (zone.IsInvalidTime(parsed)) return (null, $"'{Clip(text)}' does not exist in {zone.Id} (the clocks went forward)", null);
        var warning = zone.IsAmbiguousTime(parsed) ? $"'{Clip(text)}' happened twice in {zone.Id} (the clocks went back); read as standard time" : null;
        return (new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(parsed, zone), TimeSpan.Zero), null, warning);
    }

    public static (DateOnly? Value, string? Error) Date(string text, IReadOnlyList<string>? formats)
    {
        var all = (formats ?? []).Concat(IsoDates).ToArray();
        return DateTime.TryParseExact(text, all, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed)
            ? (DateOnly.FromDateTime(parsed), null)
            : (null, $"'{Clip(text)}' is not a date in {Expected(formats)}");
    }

    /// <summary>A decimal number, with a point or (as many European exports write it) a comma.</summary>
    public static (double? Value, string? Error) Number(string text)
    {
        var t = text.Trim();
        if (!t.Contains('.', StringComparison.Ordinal)) t = t.Replace(',', '.');
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? (value, null)
            : (null, $"'{Clip(text)}' is not a number");
    }

    public static (int? Value, string? Error) Integer(string text)
    {
        var (number, error) = Number(text);
        if (error is not null) return (null, error);
        return number is { } n && n == Math.Floor(n) && n is >= int.MinValue and <= int.MaxValue ? ((int)n, null) : (null, $"'{Clip(text)}' is not a whole number");
    }

    private static string Expected(IReadOnlyList<string>? formats) =>
        formats is { Count: > 0 } ? $"the format {string.Join(" or ", formats)} (or ISO 8601)" : "ISO 8601 (yyyy-MM-dd…); give the file's format in the mapping";

    public static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
