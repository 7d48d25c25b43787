using System.Data.Common;

namespace Vigil.Data.Bulk;

/// <summary>SQLite: the search documents of a bulk batch are indexed in FTS5 by one INSERT ... SELECT after they are
/// written, not by the insert trigger once per row (ADR 1501). A row in search_fts_deferred (migration
/// SearchIndexDeferrable) makes the trigger stand aside; all of it happens in the save's transaction, so no other
/// writer ever sees the trigger off, and a failure rolls the documents and their index back together. The index holds
/// the same tokens per rowid either way, so search answers are unchanged; the batch's words reach search_terms
/// (ADR 1661) the same way, once per batch.</summary>
internal static class DeferredFullText
{
    public const string ContentTable = "search_documents";

    public static async Task WriteAsync(Func<string, DbCommand> command, Func<Task> writeRows, CancellationToken ct)
    {
        long before;
        await using (var max = command("""SELECT coalesce(max("Id"), 0) FROM search_documents"""))
            before = Convert.ToInt64(await max.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        await RunAsync(command("INSERT INTO search_fts_deferred (Batch) VALUES (1)"), ct);
        await writeRows();
        await RunAsync(command("DELETE FROM search_fts_deferred"), ct);
        await using var index = command("""
            INSERT INTO search_fts (rowid, Keys, Address, Text)
            SELECT "Id", "Keys", "Address", "Text" FROM search_documents WHERE "Id" > @before ORDER BY "Id";
            INSERT INTO search_words (Address, Text) SELECT "Address", "Text" FROM search_documents WHERE "Id" > @before;
            """ + Search.SearchTermsSql.Harvest);
        var p = index.CreateParameter();
        p.ParameterName = "@before";
        p.Value = before;
        index.Parameters.Add(p);
        await index.ExecuteNonQueryAsync(ct);
    }

    private static async Task RunAsync(DbCommand command, CancellationToken ct)
    {
        await using (command) await command.ExecuteNonQueryAsync(ct);
    }
}
