using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Audit;
using Vigil.Web.Features.Import;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>SQLite imports checkpoint the WAL on a second connection, off the batch's commit (ADR 2062): while a batch
/// is held its commits leave the WAL growing, everything is copied into the database before the import counts as
/// stored, and the connection goes back to the pool with SQLite's automatic checkpoint as it was.</summary>
public sealed class WalCheckpointTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"vigil-wal-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task HeldBatchCommits_DoNotCheckpoint_AndFinishCopiesEverything()
    {
        await using var db = NewContext();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT);");
        var checkpoints = WalCheckpointer.For(db);
        Assert.NotNull(checkpoints);
        await using (checkpoints)
        {
            await checkpoints.HoldAsync(db, default);
            Assert.Equal(0L, await ScalarAsync(db, "PRAGMA wal_autocheckpoint;"));
            // 40 commits of ~200 KB: 8 MB of WAL, twice what SQLite's automatic checkpoint (1,000 pages) lets it reach.
            for (var i = 0; i < 40; i++)
                await db.Database.ExecuteSqlRawAsync(
                    "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 100) INSERT INTO t (body) SELECT hex(randomblob(1000)) FROM s;");
            Assert.True(new FileInfo(file + "-wal").Length > 6_000_000, $"WAL {new FileInfo(file + "-wal").Length} bytes: the held connection checkpointed");
            await checkpoints.ReleaseAsync(db);

            await checkpoints.FinishAsync(default);
        }
        await using var check = new SqliteConnection($"Data Source={file};Pooling=False");
        await check.OpenAsync();
        await using var command = check.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var (busy, log, copied) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        Assert.Equal(0, busy);
        Assert.True(log > 1000, $"{log} frames in the WAL");
        Assert.Equal(log, copied); // every frame was in the database file before this check
        await using var again = NewContext();
        Assert.Equal(1000L, await ScalarAsync(again, "PRAGMA wal_autocheckpoint;")); // the pooled connection as it was
        Assert.Equal(4000L, await ScalarAsync(again, "SELECT count(*) FROM t;"));
    }

    [Fact]
    public void NotSqlite_HasNoCheckpointer()
    {
        using var db = new VigilDbContext(new DbContextOptionsBuilder<VigilDbContext>().UseNpgsql("Host=127.0.0.1").Options, new FixedAuditActor("test"));
        Assert.Null(WalCheckpointer.For(db));
    }

    private VigilDbContext NewContext() =>
        new(new DbContextOptionsBuilder<VigilDbContext>().UseSqlite($"Data Source={file}").Options, new FixedAuditActor("test"));

    private static async Task<long> ScalarAsync(VigilDbContext db, string sql)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
    }
}
