using Vigil.Linkage.Normalisation;
using static Vigil.Web.Features.Search.SearchClause;

namespace Vigil.Web.Features.Search;

/// <summary>What one typed query asks for. A phone in any format ("07700 900481", "+44 7700 900481") is a phone
/// search; a reference ("VGL-2026-000042", "LB-2015-004211", an exhibit's ".../EX-03", or just its running number
/// "4211") a reference search; anything else is a name (as officers type them: initials, "SURNAME, First",
/// nicknames, one typo) and words in addresses, narrative and exhibit descriptions.</summary>
public sealed class SearchPlan
{
    public const int MinimumLength = 2;

    public string Query { get; }
    public PersonName? Name { get; }
    public IReadOnlyList<SearchClause>? NameClauses { get; }
    public IReadOnlyList<SearchClause>? PhoneClauses { get; }
    public IReadOnlyList<SearchClause>? ReferenceClauses { get; }
    public IReadOnlyList<SearchClause>? AddressClauses { get; }
    public IReadOnlyList<SearchClause>? TextClauses { get; }
    public IReadOnlyList<string> Words { get; } = [];

    public SearchPlan(string query)
    {
        Query = query.Trim();
        var letters = Query.Count(char.IsLetter);
        var digits = Query.Count(char.IsAsciiDigit);
        if (letters == 0 && SearchKeys.ForPhone(Query) is { } phone)
        {
            PhoneClauses = [new(Keys, [phone])];
            return;
        }
        if (letters == 0 && digits > 0)
        {
            ReferenceClauses = [new(Keys, [SearchKeys.RefNumber + Query.Where(char.IsAsciiDigit).SkipWhile(c => c == '0').Aggregate("", (s, c) => s + c)])];
            return;
        }
        if (digits > 0 && Query.IndexOfAny(['-', '/']) > 0 && !Query.Contains(' ', StringComparison.Ordinal))
        {
            ReferenceClauses = [new(Keys, [SearchKeys.Reference + SearchKeys.Compact(Query)])];
            return;
        }
        // "12 Acorn Street" is an address: no name begins with a house number, and read as one it asked for everyone
        // whose surname or first name is "Street" (ADR 1831).
        Name = Query.Split(' ', 2) is [var number, var street] && IsHouseNumber(number) && street.Any(char.IsLetter) ? null : PersonName.Parse(Query);
        if (Name is { } n)
        {
            var surname = SearchKeys.SurnameVariants(n.Surname).Select(s => SearchKeys.Surname + s).ToList();
            if (n.Initial == '\0')
                // One word may be a surname or a first name: "Hale", "Victor".
                NameClauses = [new(Keys, [.. surname, SearchKeys.First + Nicknames.Canonical(n.Surname)])];
            else
                NameClauses = [new(Keys, surname), new(Keys, n.First is { } f ? [SearchKeys.Initial + n.Initial, SearchKeys.First + f] : [SearchKeys.Initial + n.Initial])];
        }
        Words = SearchKeys.Words(Query);
        if (Words.Count == 0) return;
        AddressClauses = [.. Words.Select(w => new SearchClause(Address, [w], Prefix: true))];
        // Case and exhibit text, said as "not a person" (every document has one kind key): FTS5 checks one list, not
        // an OR of the two longest lists in the index (11 → 2.5 ms of CPU on a million deaths, ADR 1661).
        TextClauses = [.. Words.Select(w => new SearchClause(Text, [w], Prefix: true)),
            new(Keys, [SearchKeys.ForKind(SearchKinds.Person)], Exclude: true)];
    }

    public bool IsValid => Query.Length >= MinimumLength;

    /// <summary>"12", "12a", "12A," — digits first, at most one letter after them.</summary>
    private static bool IsHouseNumber(string word)
    {
        var w = word.TrimEnd(',');
        var digits = w.TakeWhile(char.IsAsciiDigit).Count();
        return digits > 0 && w.Length - digits <= 1 && w[digits..].All(char.IsAsciiLetter);
    }

    /// <summary>How well a written name answers the query: 0 full, 1 initial and surname, 2 surname only; null not at all.</summary>
    public int? NameRank(string? written)
    {
        if (Name is not { } q || PersonName.Parse(written) is not { } n) return null;
        if (q.Initial == '\0')
        {
            if (PersonName.SurnamesAgree(q.Surname, n.Surname)) return string.Equals(q.Surname, n.Surname, StringComparison.Ordinal) ? 0 : 1;
            return n.First is not null && Nicknames.Compatible(Nicknames.Canonical(q.Surname), n.First) ? 2 : null;
        }
        var exact = string.Equals(q.Surname, n.Surname, StringComparison.Ordinal) ? 0 : 3;
        return PersonName.Compare(q, n) switch
        {
            NameAgreement.Full => exact,
            NameAgreement.InitialAndSurname => 1 + exact,
            NameAgreement.SurnameOnly => 2 + exact,
            _ => null,
        };
    }
}
