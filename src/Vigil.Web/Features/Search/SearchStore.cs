namespace Vigil.Web.Features.Search;

/// <summary>One condition of a search: the document has at least one of <paramref name="Terms"/> in the column
/// (keys, address or text) — or, <paramref name="Exclude"/>d, none of them; a prefix term matches any word it begins.
/// A search is the AND of its clauses (and at least one must include).</summary>
public sealed record SearchClause(string Column, IReadOnlyList<string> Terms, bool Prefix = false, bool Exclude = false)
{
    public const string Keys = "Keys", Address = "Address", Text = "Text";
}

/// <summary>Runs clauses against the provider's full-text index and returns a composable query of documents,
/// newest saved first. SQLite: one FTS5 MATCH (ADR 0701). PostgreSQL: GIN over the keys array (the exact expression
/// the raw migration indexed) and over the stored tsvector columns of Address and Text (ADR 2651).</summary>
// The SQL is assembled from fixed fragments (column names from SearchClause's constants, numbered placeholders);
// every value, the user's words included, is a parameter.
#pragma warning disable EF1002, EF1003
public static class SearchStore
{
    public static IQueryable<SearchDocument> Match(VigilDbContext db, IReadOnlyList<SearchClause> clauses, int? limit) =>
        db.Database.IsNpgsql() ? Postgres(db, clauses, limit) : Sqlite(db, clauses, limit);

    /// <summary>The newest <paramref name="limit"/> documents matching the clauses, as <see cref="Match"/> with a limit
    /// answers them. PostgreSQL, for words in addresses or text without a rare key: GIN cannot return matches newest
    /// first, so a word held by many documents ("towpath", "street") fetched and sorted every match (24,000 on 200,000
    /// deaths, 445 ms p95). Instead the newest documents are walked by key in windows, each tested against the words,
    /// while the matches seen so far say the rest of the page is near (ADR 1831); otherwise the older rest comes from
    /// GIN as before. Same documents either way.</summary>
    public static Task<List<SearchDocument>> NewestAsync(VigilDbContext db, IReadOnlyList<SearchClause> clauses, int limit, CancellationToken ct) =>
        NewestAsync(db, clauses, limit, FirstWindow, MaxWalk, ct);

