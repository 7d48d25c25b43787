using System.Text;

namespace Vigil.Linkage.Normalisation;

/// <summary>A person's name reduced to what survives the ways officers write it:
/// "Stephen Jones", "S. Jones", "JONES, Stephen", "steve jones", "Stephen Jnoes".</summary>
/// <param name="First">Canonical first name (nicknames mapped, lower case), or null when only an initial was written.</param>
/// <param name="Initial">First letter of the first name, or '\0' when none was written.</param>
/// <param name="Surname">Surname in lower case letters only.</param>
public readonly record struct PersonName(string? First, char Initial, string Surname)
{
    /// <summary>Surname letters sorted: a transposition typo ("Jnoes") gives the same key as "Jones".</summary>
    public string SurnameKey => SortLetters(Surname);

    /// <summary>Parses a name as typed; returns null when there is no usable surname.</summary>
    public static PersonName? Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        string first;
        string surname;
        var comma = raw.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0)
        {
            surname = raw[..comma];
            first = raw[(comma + 1)..];
        }
        else
        {
            var tokens = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (tokens.Length == 1) return new PersonName(null, '\0', Letters(tokens[0]));
            surname = tokens[^1];
            first = tokens[0];
        }
        var s = Letters(surname);
        if (s.Length == 0) return null;
        var f = Letters(first.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "");
        if (f.Length == 0) return new PersonName(null, '\0', s);
        if (f.Length == 1) return new PersonName(null, f[0], s);
        return new PersonName(Nicknames.Canonical(f), f[0], s);
    }

    /// <summary>How well two written names agree.</summary>
    public static NameAgreement Compare(PersonName a, PersonName b)
    {
        if (!SurnamesAgree(a.Surname, b.Surname)) return NameAgreement.None;
        if (a.First is not null && b.First is not null)
        {
            if (string.Equals(a.First, b.First, StringComparison.Ordinal)) return NameAgreement.Full;
            if (Nicknames.Compatible(a.First, b.First)) return NameAgreement.Full;
            return a.First.Length > 3 && StringSimilarity.WithinOneEdit(a.First, b.First)
                ? NameAgreement.Full
                : NameAgreement.None;
        }
        if (a.Initial != '\0' && b.Initial != '\0')
            return a.Initial == b.Initial ? NameAgreement.InitialAndSurname : NameAgreement.None;
        return NameAgreement.SurnameOnly;
    }

    /// <summary>Surnames agree when equal, one typo apart (names longer than three letters), or the same letters
    /// reordered (names of five or more: "Rodrgiuez" and "Rodirguez" are two slips on "Rodriguez").</summary>
    public static bool SurnamesAgree(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal)) return true;
        if (a.Length < 4 || b.Length < 4 || Math.Abs(a.Length - b.Length) > 1) return false;
        if (a.Length == b.Length && a.Length >= 5 && SameLetters(a, b)) return true;
        // One typo leaves at most two positions different at the start and end; most unrelated surnames fail fast.
        if (a[0] != b[0] && a[1] != b[1] && a[^1] != b[^1]) return false;
        return StringSimilarity.WithinOneEdit(a, b);
    }

    internal static string Letters(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
            if (char.IsLetter(c)) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    /// <summary>True when the two strings hold the same letters in any order (<see cref="SortLetters"/> of each equal),
    /// without allocating: on the engine's path for every candidate pair with surnames of one length.</summary>
    internal static bool SameLetters(string a, string b)
    {
        if (a.Length != b.Length) return false;
        // The same letters have the same sum: most surnames of one length differ in it, and are told apart without sorting (ADR 2522).
        var sum = 0;
        for (var i = 0; i < a.Length; i++) sum += a[i] - b[i];
        if (sum != 0) return false;
        if (a.Length > 64) return string.Equals(SortLetters(a), SortLetters(b), StringComparison.Ordinal);
        Span<char> x = stackalloc char[a.Length];
        Span<char> y = stackalloc char[b.Length];
        a.AsSpan().CopyTo(x);
        b.AsSpan().CopyTo(y);
        x.Sort();
        y.Sort();
        return x.SequenceEqual(y);
    }

    internal static string SortLetters(string s)
    {
        var chars = s.ToCharArray();
        Array.Sort(chars);
        return new string(chars);
    }
}

/// <summary>Degrees of agreement between two names, strongest first.</summary>
public enum NameAgreement
{
    /// <summary>Same first name (allowing nicknames and one typo) and surname.</summary>
    Full,
    /// <summary>Same initial and surname, one side written with an initial only.</summary>
    InitialAndSurname,
    /// <summary>Same surname, no first name to compare.</summary>
    SurnameOnly,
    /// <summary>The names disagree.</summary>
    None,
}
