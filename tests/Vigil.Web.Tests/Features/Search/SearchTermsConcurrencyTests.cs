using Npgsql;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Search;

/// <summary>PostgreSQL's search_terms is filled by a trigger in the writer's own transaction (ADR 1831). Two open
/// transactions adding the same new words must not wait for each other: with a unique key on (col, term) the second
/// waited for the first to commit (an officer's save behind a whole import batch) and, adding two words in opposite
/// orders over two statements, the pair deadlocked.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SearchTermsConcurrencyTests(PostgresApp app)
{
    [Fact]
    public async Task TwoOpenTransactionsAddingTheSameNewWords_NeitherWaits_AndEachWordIsFoundOnce()
    {
        _ = app.Services; // the store is migrated
        var marker = "zq" + Guid.NewGuid().ToString("N")[..10];
        var (first, second) = ($"{marker}a", $"{marker}b");
        await using var one = await OpenAsync();
        await using var two = await OpenAsync();
        await using var txOne = await one.BeginTransactionAsync();
        await using var txTwo = await two.BeginTransactionAsync();

        // Opposite orders, one statement per word: the shape that deadlocked.
        await InsertAsync(one, txOne, first);
        await InsertAsync(two, txTwo, second);
        await InsertAsync(one, txOne, second);
        await InsertAsync(two, txTwo, first);
        await txOne.CommitAsync();
        await txTwo.CommitAsync();

        await using var read = await OpenAsync();
        await using (var tidy = new NpgsqlCommand("DELETE FROM search_documents WHERE \"Title\" = 'concurrency' AND \"Text\" LIKE @m || '%'", read))
        {
            tidy.Parameters.AddWithValue("m", marker);
            Assert.Equal(4, await tidy.ExecuteNonQueryAsync()); // the documents were only the vehicle; the words stay, as any stale word does
        }
        await using var words = new NpgsqlCommand(
            "SELECT DISTINCT term FROM search_terms WHERE col = 'Text' AND term >= @lo AND term < @hi ORDER BY term", read);
        words.Parameters.AddWithValue("lo", marker);
        words.Parameters.AddWithValue("hi", marker[..^1] + (char)(marker[^1] + 1));
        var found = new List<string>();
        await using (var reader = await words.ExecuteReaderAsync())
            while (await reader.ReadAsync()) found.Add(reader.GetString(0));
        Assert.Equal([first, second], found);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(app.Database);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A search document with one word in its Text; 60 s for the statement: a wait on the other transaction
    /// would never end by itself, so it fails the test instead of hanging it (5 s is within reach of an ordinary insert on a loaded server).</summary>
    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string word)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO search_documents ("Kind", "CaseId", "TargetId", "TeamId", "Title", "Keys", "Address", "Text", "FoundAt")
            VALUES ('case', gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'concurrency', '', NULL, @word, now())
            """, connection, tx) { CommandTimeout = 60 };
        insert.Parameters.AddWithValue("word", word);
        await insert.ExecuteNonQueryAsync();
    }
}
