using Npgsql;

namespace Vigil.Web.Tests.Infrastructure;

/// <summary>A record, kept by PostgreSQL itself, of every linkage outbox row's passage from pending to done and of the
/// session that made it (its Application Name): a trigger writes one line in the transaction that marks the row, so a
/// batch rolled back (its node killed) leaves no line, and a row compared twice would leave two. For drills on a
/// database of the test's own (it is installed once, after the migration).</summary>
public static class OutboxLedger
{
    public static Task InstallAsync(string database) => ExecuteAsync(database, """
        CREATE TABLE drill_outbox_done (row_id uuid NOT NULL, done_by text NOT NULL);
        CREATE FUNCTION drill_outbox_done() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD."DoneAt" IS NULL AND NEW."DoneAt" IS NOT NULL THEN
            INSERT INTO drill_outbox_done VALUES (NEW."Id", current_setting('application_name'));
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER drill_outbox_done AFTER UPDATE ON linkage_outbox FOR EACH ROW EXECUTE FUNCTION drill_outbox_done();
        """);

    /// <summary>Each committed "done", in no particular order: the row and the Application Name of the session.</summary>
    public static Task<List<(Guid Row, string DoneBy)>> ReadAsync(string database) =>
        QueryAsync(database, "SELECT row_id, done_by FROM drill_outbox_done", r => (r.GetGuid(0), r.GetString(1)));

    /// <summary>Every row in the outbox, done or not.</summary>
    public static Task<List<Guid>> RowsAsync(string database) =>
        QueryAsync(database, "SELECT \"Id\" FROM linkage_outbox", r => r.GetGuid(0));

    public static async Task<List<T>> QueryAsync<T>(string database, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(database + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