    internal static async Task<List<SearchDocument>> NewestAsync(VigilDbContext db, IReadOnlyList<SearchClause> clauses, int limit, long firstWindow, long maxWalk, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql() || clauses.Any(Selective) || !clauses.Any(c => c is { Column: not SearchClause.Keys, Exclude: false }))
            return await Match(db, clauses, limit).AsNoTracking().ToListAsync(ct);
        var (where, args) = PostgresWhere(clauses);
        var columns = Columns(db);
        var found = new List<SearchDocument>();
        var below = await db.Set<SearchDocument>().MaxAsync(d => (long?)d.Id, ct) + 1 ?? 0;
        long walked = 0, window = firstWindow;
        while (found.Count < limit && below > 0)
        {
            var from = Math.Max(0, below - window);
            // The range first (OFFSET 0 keeps the words out of it): a walk of the primary key, never a GIN bitmap.
            var sql = $"SELECT {columns} FROM (SELECT * FROM search_documents WHERE \"Id\" >= {{{args.Count}}} AND \"Id\" < {{{args.Count + 1}}} OFFSET 0) AS d WHERE {where} ORDER BY d.\"Id\" DESC LIMIT {{{args.Count + 2}}}";
            found.AddRange(await db.Set<SearchDocument>().FromSqlRaw(sql, [.. args, from, below, limit - found.Count]).AsNoTracking().ToListAsync(ct));
            walked += below - from;
            below = from;
            // At the density seen so far, how far back the rest of the page lies (a quarter more for luck).
            window = found.Count == 0 ? long.MaxValue : (limit - found.Count) * walked / found.Count * 5 / 4;
            if (window > maxWalk - walked) break; // (not walked + window: long.MaxValue would overflow)
        }
        if (found.Count < limit && below > 0)
        {
            var sql = $"SELECT {columns} FROM (SELECT d.* FROM search_documents AS d WHERE {where} AND d.\"Id\" < {{{args.Count}}} OFFSET 0) AS d ORDER BY d.\"Id\" DESC LIMIT {{{args.Count + 1}}}";
            found.AddRange(await db.Set<SearchDocument>().FromSqlRaw(sql, [.. args, below, limit - found.Count]).AsNoTracking().ToListAsync(ct));
        }
        return found;
    }

    /// <summary>Documents walked by key before the density is judged (about 570 deaths' documents: a word in 1% of
    /// documents finds a page of 20 there), and at most in all before GIN takes the rest. The walk tests each
    /// document's stored words (ADR 2651; before, it cut each walked row's text again), so it pays only where matches are dense.</summary>
    internal const long FirstWindow = 2_000, MaxWalk = 24_000;

    /// <summary>PostgreSQL only: addresses one or two typos away (pg_trgm word similarity), for when the words miss.</summary>
    public static IQueryable<SearchDocument>? SimilarAddresses(VigilDbContext db, string text, SearchClause? scope, int limit)
    {
        if (!db.Database.IsNpgsql()) return null;
        var sql = $$"""SELECT {{Columns(db)}} FROM search_documents AS d WHERE {0} <% d."Address" """;
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
        var (where, args) = PostgresWhere(clauses);
        var sql = $"SELECT {Columns(db)} FROM search_documents AS d WHERE {where}";
        // A clause of rare keys (a surname, a phone, a reference) bounds the matches to a few hundred: collect them
        // through GIN first and sort those. Left to itself the planner, expecting many matches (it multiplies the clauses'
        // estimates), walks the primary key backwards and tests every document: 5 s for "James Ashbelcor" on 200,000
        // deaths, 13 ms fenced. A query of common keys only (a first name, a team) keeps the walk, which stops early.
        if (clauses.Any(Selective)) sql = $"SELECT * FROM ({sql} OFFSET 0) AS d";
        sql += " ORDER BY d.\"Id\" DESC";
        if (limit is { } n) { sql += $" LIMIT {{{args.Count}}}"; args.Add(n); }
        return db.Set<SearchDocument>().FromSqlRaw(sql, [.. args]);
    }

    /// <summary>The clauses as one SQL condition over d: exact keys as an array overlap (GIN on the keys), and the
    /// included clauses of each text column as ONE tsquery, an AND of ORs (one GIN scan, the rarest word driving the
    /// others), with excluded ones negated after. Same matches as one condition per clause.</summary>
    private static (string Where, List<object> Args) PostgresWhere(IReadOnlyList<SearchClause> clauses)
    {
        var conditions = new List<string>();
        var args = new List<object>();
        foreach (var c in clauses.Where(c => c is { Column: SearchClause.Keys, Prefix: false }))
        {
            conditions.Add($"{(c.Exclude ? "NOT " : "")}(string_to_array(d.\"Keys\", ' ') && {{{args.Count}}})");
            args.Add(c.Terms.ToArray());
        }
        foreach (var group in clauses.Where(c => c is not { Column: SearchClause.Keys, Prefix: false }).GroupBy(c => (c.Column, c.Exclude)))
        {
            var column = group.Key.Column;
            static string Or(SearchClause c) => "(" + string.Join(" | ", c.Terms.Select(t => Quote(t).Replace('"', '\'') + (c.Prefix ? ":*" : ""))) + ")";
            // Excluded clauses stay one NOT each: NOT (a) AND NOT (b) is not NOT (a & b).
            foreach (var query in group.Key.Exclude ? group.Select(Or) : [string.Join(" & ", group.Select(Or))])
            {
                conditions.Add($"{(group.Key.Exclude ? "NOT " : "")}({Words(column)} @@ to_tsquery('simple', {{{args.Count}}}))");
                args.Add(query);
            }
        }
        return (string.Join(" AND ", conditions), args);
    }

    /// <summary>A document column's words: Address and Text read the stored tsvector, to_tsvector('simple',
    /// coalesce(column, '')) as the row was written (raw migration SearchWordColumns, ADR 2651). Keys have no stored
    /// words (their GIN is the exact-key array); a prefix clause over them, which no search plan makes, cuts them here.</summary>
    private static string Words(string column) => column switch
    {
        SearchClause.Address => "d.address_tsv",
        SearchClause.Text => "d.text_tsv",
        _ => $"to_tsvector('simple', coalesce(d.\"{column}\", ''))",
    };

    /// <summary>The model's columns of d, not d.*: the stored tsvectors are not in the model and need not travel.</summary>
    private static string Columns(VigilDbContext db) =>
        string.Join(", ", db.Model.FindEntityType(typeof(SearchDocument))!.GetProperties().Select(p => $"d.\"{p.GetColumnName()}\""));

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
