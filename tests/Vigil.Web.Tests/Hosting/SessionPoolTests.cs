using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Linkage.Outbox;
using Vigil.Web.Tests.Features.Linkage;
using Vigil.Web.Tests.Features.Linkage.Outbox;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>ADR 2221: on PostgreSQL the pool that requests (and everything else) use skips Npgsql's reset when a
/// connection is given back; the two session locks (the linkage worker's lease, the migrator's turn) are taken on a
/// separate pool that keeps it. Pooled connections here, on purpose: the reset is what is under test.</summary>
public sealed class SessionPoolTests
{
    /// <summary>The lease held in this test's database: advisory keys are per database, and other tests' workers hold
    /// the same key in theirs while this runs.</summary>
    private const string LeaseHeld = "SELECT count(*)::int AS \"Value\" FROM pg_locks WHERE locktype = 'advisory' AND granted " +
        "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) " +
        "AND classid = ({0} >> 32)::oid AND objid = ({0} & 4294967295)::oid";

    [Fact]
    public async Task TheRequestsPool_SkipsTheReset_AndTheSessionPool_KeepsIt()
    {
        await using var store = await SharedStore.CreateAsync("postgres");
        await using var services = FreshPools(store);
        // A session setting made on a connection, then looked for by the next taker of the same backend.
        var (requestPid, requestKept) = await SettingSurvivesAsync(services, sessionPool: false);
        var (sessionPid, sessionKept) = await SettingSurvivesAsync(services, sessionPool: true);
        Assert.True(requestKept, "the ordinary pool gives its connections back without the reset");
        Assert.False(sessionKept, "the session pool resets its connections");
        Assert.NotEqual(requestPid, sessionPid); // two pools, two backends
    }

