using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Web.Cli;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Outbox;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>Issue 13's third fault drill (ADR 1492, 3151): the node holding the linkage worker's lease dies in the middle
/// of the queue. Its death is what PostgreSQL sees of it — its session ends (pg_terminate_backend on the backend that
/// holds the lease) — and another node's worker must take the lease and compare the rest, every row once.</summary>
public sealed class LinkageWorkerKillTests
{
    private const int BatchSize = 6;

    [Fact]
    public async Task TheLeaseHolderKilledMidDrain_AnotherNodeTakesTheLease_AndEveryRowIsDoneOnce()
    {
        await using var store = await SharedStore.CreateAsync("postgres");
        await OutboxLedger.InstallAsync(store.Database);
        var ivy = await store.CreateUserAsync(Roles.Investigator, "kill-team");
        // The seam: A's second batch stops once it has marked its rows done, before it commits.
        var pause = new CommandPause(sql => sql.Contains("UPDATE linkage_outbox", StringComparison.Ordinal)
            && sql.Contains("SET \"DoneAt\"", StringComparison.Ordinal), occurrence: 2);
        await using var a = CliServices.Build(Node(store, "node-a"), s => s.AddSingleton<IInterceptor>(pause));
        await using var b = CliServices.Build(Node(store, "node-b"));
        var records = LinkageWorkerLeaseTests.SeriesApart(6); // three batches
        await LinkageWorkerLeaseTests.ImportQueuedAsync(a, ivy.TeamId, records);

        // A drains: its first batch commits; its second has written its alerts and marked its rows done, inside its
        // transaction, when it stops at the seam before committing and its process "dies".
        var drainA = Task.Run(() => a.GetRequiredService<LinkageWorker>().DrainAsync(default));
        await pause.Reached.WaitAsync(TimeSpan.FromMinutes(4));
        Assert.Equal("node-a " + VigilDatabase.SessionPoolName, await KillLeaseHolderAsync(store.Database));

        Assert.True(await b.GetRequiredService<LinkageWorker>().DrainAsync(default), "node B took the lease once A's session ended");
        Assert.Equal(0, await LinkageWorkerLeaseTests.PendingAsync(b));

        // A's worker, let go, finds its session gone: its batch was never committed, and it cannot commit it now.
        pause.Release();
        var died = await Assert.ThrowsAnyAsync<Exception>(() => drainA.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Contains(Chain(died), e => e is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown });

        // Every row done once, in one committed transaction: A's first batch, and B's the rest — A's killed batch included.
        var ledger = await OutboxLedger.ReadAsync(store.Database);
        var rows = await OutboxLedger.RowsAsync(store.Database);
        Assert.Equal(records.Length, rows.Count);
        Assert.Equal(rows.Order(), ledger.Select(l => l.Row).Order());
        Assert.Equal(BatchSize, ledger.Count(l => l.DoneBy.StartsWith("node-a", StringComparison.Ordinal)));
        Assert.Equal(records.Length - BatchSize, ledger.Count(l => l.DoneBy.StartsWith("node-b", StringComparison.Ordinal)));

        // One set of alerts: each series of three raised its pair and its candidate series once (ADR 1231), and no death
        // was proposed to two candidate series.
        Assert.Equal(6 * 2, await LinkageWorkerLeaseTests.CandidatesAsync(b));
        await using var scope = b.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        Assert.Empty(await db.SeriesMembers().GroupBy(m => m.CaseId).Where(g => g.Count() > 1).Select(g => g.Key).ToListAsync());
        Assert.Equal(0, await db.Outbox().CountAsync(o => o.Attempts > 0));
    }

    private static IEnumerable<Exception> Chain(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException) yield return ex;
    }

    /// <summary>The store's settings as one node's: its sessions named after it (so PostgreSQL tells the two apart), and
    /// small batches so the queue takes several.</summary>
    private static Dictionary<string, string?> Node(SharedStore store, string name) => new(store.Settings)
    {
        ["Vigil:Database"] = $"{store.Database};Application Name={name}",
        ["Vigil:Linkage:WorkerBatchSize"] = BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Ends the backend that holds the linkage worker's lease, as PostgreSQL ends a session whose process died,
    /// and returns its Application Name. A bigint advisory key shows in pg_locks as classid (high 32 bits) and objid
    /// (low 32 bits), objsubid 1. pg_terminate_backend's timeout makes it wait until the backend has gone, lock and all.</summary>
    private static async Task<string> KillLeaseHolderAsync(string database)
    {
        const string holder = """
            SELECT a.pid, a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid = @high::oid AND l.objid = @low::oid
            """;
        await using var connection = new NpgsqlConnection(database + ";Pooling=false");
        await connection.OpenAsync();
        int pid;
        string name;
        await using (var find = new NpgsqlCommand(holder, connection))
        {
            find.Parameters.AddWithValue("high", StoreLocks.LinkageWorkerKey >> 32);
            find.Parameters.AddWithValue("low", StoreLocks.LinkageWorkerKey & 0xFFFF_FFFF);
            await using var reader = await find.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), "a session holds the linkage worker's lease");
            (pid, name) = (reader.GetInt32(0), reader.GetString(1));
            Assert.False(await reader.ReadAsync(), "one session holds the lease");
        }
        await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid, 60000)", connection);
        kill.Parameters.AddWithValue("pid", pid);
        Assert.True((bool)(await kill.ExecuteScalarAsync())!, "the lease holder's backend ended");
        return name;
    }
}
