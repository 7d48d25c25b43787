using Microsoft.Data.Sqlite;
using Vigil.Data.Audit;

namespace Vigil.Data.Bulk;

/// <summary>SQLite in WAL mode: an import's commits leave the checkpoint (copying the WAL's pages into the database file
/// and syncing it) to a connection of this object's own, on another thread, instead of running it inside each batch's
/// COMMIT as SQLite's auto-checkpoint does (ADR 2552). A batch's COMMIT does not sync the log either (synchronous
/// NORMAL on its connection, ADR 1611): the checkpoints sync it as they go, and the import syncs it once more before it
/// reports the lines stored, so a power cut can take back only batches of an import that had not finished, which a
/// re-run imports again (idempotent on source and ref). Until that sync the batches' audit heads are held, never
/// written. PostgreSQL and a store not in WAL mode: does nothing.</summary>
public sealed class BackgroundCheckpoints : IAsyncDisposable
{
    private readonly SqliteConnection? own;
    private readonly long mostWalFrames;
    private readonly AuditHeadFile? headFile;
    private readonly HeldAuditHead held = new();
    private readonly Action<string> flushToDisk;
    private Task running = Task.CompletedTask;

    // A checkpoint's error other than busy (an fsync or a write that failed): the batches' frames may not be on disk, so
    // no head may name them and the import fails.
    private SqliteException? logFailure;

    private BackgroundCheckpoints(SqliteConnection? own, AuditHeadFile? headFile = null, long mostWalFrames = MostWalFrames,
        Action<string>? flushToDisk = null)
    {
        this.own = own;
        this.headFile = headFile;
        this.mostWalFrames = mostWalFrames;
        this.flushToDisk = flushToDisk ?? FlushToDisk;
    }

    /// <summary>No checkpoints of the import's own: each batch commits and syncs as any save, auto-checkpoint and audit
    /// head included (an import of one batch, ADR 3203; PostgreSQL).</summary>
    public static BackgroundCheckpoints None { get; } = new(null);

    /// <summary>The checkpoint running beside the batches (complete when none is).</summary>
    internal Task Running => running;

    /// <summary>Times a batch waited for a complete checkpoint because the log had reached its bound.</summary>
    public int WaitsForACompleteCheckpoint { get; private set; }

    /// <summary>The heads of batches whose commits are not yet synced (empty once written to the head file).</summary>
    internal HeldAuditHead Held => held;

    public static Task<BackgroundCheckpoints> StartAsync(VigilDbContext db, AuditHeadFile headFile, CancellationToken ct) =>
        db.Database.IsSqlite() && db.Database.GetConnectionString() is { } connectionString
            ? StartAsync(connectionString, MostWalFrames, ct, headFile)
            : Task.FromResult(new BackgroundCheckpoints(null));

