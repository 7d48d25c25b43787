using Microsoft.EntityFrameworkCore;

namespace Vigil.Web.Features.Search;

/// <summary>Rewrites prefix words as the exact words they begin in that column, from search_terms (SQLite ADR 1661,
/// PostgreSQL ADR 1831). FTS5 reads exact words lazily, newest first, and stops at the LIMIT; a prefix word it would
/// merge in full first. On SQLite shorter prefixes stay prefixes: FTS5's own prefix indexes (1-3 letters) serve them
/// lazily. PostgreSQL's GIN has no prefix index (a prefix gathers every document of every word it begins into one
/// bitmap), so there every length is spelled out.
/// A prefix that begins no word of its column empties the whole AND, so that query is not run at all (FTS5 would
/// walk every document holding the word in another column to find that out). The words matched are the same either
/// way, so results are unchanged.</summary>
internal static class SearchPrefixes
{
    /// <summary>Beyond this many words a prefix stays a prefix: one long OR costs about what the merge does.</summary>
    public const int MaxWords = 64;
    private const int IndexedPrefix = 3;

    /// <summary>The clauses with long prefixes spelled out; null when a clause can match no word at all (the AND is empty).</summary>
    public static async Task<IReadOnlyList<SearchClause>?> ExpandAsync(VigilDbContext db, IReadOnlyList<SearchClause> clauses, CancellationToken ct)
    {
        if (!clauses.Any(Expandable)) return clauses;
        var indexedPrefix = db.Database.IsNpgsql() ? 0 : IndexedPrefix;
        var result = new List<SearchClause>(clauses.Count);
        foreach (var clause in clauses)
        {
            if (!Expandable(clause)) { result.Add(clause); continue; }
            var words = new List<string>();
            var keepPrefix = false;
            foreach (var term in clause.Terms)
            {
                var found = await WordsBeginningAsync(db, clause.Column, term, term.Length > indexedPrefix ? MaxWords + 1 : 1, ct);
                keepPrefix |= term.Length <= indexedPrefix || found.Count > MaxWords;
                words.AddRange(found);
            }
            if (words.Count == 0) return null;
            result.Add(keepPrefix ? clause : clause with { Terms = words.Distinct(StringComparer.Ordinal).ToList(), Prefix = false });
        }
        return result;
    }

    /// <summary>Plain ASCII prefixes (what <see cref="SearchKeys.Words"/> makes) of a text column.</summary>
    private static bool Expandable(SearchClause c) =>
        c.Prefix && c.Column != SearchClause.Keys && c.Terms.All(t => t.Length > 0 && t.All(char.IsAsciiLetterOrDigit));

    /// <summary>Words of the column from <paramref name="prefix"/> up to (not including) the prefix with its last letter
    /// stepped on ("acorn" → "acoro"): in byte order (SQLite's, and the C collation of PostgreSQL's term), exactly the
    /// words that begin with it. DISTINCT: PostgreSQL's table has no unique key (a word added by two transactions at once
    /// is stored twice, rather than one waiting for the other: ADR 1831).</summary>
    private static Task<List<string>> WordsBeginningAsync(VigilDbContext db, string column, string prefix, int limit, CancellationToken ct)
    {
        var lower = prefix.ToLowerInvariant();
        var upper = lower[..^1] + (char)(lower[^1] + 1);
        return db.Database.SqlQueryRaw<string>("SELECT DISTINCT Term AS \"Value\" FROM search_terms WHERE Col = {0} AND Term >= {1} AND Term < {2} LIMIT {3}", column, lower, upper, limit)
            .ToListAsync(ct);
    }
}
