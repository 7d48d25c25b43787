using Microsoft.Data.Sqlite;
using Vigil.Data.Bulk;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>An import's checkpoints run beside its batches (ADR 2552), but the log is bounded (ADR 1610): once it holds
/// the bound, a batch waits for a complete checkpoint so the next one writes the log from its start again. A store of
/// its own, so the log's size is this test's alone.</summary>
public sealed class BoundedWalTests : IAsyncLifetime
{
    private const int PageBytes = 4096;
    private const int PagesABatch = 60;
    private readonly string folder = Directory.CreateTempSubdirectory("vigil-wal-").FullName;
    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "wal.db"), Pooling = false }.ToString();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task OnceTheLogHoldsItsBound_ABatchWaitsForACompleteCheckpoint_AndTheLogStartsAgain()
    {
        const long bound = 4 * PagesABatch;
        await using var writer = new SqliteConnection(ConnectionString);
        await writer.OpenAsync();
        await ExecuteAsync(writer, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (b BLOB NOT NULL);");
        // A reader keeps its snapshot through the first twenty batches (an officer's page on a busy node), so no
        // checkpoint can copy past it and the log grows past its bound whatever the checkpoints' timing.
        await using var reader = new SqliteConnection(ConnectionString);
        await reader.OpenAsync();
        var snapshot = reader.BeginTransaction(deferred: true);
        Assert.Equal(0L, await ScalarAsync(reader, "SELECT count(*) FROM t"));
        await using var checkpoints = await BackgroundCheckpoints.StartAsync(ConnectionString, bound, default);
        for (var batch = 0; batch < 40; batch++)
        {
            if (batch == 20) snapshot.Dispose();
            await using (var tx = await writer.BeginTransactionAsync())
            {
                await using var insert = writer.CreateCommand();
                insert.CommandText = "INSERT INTO t (b) VALUES (randomblob(@bytes))";
                insert.Parameters.AddWithValue("@bytes", PagesABatch * PageBytes);
                await insert.ExecuteNonQueryAsync();
                await tx.CommitAsync();
            }
            await checkpoints.AfterCommitAsync(default);
            // A test's batches take a millisecond, an import's a third of a second: each checkpoint beside them ends
            // before the next, as an import's would, whenever the thread pool gets round to it.
            await checkpoints.Running;
        }
        await checkpoints.FinishAsync(default);

        Assert.True(checkpoints.WaitsForACompleteCheckpoint > 0, "no batch waited for a complete checkpoint");
        // Once the reader left, a complete checkpoint let a batch write the log from its start: it holds the bound and
        // a few batches at most (the count a checkpoint reports lags while the next batches commit beside it), not
        // the 40 batches' 2,400 pages and more it would hold had it never started again.
        long frames;
        await using (var command = writer.CreateCommand())
        {
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)"; // busy, frames in the log, frames copied
            await using var result = await command.ExecuteReaderAsync();
            Assert.True(await result.ReadAsync());
            frames = result.GetInt64(1);
        }
        Assert.InRange(frames, 0, bound + 6 * (PagesABatch + 2));
        Assert.Equal(40L, await ScalarAsync(writer, "SELECT count(*) FROM t"));
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
