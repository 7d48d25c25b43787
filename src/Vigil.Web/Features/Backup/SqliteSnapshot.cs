using Microsoft.Data.Sqlite;

namespace Vigil.Web.Features.Backup;

/// <summary>SQLite's online backup API: a page-by-page copy taken in one read transaction, so it is a consistent
/// snapshot however busy the running app is (WAL lets the writers go on meanwhile).</summary>
public static class SqliteSnapshot
{
    public static async Task<BackupManifest> TakeAsync(VigilDbContext model, string connectionString, string copyFile, DateTimeOffset now, CancellationToken ct)
    {
        await using (var source = new SqliteConnection(connectionString))
        await using (var copy = Open(copyFile))
        {
            await source.OpenAsync(ct);
            await copy.OpenAsync(ct);
            source.BackupDatabase(copy);
            // One self-contained file: no -wal beside it.
            await using var journal = copy.CreateCommand();
            journal.CommandText = "PRAGMA journal_mode=DELETE;";
            await journal.ExecuteNonQueryAsync(ct);
        }
        await using var census = Open(copyFile);
        await census.OpenAsync(ct);
        var (tables, sequence, hash) = await StoreCensus.TakeAsync(model, census, null, ct);
        return new BackupManifest(BackupManifest.CurrentFormat, "sqlite", now, tables, sequence, hash);
    }

    /// <summary>Copies the snapshot into the (empty) target store with the same API.</summary>
    public static async Task RestoreAsync(string snapshotFile, string targetConnectionString, CancellationToken ct)
    {
        var target = new SqliteConnectionStringBuilder(targetConnectionString).DataSource;
        SqliteConnection.ClearAllPools(); // no pooled handle may keep the old file alive under the new one
        foreach (var leftover in new[] { target, target + "-wal", target + "-shm" }) File.Delete(leftover);
        var dir = Path.GetDirectoryName(Path.GetFullPath(target));
        if (dir is not null) Directory.CreateDirectory(dir);
        await using var snapshot = Open(snapshotFile);
        await using var destination = Open(target);
        await snapshot.OpenAsync(ct);
        await destination.OpenAsync(ct);
        snapshot.BackupDatabase(destination);
    }

    private static SqliteConnection Open(string file) => new($"Data Source={file};Pooling=False");
}