    /// <param name="headFile">Null: the batches keep the store's own sync (nothing to hold their heads for).</param>
    /// <param name="flushToDisk">Syncs the log file named (tests: to see when, and to fail it).</param>
    internal static async Task<BackgroundCheckpoints> StartAsync(string connectionString, long mostWalFrames, CancellationToken ct,
        AuditHeadFile? headFile = null, Action<string>? flushToDisk = null)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        if (!string.Equals(await ScalarAsync(connection, "PRAGMA journal_mode", ct), "wal", StringComparison.OrdinalIgnoreCase))
        {
            await connection.DisposeAsync();
            return new(null);
        }
        return new(connection, headFile, mostWalFrames, flushToDisk);
    }

    /// <summary>For one batch on the context's connection: auto-checkpoint off, the COMMIT unsynced (synchronous NORMAL,
    /// unless the store runs with less already) and the audit head held. The returned scope puts the connection's own
    /// settings back before it returns to the pool: other work on it checkpoints and syncs as always.</summary>
    public async Task<IAsyncDisposable> BeginBatchAsync(VigilDbContext db, CancellationToken ct)
    {
        if (own is null) return NoScope.Instance;
        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var pages = long.Parse((await ScalarAsync(connection, "PRAGMA wal_autocheckpoint", ct))!, CultureInfo.InvariantCulture);
        var synchronous = int.Parse((await ScalarAsync(connection, "PRAGMA synchronous", ct))!, CultureInfo.InvariantCulture);
        var unsynced = headFile is null ? synchronous : Math.Min(synchronous, Normal);
        await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA wal_autocheckpoint = 0; PRAGMA synchronous = {unsynced};"), ct);
        if (headFile is not null) db.HeldAuditHead = held;
        return new Batch(db, connection, pages, synchronous);
    }

    /// <summary>SQLite's synchronous = NORMAL: in WAL mode a commit is not synced, a checkpoint is.</summary>
    private const int Normal = 1;

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
        ThrowIfTheLogFailed();
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

    /// <summary>Waits for the running checkpoint, checkpoints what the last batches wrote, then syncs the log and writes
    /// the newest held audit head: every batch is on disk before the import says so. The log's file keeps its size (at
    /// most about <see cref="MostWalFrames"/> and a batch), as SQLite's own checkpoints leave it.</summary>
    public async Task FinishAsync(CancellationToken ct)
    {
        if (own is null) return;
        await running;
        await CheckpointAsync(ct);
        SyncLogAndWriteHead();
    }

    /// <summary>A PASSIVE checkpoint syncs the log only when it has pages to copy, so the log is synced here: fsync
    /// reaches the file's every written page, whichever connection wrote it. Only then may the head name the batches;
    /// a sync that fails leaves it where it was (behind the database: a weaker check, never a false alarm). A blocking
    /// call: on serve it runs once at the end of an API import, in its request.</summary>
    private void SyncLogAndWriteHead()
    {
        ThrowIfTheLogFailed();
        flushToDisk(own!.DataSource + "-wal");
        if (held.Newest is { } head && headFile is not null)
        {
            headFile.Advance(head);
            held.Written(head);
        }
    }

    private static void FlushToDisk(string path)
    {
        try
        {
            using var log = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            RandomAccess.FlushToDisk(log);
        }
        catch (FileNotFoundException)
        {
            // No log: everything is in the database file, which each checkpoint synced.
        }
    }

    private void ThrowIfTheLogFailed()
    {
        if (logFailure is { } failure)
            throw new IOException($"The import's batches may not be on disk: a checkpoint of the log failed ({failure.Message}).", failure);
    }

    /// <summary>PASSIVE: copies what no reader still needs without waiting for anyone, as the auto-checkpoint does. Busy
    /// or locked loses nothing (the frames stay in the log for the next checkpoint or the final sync). Any other error
    /// (an fsync or write that failed: the batches' frames, committed unsynced, may be lost with it) fails the import
    /// at its next batch or its end, and no head names them.</summary>
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
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteBusy or SqliteLocked) { }
        catch (SqliteException ex)
        {
            logFailure ??= ex;
        }
    }

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

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

    /// <summary>An import that failed still leaves the batches it committed synced and their head written, unless the
    /// sync fails too: then the head stays behind, and the import's own failure is what the caller sees.</summary>
    public async ValueTask DisposeAsync()
    {
        if (own is null) return;
        try
        {
            await running;
            if (held.Newest is not null) SyncLogAndWriteHead();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the head names nothing that may be lost.
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    private sealed class Batch(VigilDbContext db, SqliteConnection connection, long pages, int synchronous) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            db.HeldAuditHead = null;
            var restored = false;
            // A transaction still open (its rollback failed) refuses a change of synchronous: the connection is dropped.
            if (db.Database.CurrentTransaction is null)
                try
                {
                    await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture,
                        $"PRAGMA wal_autocheckpoint = {pages}; PRAGMA synchronous = {synchronous};"), CancellationToken.None);
                    restored = true;
                }
                catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
                {
                    // Dropped below; the batch's own failure, if any, is what the caller sees.
                }
            // Never back into the pool unsynced or without its checkpoints: a later save on it would write a head the
            // disk may not hold.
            if (!restored) SqliteConnection.ClearPool(connection);
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed class NoScope : IAsyncDisposable
    {
        public static readonly NoScope Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