    [Fact]
    public async Task TheLease_IsRefusedOnAConnectionItsPoolWillNotReset()
    {
        await using var store = await SharedStore.CreateAsync("postgres");
        await using var services = FreshPools(store);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        await db.Database.OpenConnectionAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => StoreLocks.TryLinkageWorkerAsync(db, default));
        Assert.Equal(0, await CountAsync(db, string.Format(System.Globalization.CultureInfo.InvariantCulture, LeaseHeld, StoreLocks.LinkageWorkerKey)));
    }

    [Fact]
    public async Task ALeaseNeverGivenBack_IsGoneWhenItsConnectionIsTakenAgain_AndNoRequestConnectionEverHoldsIt()
    {
        await using var store = await SharedStore.CreateAsync("postgres");
        await using var services = FreshPools(store);
        var leaseHeld = string.Format(System.Globalization.CultureInfo.InvariantCulture, LeaseHeld, StoreLocks.LinkageWorkerKey);
        int leasePid;
        await using (var scope = services.CreateAsyncScope())
        {
            // A worker whose give-back failed: the connection goes back to its pool still holding the lease.
            var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
            StoreLocks.UseSessionPool(db);
            await db.Database.OpenConnectionAsync();
            Assert.True(await StoreLocks.TryLinkageWorkerAsync(db, default));
            leasePid = await PidAsync(db);
        }
        // Requests meanwhile: none is handed that backend, so none holds the lease or can give it away.
        for (var i = 0; i < 5; i++)
            await InRequestAsync(services, async db =>
            {
                Assert.NotEqual(leasePid, await PidAsync(db));
                Assert.Equal(0, await CountAsync(db, "SELECT count(*)::int AS \"Value\" FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"));
            });
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
            StoreLocks.UseSessionPool(db);
            await db.Database.OpenConnectionAsync();
            Assert.Equal(leasePid, await PidAsync(db)); // the same backend, taken again: reset first
            Assert.Equal(0, await CountAsync(db, leaseHeld));
        }
    }

    [Fact]
    public async Task AfterTheWorkerDrains_NoConnectionHoldsTheLease_AndItsWorkWasOnTheSessionPool()
    {
        await using var store = await SharedStore.CreateAsync("postgres");
        var ivy = await store.CreateUserAsync(Roles.Investigator, "pool-team");
        await using var services = FreshPools(store);
        var finder = LinkageSamples.UniqueFinder();
        var records = Enumerable.Range(0, 3).Select(i => LinkageSamples.Victim(finder, i * 21, $"Pool Victim {i}")).ToArray();
        await services.GetRequiredService<ImportService>().ImportAsync(LinkageOutboxTests.Lines(records),
            new ImportOptions(ivy.TeamId, "pool", WaitForLinkage: false), null, default);
        Assert.True(await services.GetRequiredService<LinkageWorker>().DrainAsync(default));
        await InRequestAsync(services, async db =>
        {
            Assert.Equal(0, await CountAsync(db, string.Format(System.Globalization.CultureInfo.InvariantCulture, LeaseHeld, StoreLocks.LinkageWorkerKey)));
            Assert.Equal(0, await CountAsync(db, "SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() " +
                "AND application_name NOT LIKE '% session' AND pid <> pg_backend_pid() AND backend_type = 'client backend' " +
                "AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory')"));
        });
    }

    [Fact]
    public async Task ARequestConnectionTakenAgain_CarriesNoTransactionNorLockOfThePreviousRequest()
    {
        await using var store = await SharedStore.CreateAsync("postgres");
        await using var services = FreshPools(store);
        var pid = 0;
        // A request that takes transaction locks (the people register, the audit chain) and ends without committing.
        await InRequestAsync(services, async db =>
        {
            pid = await PidAsync(db);
            await db.Database.BeginTransactionAsync();
            await StoreLocks.PeopleRegisterAsync(db, default);
            await Vigil.Data.Audit.AuditChainLock.AcquireAsync(db, default);
            Assert.True(await CountAsync(db, "SELECT txid_current()::int AS \"Value\"") > 0); // the transaction has an id
            Assert.True(await CountAsync(db, "SELECT count(*)::int AS \"Value\" FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()") >= 2);
        });
        await InRequestAsync(services, async db =>
        {
            Assert.Equal(pid, await PidAsync(db)); // the same backend, given back without the reset
            Assert.Equal(0, await CountAsync(db, "SELECT count(*)::int AS \"Value\" FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"));
            // No transaction left open from the previous request: this statement runs in a fresh one, with no id yet.
            Assert.Equal(1, await CountAsync(db, "SELECT (txid_current_if_assigned() IS NULL)::int AS \"Value\""));
        });
    }

    /// <summary>Whether a session setting survives to the next taker of the same backend. The precondition is that the pool
    /// hands the one connection back; in one full-suite run (round 30) the next taker got a new backend instead, so a round
    /// whose backends differ says nothing about the reset and is tried again (up to five times).</summary>
    private static async Task<(int Pid, bool Kept)> SettingSurvivesAsync(ServiceProvider services, bool sessionPool)
    {
        var pids = new List<(int Set, int Read)>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var (set, read, kept) = await SettingRoundAsync(services, sessionPool);
            if (set == read) return (set, kept);
            pids.Add((set, read));
        }
        Assert.Fail($"the pool never handed the same backend back: {string.Join(", ", pids)}");
        return default;
    }

    private static async Task<(int SetOn, int ReadOn, bool Kept)> SettingRoundAsync(ServiceProvider services, bool sessionPool)
    {
        int pid;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
            if (sessionPool) StoreLocks.UseSessionPool(db);
            await db.Database.OpenConnectionAsync();
            pid = await PidAsync(db);
            await db.Database.ExecuteSqlRawAsync("SELECT set_config('vigil.pool_test', 'left', false)");
        }
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
            if (sessionPool) StoreLocks.UseSessionPool(db);
            await db.Database.OpenConnectionAsync();
            return (pid, await PidAsync(db), await CountAsync(db, "SELECT (coalesce(current_setting('vigil.pool_test', true), '') = 'left')::int AS \"Value\"") == 1);
        }
    }

    /// <summary>The store's services on pools of their own (a distinct Application Name): no connection the setup
    /// (migration, users) left idle in them, so a pool taken again sequentially hands back its one connection.</summary>
    private static ServiceProvider FreshPools(SharedStore store) => Vigil.Web.Cli.CliServices.Build(
        new Dictionary<string, string?>(store.Settings) { ["Vigil:Database"] = $"{store.Database};Application Name=pool-{Guid.NewGuid():N}" });

    /// <summary>Runs <paramref name="work"/> on the context of a request scope (ADR 2031's kept connection).</summary>
    private static async Task InRequestAsync(ServiceProvider services, Func<VigilDbContext, Task> work)
    {
        var accessor = services.GetRequiredService<IHttpContextAccessor>();
        await using var scope = services.CreateAsyncScope();
        accessor.HttpContext = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        try { await work(scope.ServiceProvider.GetRequiredService<VigilDbContext>()); }
        finally { accessor.HttpContext = null; }
    }

    private static Task<int> PidAsync(VigilDbContext db) =>
        CountAsync(db, "SELECT pg_backend_pid() AS \"Value\"");

    private static Task<int> CountAsync(VigilDbContext db, string sql) =>
        db.Database.SqlQueryRaw<int>(sql).SingleAsync();
}
