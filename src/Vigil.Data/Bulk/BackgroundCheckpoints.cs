using Microsoft.Data.Sqlite;

namespace Vigil.Data.Bulk;

/// <summary>SQLite in WAL mode: an import's commits leave the checkpoint (copying the WAL's pages into the database file
/// and syncing it) to a connection of this object's own, on another thread, instead of running it inside each batch's
/// COMMIT as SQLite's auto-checkpoint does (ADR 2552). Every commit is as durable as before: the batch's WAL frames are
/// synced by its COMMIT (the store's synchronous setting is untouched); only the copy into the main file moves, and
/// the import waits for the last copy before it reports the lines stored. PostgreSQL and a store not in WAL mode: does
/// nothing.</summary>
public sealed class BackgroundCheckpoints : IAsyncDisposable
{
    private readonly SqliteConnection? own;
    private Task running = Task.CompletedTask;

    private BackgroundCheckpoints(SqliteConnection? own) => this.own = own;

    public static async Task<BackgroundCheckpoints> StartAsync(VigilDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite() || db.Database.GetConnectionString() is not { } connectionString) return new(null);
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        if (!string.Equals(await ScalarAsync(connection, "PRAGMA journal_mode", ct), "wal", StringComparison.OrdinalIgnoreCase))
        {
            await connection.DisposeAsync();
            return new(null);
        }
        return new(connection);
    }

    /// <summary>Turns the batch connection's auto-checkpoint off until the returned scope ends, which puts the
    /// connection's own setting back before it returns to the pool (other work on it checkpoints as always).</summary>
    public async Task<IAsyncDisposable> SuspendAutoCheckpointAsync(VigilDbContext db, CancellationToken ct)
    {
        if (own is null) return NoScope.Instance;
        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var pages = await ScalarAsync(connection, "PRAGMA wal_autocheckpoint", ct);
        await ExecuteAsync(connection, "PRAGMA wal_autocheckpoint = 0", ct);
        return new Suspended(db, connection, long.Parse(pages!, CultureInfo.InvariantCulture));
    }

    /// <summary>After a batch's commit: a checkpoint starts on the other connection unless one is still running (the
    /// next commit starts the next).</summary>
    public void AfterCommit()
    {
        if (own is null || !running.IsCompleted) return;
        running = Task.Run(() => CheckpointAsync(CancellationToken.None));
    }

    /// <summary>Waits for the running checkpoint, then checkpoints what the last batches wrote.</summary>
    public async Task FinishAsync(CancellationToken ct)
    {
        if (own is null) return;
        await running;
        await CheckpointAsync(ct);
    }

    /// <summary>PASSIVE: copies what no reader still needs without waiting for anyone, as the auto-checkpoint does. A
    /// copy that fails loses nothing (the frames stay in the WAL, synced, for the next checkpoint), so it never fails
    /// an import whose batches committed.</summary>
    private async Task CheckpointAsync(CancellationToken ct)
    {
        try { await ExecuteAsync(own!, "PRAGMA wal_checkpoint(PASSIVE)", ct); }
        catch (SqliteException) { }
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (own is null) return;
        await running;
        await own.DisposeAsync();
    }

    private sealed class Suspended(VigilDbContext db, SqliteConnection connection, long pages) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA wal_autocheckpoint = {pages}"), CancellationToken.None);
            }
            catch (SqliteException)
            {
                // Never back into the pool without its checkpoints, and never hiding the batch's own failure behind this one.
                SqliteConnection.ClearPool(connection);
            }
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed class NoScope : IAsyncDisposable
    {
        public static readonly NoScope Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
