using System.Text;
using Vigil.Linkage.Normalisation;

namespace Vigil.Web.Features.Search;

/// <summary>Match keys for the search index, made by the linkage engine's own normalisers so that search and linkage
/// agree on what "the same name" or "the same phone" is (ADR 0701). Names: the surname and every one-letter deletion
/// of it ("symmetric deletion": two spellings one typo apart share a key, "Jnoes" and "Jones" share "joes"), the first
/// initial and the canonical first name (nicknames mapped: Steve → stephen). Phones: the national number.
/// References: letters and digits only, plus the final number without leading zeros.</summary>
public static class SearchKeys
{
    public const string Surname = "sd_", Initial = "fi_", First = "fn_", Phone = "ph_", Reference = "rf_", RefNumber = "rn_", Team = "tm_", Kind = "kd_";

    /// <summary>Every key a written name contributes to a document.</summary>
    public static IEnumerable<string> ForName(string? written)
    {
        if (PersonName.Parse(written) is not { } n) yield break;
        foreach (var s in SurnameVariants(n.Surname)) yield return Surname + s;
        if (n.Initial != '\0') yield return Initial + n.Initial;
        if (n.First is not null) yield return First + n.First;
    }

    /// <summary>The shortest surname whose one-letter deletions are keys too: shorter names are matched exactly (a
    /// deletion of "Lee" would match half the index). <see cref="SearchKeyLine"/> reads it too.</summary>
    public const int ShortestVariedSurname = 4;

    /// <summary>The surname and, for names of <see cref="ShortestVariedSurname"/> letters or more, each one-letter
    /// deletion.</summary>
    public static IEnumerable<string> SurnameVariants(string surname)
    {
        yield return surname;
        if (surname.Length < ShortestVariedSurname) yield break;
        for (var i = 0; i < surname.Length; i++) yield return surname.Remove(i, 1);
    }

    /// <summary>"+44 (0)7700 900481" is common in statements: the "(0)" is dropped before the linkage normaliser reads it.</summary>
    public static string? ForPhone(string? written) =>
        PhoneNumber.Normalise(written?.Replace("(0)", "", StringComparison.Ordinal)) is { } n ? Phone + n : null;

    public static IEnumerable<string> ForReference(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference)) yield break;
        var compact = Compact(reference);
        if (compact.Length > 0) yield return Reference + compact;
        // "VGL-2026-000042" is also found by "42": officers quote the running number.
        var tail = new string(reference.Reverse().TakeWhile(char.IsAsciiDigit).Reverse().ToArray()).TrimStart('0');
        if (tail.Length > 0) yield return RefNumber + tail;
    }

    public static string ForTeam(Guid teamId) => Team + teamId.ToString("N");

    public static string ForKind(string kind) => Kind + kind;

    /// <summary>Lower-case letters and digits only ("VGL-2026-000042" → "vgl2026000042").</summary>
    public static string Compact(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s.Normalize(NormalizationForm.FormD))
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    /// <summary>Words of free text for the full-text columns (the tokenizers fold case and accents themselves).</summary>
    public static IReadOnlyList<string> Words(string text) =>
        Compact(text) is { Length: > 0 }
            ? text.Split([' ', ',', '.', ';', ':', '/', '\'', '"', '(', ')', '-', '!', '?', '*', '&', '|', '<', '>', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)
                .Select(Compact).Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).Take(8).ToList()
            : [];
}
