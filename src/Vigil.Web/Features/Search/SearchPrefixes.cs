using Microsoft.EntityFrameworkCore;

namespace Vigil.Web.Features.Search;

/// <summary>SQLite: rewrites prefix words of four letters or more as the exact words they begin, from search_terms
/// (ADR 1661). FTS5 reads exact words lazily, newest first, and stops at the LIMIT; a prefix word it would merge in
/// full first. Shorter prefixes stay prefixes: FTS5's own prefix indexes (1-3 letters) serve them lazily. The words
/// matched are the same either way, so results are unchanged.</summary>
internal static class SearchPrefixes
{
    /// <summary>Beyond this many words a prefix stays a prefix: one long OR costs about what the merge does.</summary>
    public const int MaxWords = 64;
    private const int IndexedPrefix = 3;

    /// <summary>The clauses with long prefixes spelled out; null when a clause can match no word at all (the AND is empty).</summary>
    public static async Task<IReadOnlyList<SearchClause>?> ExpandAsync(VigilDbContext db, IReadOnlyList<SearchClause> clauses, CancellationToken ct)
    {
        if (db.Database.IsNpgsql() || !clauses.Any(Expandable)) return clauses;
        var result = new List<SearchClause>(clauses.Count);
        foreach (var clause in clauses)
        {
            if (!Expandable(clause)) { result.Add(clause); continue; }
            var words = new List<string>();
            foreach (var term in clause.Terms)
            {
                var found = await WordsBeginningAsync(db, term, ct);
                if (found.Count > MaxWords) { words = null; break; }
                words.AddRange(found);
            }
            if (words is null) result.Add(clause);
            else if (words.Count == 0) return null;
            else result.Add(clause with { Terms = words.Distinct(StringComparer.Ordinal).ToList(), Prefix = false });
        }
        return result;
    }

    /// <summary>Plain ASCII terms (what <see cref="SearchKeys.Words"/> makes) long enough to be worth spelling out.</summary>
    private static bool Expandable(SearchClause c) =>
        c.Prefix && c.Column != SearchClause.Keys && c.Terms.All(t => t.Length > IndexedPrefix && t.All(char.IsAsciiLetterOrDigit));

    /// <summary>Words from <paramref name="prefix"/> up to (not including) the prefix with its last letter stepped on
    /// ("acorn" → "acoro"): in SQLite's byte order, exactly the words that begin with it.</summary>
    private static Task<List<string>> WordsBeginningAsync(VigilDbContext db, string prefix, CancellationToken ct)
    {
        var lower = prefix.ToLowerInvariant();
        var upper = lower[..^1] + (char)(lower[^1] + 1);
        return db.Database.SqlQueryRaw<string>("SELECT Term AS Value FROM search_terms WHERE Term >= {0} AND Term < {1} LIMIT {2}", lower, upper, MaxWords + 1)
            .ToListAsync(ct);
    }
}
