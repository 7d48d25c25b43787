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
    private readonly long mostWalFrames;
    private Task running = Task.CompletedTask;

    private BackgroundCheckpoints(SqliteConnection? own, long mostWalFrames = MostWalFrames)
    {
        this.own = own;
        this.mostWalFrames = mostWalFrames;
    }

    /// <summary>The checkpoint running beside the batches (complete when none is).</summary>
    internal Task Running => running;

    /// <summary>Times a batch waited for a complete checkpoint because the log had reached its bound.</summary>
    public int WaitsForACompleteCheckpoint { get; private set; }

    public static Task<BackgroundCheckpoints> StartAsync(VigilDbContext db, CancellationToken ct) =>
        db.Database.IsSqlite() && db.Database.GetConnectionString() is { } connectionString
            ? StartAsync(connectionString, MostWalFrames, ct)
            : Task.FromResult(new BackgroundCheckpoints(null));

    internal static async Task<BackgroundCheckpoints> StartAsync(string connectionString, long mostWalFrames, CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        if (!string.Equals(await ScalarAsync(connection, "PRAGMA journal_mode", ct), "wal", StringComparison.OrdinalIgnoreCase))
        {
            await connection.DisposeAsync();
            return new(null);
        }
        return new(connection, mostWalFrames);
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

    /// <summary>WAL frames (4 KB pages) an import lets the log reach before it waits for a complete checkpoint: 256 MB.</summary>
    public const long MostWalFrames = 65_536;

    // Frames in the WAL at the last checkpoint (its "log" column): SQLite starts the log again from its first frame
    // only when a write begins after a checkpoint that copied every frame, which a checkpoint running beside the
    // batches never quite does.
    private long walFrames;

    /// <summary>After a batch's commit: a checkpoint starts on the other connection unless one is still running (the
    /// next commit starts the next). Once the WAL holds <see cref="MostWalFrames"/>, the import waits instead for the
    /// running checkpoint and one more that copies everything committed, so the next batch starts the log again
    /// (ADR 1610): left to run beside the batches, the log of a million-death import passed 23.5 GB beside an 8.6 GB
    /// store, and every page the batches read was looked up through its ever longer index.</summary>
    public async Task AfterCommitAsync(CancellationToken ct)
    {
        if (own is null) return;
        if (Interlocked.Read(ref walFrames) >= mostWalFrames)
        {
            WaitsForACompleteCheckpoint++;
            await running;
            await CheckpointAsync(ct);
            // The next batch's first write starts the log again, unless a reader still uses it; the checkpoint after
            // that batch says which.
            Interlocked.Exchange(ref walFrames, 0);
            return;
        }
        if (running.IsCompleted) running = Task.Run(() => CheckpointAsync(CancellationToken.None), CancellationToken.None);
    }

    /// <summary>Waits for the running checkpoint, then checkpoints what the last batches wrote. The log's file keeps
    /// its size (at most about <see cref="MostWalFrames"/> and a batch), as SQLite's own checkpoints leave it.</summary>
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
        try
        {
            await using var command = own!.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            await using var result = await command.ExecuteReaderAsync(ct);
            // One row: busy, frames in the log, frames copied (-1, -1 when the store is not in WAL mode).
            if (await result.ReadAsync(ct)) Interlocked.Exchange(ref walFrames, Math.Max(0, result.GetInt64(1)));
        }
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
