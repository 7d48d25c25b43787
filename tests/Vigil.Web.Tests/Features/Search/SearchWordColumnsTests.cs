using Npgsql;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Search;

/// <summary>PostgreSQL keeps each document's Address and Text words in stored generated columns (ADR 2651) that the
/// GIN indexes, the search-terms trigger and every search read instead of cutting the text again. The stored words
/// must be exactly what the old expression, to_tsvector('simple', coalesce(column, '')), made of the same text — on
/// insert and on update — or a search would find other documents than before.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SearchWordColumnsTests(PostgresApp app)
{
    /// <summary>Texts the parser treats specially: tags it skips, apostrophes, hyphens, e-mail and web addresses,
    /// numbers, accents, empty and NULL, and a narrative long enough to be stored out of line (TOAST).</summary>
    private static readonly string?[] Awkward =
    [
        "<b>Flat 2</b>, <a href=\"x\">Quay</a> House & <i>Mews</i>",
        "O'Brien's yard, St. Anne's Rd — d'Arcy's",
        "north-west side; well-known pre-war block 12-14",
        "reported by jo.smith@example.org via https://example.org/a?b=1 at 03:15",
        "Café Zoë, Ærø Straße, 1.5 km, 3rd floor, £20",
        "",
        null,
        string.Join(' ', Enumerable.Range(0, 3000).Select(i => $"word{i % 450} <tag{i % 7}> it's {i}")),
    ];

    [Fact]
    public async Task TheStoredWords_AreTheOldExpressionsWords_OnInsertAndUpdate()
    {
        _ = app.Services; // the store is migrated
        var marker = "wordcols-" + Guid.NewGuid().ToString("N")[..10];
        await using var connection = new NpgsqlConnection(app.Database);
        await connection.OpenAsync();
        foreach (var (address, text) in Awkward.Zip(Awkward.Reverse()))
            await ExecuteAsync(connection, """
                INSERT INTO search_documents ("Kind", "CaseId", "TargetId", "TeamId", "Title", "Keys", "Address", "Text", "FoundAt")
                VALUES ('case', gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), @m, '', @a, @t, now())
                """, ("m", marker), ("a", address), ("t", text));
        Assert.Equal(Awkward.Length, await DisagreeingAsync(connection, marker));
        Assert.Equal(0L, await ScalarAsync(connection, Disagreeing, ("m", marker)));

        // A word no earlier document holds (search_terms keeps every word ever added): the UPDATE trigger must add it.
        var edited = "zqedited" + Guid.NewGuid().ToString("N")[..10];
        await ExecuteAsync(connection, """UPDATE search_documents SET "Address" = "Text", "Text" = 'now <em>' || @e || '</em> O''Neill''s' WHERE "Title" = @m""", ("m", marker), ("e", edited));
        Assert.Equal(0L, await ScalarAsync(connection, Disagreeing, ("m", marker)));
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(DISTINCT term) FROM search_terms WHERE col = 'Text' AND term = @e", ("e", edited)));

        await ExecuteAsync(connection, """DELETE FROM search_documents WHERE "Title" = @m""", ("m", marker));
    }

    [Fact]
    public async Task TheTrigger_HarvestsTheStoredWords_OfEachColumn()
    {
        _ = app.Services;
        var word = "zq" + Guid.NewGuid().ToString("N")[..10];
        await using var connection = new NpgsqlConnection(app.Database);
        await connection.OpenAsync();
        await ExecuteAsync(connection, """
            INSERT INTO search_documents ("Kind", "CaseId", "TargetId", "TeamId", "Title", "Keys", "Address", "Text", "FoundAt")
            VALUES ('case', gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), @w, '', @a, @t, now())
            """, ("w", word), ("a", $"<b>{word}addr</b> O'{word}"), ("t", $"{word}-text <i>{word}</i>"));
        var harvested = new List<string>();
        await using (var read = new NpgsqlCommand("SELECT DISTINCT col || ':' || term FROM search_terms WHERE term LIKE @w || '%' ORDER BY 1", connection))
        {
            read.Parameters.AddWithValue("w", word);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync()) harvested.Add(reader.GetString(0));
        }
        // The 'simple' parser drops the tags, cuts "O'word" at the apostrophe and keeps "word-text" whole beside its parts.
        Assert.Equal([$"Address:{word}", $"Address:{word}addr", $"Text:{word}", $"Text:{word}-text"], harvested);
        await ExecuteAsync(connection, """DELETE FROM search_documents WHERE "Title" = @w""", ("w", word));
    }

    private const string Disagreeing = """
        SELECT count(*) FROM search_documents WHERE "Title" = @m
          AND (address_tsv IS DISTINCT FROM to_tsvector('simple', coalesce("Address", ''))
            OR text_tsv IS DISTINCT FROM to_tsvector('simple', coalesce("Text", '')))
        """;

    /// <summary>How many of the marked documents the check can tell apart from their expression when it is given a
    /// wrong one: proves the check itself can fail (all of them differ from the words of 'simple' over "x").</summary>
    private static async Task<long> DisagreeingAsync(NpgsqlConnection connection, string marker) =>
        (long)(await ScalarAsync(connection, """
            SELECT count(*) FROM search_documents WHERE "Title" = @m
              AND (address_tsv IS DISTINCT FROM to_tsvector('simple', 'x ' || coalesce("Address", ''))
                OR text_tsv IS DISTINCT FROM to_tsvector('simple', 'x ' || coalesce("Text", '')))
            """, ("m", marker)) ?? 0L);

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, string? Value)[] args)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in args) command.Parameters.AddWithValue(name, (object?)value ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long?> ScalarAsync(NpgsqlConnection connection, string sql, params (string Name, string? Value)[] args)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in args) command.Parameters.AddWithValue(name, (object?)value ?? DBNull.Value);
        return await command.ExecuteScalarAsync() is long n ? n : null;
    }
}
