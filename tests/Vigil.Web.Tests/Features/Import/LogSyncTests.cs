using Microsoft.Data.Sqlite;
using Vigil.Data.Audit;
using Vigil.Data.Bulk;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>The end of a SQLite import (ADR 1611): the log is synced before the head file names the batches' entries,
/// and a sync that fails leaves the head where it was. The sync itself is replaced here to see when it runs and to fail
/// it; <see cref="UnsyncedBatchesTests"/> runs the real one through an import.</summary>
public sealed class LogSyncTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("vigil-logsync-").FullName;
    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "store.db"), Pooling = false }.ToString();
    private AuditHeadFile HeadFile => new(Path.Combine(folder, "store.db.audit.head"));

    public async Task InitializeAsync()
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);";
        await command.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TheNewestHeldHead_IsWrittenOnlyOnceTheLogIsSynced()
    {
        var syncs = new List<(string Path, long? HeadThen)>();
        var checkpoints = await BackgroundCheckpoints.StartAsync(ConnectionString, BackgroundCheckpoints.MostWalFrames, default,
            HeadFile, path => syncs.Add((path, HeadFile.Read()?.Count)));
        checkpoints.Held.Hold(new AuditHead(5, "h5", "key"));
        checkpoints.Held.Hold(new AuditHead(3, "h3", "key")); // an older head never replaces a newer one

        await checkpoints.FinishAsync(default);
        await checkpoints.DisposeAsync();

        var sync = Assert.Single(syncs);
        Assert.Equal(Path.Combine(folder, "store.db") + "-wal", sync.Path);
        Assert.Null(sync.HeadThen);
        Assert.Equal((5L, "h5"), (HeadFile.Read()!.Count, HeadFile.Read()!.Hash));
        Assert.Null(checkpoints.Held.Newest);
    }

    [Fact]
    public async Task ASyncThatFails_FailsTheImportsEnd_AndTheHeadStaysWhereItWas()
    {
        HeadFile.Advance(new AuditHead(2, "h2", "key"));
        var checkpoints = await BackgroundCheckpoints.StartAsync(ConnectionString, BackgroundCheckpoints.MostWalFrames, default,
            HeadFile, _ => throw new IOException("fsync failed"));
        checkpoints.Held.Hold(new AuditHead(7, "h7", "key"));

        await Assert.ThrowsAsync<IOException>(() => checkpoints.FinishAsync(default));
        await checkpoints.DisposeAsync(); // tries again, fails again, and does not hide the import's own failure

        Assert.Equal(2L, HeadFile.Read()!.Count);
    }

    [Fact]
    public async Task AnImportThatEndsWithoutFinishing_StillSyncsAndWritesItsHeldHead()
    {
        var synced = 0;
        var checkpoints = await BackgroundCheckpoints.StartAsync(ConnectionString, BackgroundCheckpoints.MostWalFrames, default,
            HeadFile, _ => synced++);
        checkpoints.Held.Hold(new AuditHead(4, "h4", "key"));

        await checkpoints.DisposeAsync();

        Assert.Equal(1, synced);
        Assert.Equal(4L, HeadFile.Read()!.Count);
    }
}
