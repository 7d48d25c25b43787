using Vigil.Data.Search;

namespace Vigil.Web.Features.Search;

/// <summary>One condition of a search: the document has at least one of <paramref name="Terms"/> in the column
/// (keys, address or text) — or, <paramref name="Exclude"/>d, none of them; a prefix term matches any word it begins.
/// A search is the AND of its clauses (and at least one must include).</summary>
public sealed record SearchClause(string Column, IReadOnlyList<string> Terms, bool Prefix = false, bool Exclude = false)
{
    public const string Keys = "Keys", Address = "Address", Text = "Text";
}

/// <summary>Runs clauses against the provider's full-text index and returns a composable query of documents,
/// newest saved first. SQLite: one FTS5 MATCH (ADR 0701). PostgreSQL: GIN over the keys array and tsvectors,
/// with the exact expressions the raw migration indexed.</summary>
// The SQL is assembled from fixed fragments (column names from SearchClause's constants, numbered placeholders);
// every value, the user's words included, is a parameter.
#pragma warning disable EF1002, EF1003
public static class SearchStore
{
    public static IQueryable<SearchDocument> Match(VigilDbContext db, IReadOnlyList<SearchClause> clauses, int? limit) =>
        db.Database.IsNpgsql() ? Postgres(db, clauses, limit) : Sqlite(db, clauses, limit);

    /// <summary>PostgreSQL only: addresses one or two typos away (pg_trgm word similarity), for when the words miss.</summary>
    public static IQueryable<SearchDocument>? SimilarAddresses(VigilDbContext db, string text, SearchClause? scope, int limit)
    {
        if (!db.Database.IsNpgsql()) return null;
        var sql = """SELECT d.* FROM search_documents AS d WHERE {0} <% d."Address" """;
        object[] args = [text];
        if (scope is not null)
        {
            sql += """ AND string_to_array(d."Keys", ' ') && {1}""";
            args = [text, scope.Terms.ToArray()];
        }
        return db.Set<SearchDocument>().FromSqlRaw(sql + $" ORDER BY d.\"Id\" DESC LIMIT {{{args.Length}}}", [.. args, limit]);
    }

    private static IQueryable<SearchDocument> Sqlite(VigilDbContext db, IReadOnlyList<SearchClause> clauses, int? limit)
    {
        static string Fts(SearchClause c) => $"{c.Column} : ({string.Join(" OR ", c.Terms.Select(t => Quote(t) + (c.Prefix ? "*" : "")))})";
        // FTS5's NOT is binary ("A NOT B"): the included clauses, then each excluded one taken away.
        var match = string.Join(" AND ", clauses.Where(c => !c.Exclude).Select(Fts));
        foreach (var c in clauses.Where(c => c.Exclude)) match = $"({match}) NOT {Fts(c)}";
        var inner = "SELECT rowid FROM search_fts WHERE search_fts MATCH {0} ORDER BY rowid DESC" + (limit is null ? "" : " LIMIT {1}");
        return db.Set<SearchDocument>().FromSqlRaw($"SELECT d.* FROM search_documents AS d WHERE d.\"Id\" IN ({inner}) ORDER BY d.\"Id\" DESC", limit is { } n ? [match, n] : [match]);
    }

    private static IQueryable<SearchDocument> Postgres(VigilDbContext db, IReadOnlyList<SearchClause> clauses, int? limit)
    {
        var conditions = new List<string>();
        var args = new List<object>();
        foreach (var c in clauses)
        {
            var i = args.Count;
            var not = c.Exclude ? "NOT " : "";
            if (c.Column == SearchClause.Keys && !c.Prefix)
            {
                conditions.Add($"{not}(string_to_array(d.\"Keys\", ' ') && {{{i}}})");
                args.Add(c.Terms.ToArray());
            }
            else
            {
                var column = c.Column == SearchClause.Keys ? "Keys" : c.Column;
                conditions.Add($"{not}(to_tsvector('simple', coalesce(d.\"{column}\", '')) @@ to_tsquery('simple', {{{i}}}))");
                args.Add(string.Join(" | ", c.Terms.Select(t => Quote(t).Replace('"', '\'') + (c.Prefix ? ":*" : ""))));
            }
        }
        var sql = $"SELECT d.* FROM search_documents AS d WHERE {string.Join(" AND ", conditions)}";
        // A clause of rare keys (a surname, a phone, a reference) bounds the matches to a few hundred: collect them
        // through GIN first and sort those. Left to itself the planner, expecting many matches (it multiplies the clauses'
        // estimates), walks the primary key backwards and tests every document: 5 s for "James Ashbelcor" on 200,000
        // deaths, 13 ms fenced. A query of common keys only (a first name, a team) keeps the walk, which stops early.
        if (clauses.Any(Selective)) sql = $"SELECT * FROM ({sql} OFFSET 0) AS d";
        sql += " ORDER BY d.\"Id\" DESC";
        if (limit is { } n) { sql += $" LIMIT {{{args.Count}}}"; args.Add(n); }
        return db.Set<SearchDocument>().FromSqlRaw(sql, [.. args]);
    }

    /// <summary>An included clause of exact keys each held by few documents: surname (variants), phone, whole reference.
    /// Not a running number: "1" is in every exhibit's reference ("…/EX-01").</summary>
    private static bool Selective(SearchClause c) =>
        c is { Column: SearchClause.Keys, Prefix: false, Exclude: false } && c.Terms.Count > 0 &&
        c.Terms.All(t => t.StartsWith(SearchKeys.Surname, StringComparison.Ordinal) || t.StartsWith(SearchKeys.Phone, StringComparison.Ordinal)
            || t.StartsWith(SearchKeys.Reference, StringComparison.Ordinal));

    /// <summary>Terms are made of letters, digits and '_' by <see cref="SearchKeys"/>; quoting is a second guard.</summary>
    private static string Quote(string term) => "\"" + term.Replace("\"", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal) + "\"";
}
#pragma warning restore EF1002, EF1003
