using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Vigil.Web.Features.Import;

/// <summary>SQLite only (ADR 2062): an import's batches commit without checkpointing the WAL themselves; a second
/// connection checkpoints each committed batch while the next one is staged, and once more before the import counts
/// as stored. Commits still sync the WAL (synchronous=FULL, unchanged): only where the copy into the database file
/// runs moves, off the import thread. Other connections keep SQLite's automatic checkpoint.</summary>
public sealed class WalCheckpointer : IAsyncDisposable
{
    private readonly string connectionString;
    private readonly SemaphoreSlim requested = new(0, 1);
    private readonly Task loop;
    private volatile bool stopping;
    private long previousAutocheckpoint = -1;

    private WalCheckpointer(string connectionString)
    {
        this.connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        loop = Task.Run(LoopAsync);
    }

    /// <summary>A checkpointer for this context's store, or null when it is not SQLite (PostgreSQL has no WAL to copy).</summary>
    public static WalCheckpointer? For(VigilDbContext db) =>
        db.Database.IsSqlite() && db.Database.GetConnectionString() is { Length: > 0 } cs ? new WalCheckpointer(cs) : null;

    /// <summary>Opens the context's connection for one batch with its automatic checkpoint off.</summary>
    public async Task HoldAsync(VigilDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        previousAutocheckpoint = Convert.ToInt64(await ScalarAsync(connection, "PRAGMA wal_autocheckpoint;", ct), CultureInfo.InvariantCulture);
        await ScalarAsync(connection, "PRAGMA wal_autocheckpoint=0;", ct);
    }

    /// <summary>Gives the connection back (to the pool) as it was, and asks for a checkpoint of what was committed.</summary>
    public async Task ReleaseAsync(VigilDbContext db)
    {
        try
        {
            if (previousAutocheckpoint >= 0)
                await ScalarAsync(db.Database.GetDbConnection(), string.Create(CultureInfo.InvariantCulture, $"PRAGMA wal_autocheckpoint={previousAutocheckpoint};"), CancellationToken.None);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        if (requested.CurrentCount == 0)
        {
            try { requested.Release(); }
            catch (SemaphoreFullException) { /* a checkpoint is already asked for; it will include this batch */ }
        }
    }

    /// <summary>Waits for the background checkpoint and copies whatever is left: the import counts as stored only then.</summary>
    public async Task FinishAsync(CancellationToken ct)
    {
        stopping = true;
        try { requested.Release(); }
        catch (SemaphoreFullException) { /* already signalled */ }
        await loop.WaitAsync(ct);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await CheckpointAsync(connection, ct);
    }

    public async ValueTask DisposeAsync()
    {
        stopping = true;
        try { requested.Release(); }
        catch (SemaphoreFullException) { /* already signalled */ }
        try { await loop; }
        catch (Exception) { /* a failed background checkpoint leaves the WAL to SQLite's next automatic one */ }
        requested.Dispose();
    }

    private async Task LoopAsync()
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        while (true)
        {
            await requested.WaitAsync();
            if (stopping) return;
            using (Vigil.Data.Diagnostics.StageClock.Measure("background WAL checkpoint")) await CheckpointAsync(connection, CancellationToken.None);
        }
    }

    /// <summary>PASSIVE: copies what no reader still needs, never waits for readers or the writer. The batches are
    /// committed already: a checkpoint that fails leaves the WAL to SQLite's next automatic one, and fails no import.</summary>
    private static async Task CheckpointAsync(DbConnection connection, CancellationToken ct)
    {
        try { await ScalarAsync(connection, "PRAGMA wal_checkpoint(PASSIVE);", ct); }
        catch (SqliteException) { /* see above */ }
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }
}
