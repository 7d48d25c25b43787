using System.Text;

namespace Vigil.Data.People;

/// <summary>Exact-match keys for shared entities. Deliberately conservative: two spellings that are
/// only probably the same person stay two entities, and the linkage engine scores the resemblance.</summary>
public static class PersonKeys
{
    /// <summary>"SURNAME, First" and "first surname" give the same key; case, accents and punctuation are dropped.</summary>
    public static string Name(string name)
    {
        var trimmed = name.Trim();
        var comma = trimmed.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0) trimmed = trimmed[(comma + 1)..] + " " + trimmed[..comma];
        return Simplify(trimmed);
    }

    public static string PersonMatchKey(string name, DateOnly? dob) =>
        dob is { } d ? $"{Name(name)}|{d:yyyy-MM-dd}" : Name(name);

    /// <summary>Lower-case letters and digits separated by single spaces, accents removed.</summary>
    public static string Simplify(string text) => Ascii.IsValid(text) ? SimplifyAscii(text) : SimplifyUnicode(text);

    /// <summary>Most names, addresses and references are plain ASCII, which has no accents to decompose or marks to
    /// drop, and whose letters and digits lower-case by table: the same key without the Unicode category look-up per
    /// character (ADR 3198; a person's keys are made up to four times an import).</summary>
    private static string SimplifyAscii(string text)
    {
        Span<char> buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        var space = false;
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c)) { if (space && length > 0) buffer[length++] = ' '; buffer[length++] = char.ToLowerInvariant(c); space = false; }
            else space = true;
        }
        var key = buffer[..length];
        return key.SequenceEqual(text) ? text : new string(key);
    }

    private static string SimplifyUnicode(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(c)) { if (space && sb.Length > 0) sb.Append(' '); sb.Append(char.ToLowerInvariant(c)); space = false; }
            else space = true;
        }
        return sb.ToString();
    }

    /// <summary>UK numbers to +44 form: "07700 900123", "+447700900123" and "7700900123" are one phone.</summary>
    public static string? Phone(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var digits = new string(raw.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 0) return null;
        if (digits.StartsWith("0044", StringComparison.Ordinal)) digits = digits[4..];
        else if (digits.StartsWith("44", StringComparison.Ordinal) && digits.Length == 12) digits = digits[2..];
        else if (digits.StartsWith('0')) digits = digits[1..];
        return digits.Length == 10 ? "+44" + digits : "+" + digits;
    }

    public static string Address(string address) => Simplify(address);
}
