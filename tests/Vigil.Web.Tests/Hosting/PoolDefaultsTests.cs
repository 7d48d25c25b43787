using Npgsql;
using Vigil.Data;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>ADR 1600: a node's PostgreSQL pool keeps <see cref="VigilDatabase.WarmConnections"/> connections when idle, so
/// Npgsql's pruning (the median idle count, every Connection Idle Lifetime) cannot close the whole pool under steady load
/// and make the next second's requests all open backends at once. A connection string that sets its own size keeps it.
/// Kept alone from when other tests' database drops cleared every pool in the process (they no longer do, round 36).</summary>
[Collection(Features.Linkage.ConsoleCollection.Name)]
public sealed class PoolDefaultsTests
{
    [Theory]
    [InlineData("Host=db", VigilDatabase.WarmConnections)]
    [InlineData("Host=db;Minimum Pool Size=2", 2)]
    [InlineData("Host=db;Minimum Pool Size=0", 0)]
    [InlineData("Host=db;MinPoolSize=3", 3)]
    public void TheWarmPool_IsTheDefault_UnlessTheStringSetsItsOwn(string connection, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(VigilDatabase.WithPoolDefaults(connection)).MinPoolSize);

    [Fact]
    public async Task PruningAnIdlePool_StopsAtTheWarmConnections()
    {
        await using var store = await SharedStore.CreateAsync("postgres");
        var name = $"warm-{Guid.NewGuid():N}"[..20];
        // Npgsql's own clock shortened from 300 s / 10 s so a whole pruning round fits in the test.
        var pooled = VigilDatabase.WithPoolDefaults($"{store.Database};Application Name={name};Connection Idle Lifetime=2;Connection Pruning Interval=1");
        const int opened = VigilDatabase.WarmConnections + 4;
        var connections = new List<NpgsqlConnection>();
        for (var i = 0; i < opened; i++)
        {
            var c = new NpgsqlConnection(pooled);
            await c.OpenAsync();
            connections.Add(c);
        }
        Assert.Equal(opened, await BackendsAsync(store.Database, name));
        foreach (var c in connections) await c.DisposeAsync(); // back to the pool, all idle

        // Every idle sample counts them all: a pool without a minimum closes every one of them.
        // A bound, not a measure: Npgsql's pruning timer (1 s) and the backends' exit can lag far behind on a loaded machine.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        int left;
        do
        {
            await Task.Delay(500);
            left = await BackendsAsync(store.Database, name);
        }
        while (left > VigilDatabase.WarmConnections && DateTime.UtcNow < deadline);
        await Task.Delay(2_500); // another round: it must not go on below the minimum
        Assert.Equal(VigilDatabase.WarmConnections, await BackendsAsync(store.Database, name));
    }

    /// <summary>Round 41's review: a node whose host is powered off closes no socket, and PostgreSQL kept its session and
    /// the audit chain's lock for Linux's keepalive default, 2 h 11 min, while every node's audited request waited.</summary>
    [Fact]
    public async Task EverySession_AsksForKeepalives_AndALimitOnIdlingInATransaction()
    {
        await using var store = await SharedStore.CreateAsync("postgres");
        await using var c = new NpgsqlConnection(VigilDatabase.WithPoolDefaults($"{store.Database};Pooling=false"));
        await c.OpenAsync();
        Assert.Equal("30", await ShowAsync(c, "tcp_keepalives_idle"));
        Assert.Equal("10", await ShowAsync(c, "tcp_keepalives_interval"));
        Assert.Equal("3", await ShowAsync(c, "tcp_keepalives_count"));
        Assert.Equal("5min", await ShowAsync(c, "idle_in_transaction_session_timeout"));
        await using var session = new NpgsqlConnection(VigilDatabase.SessionPool(store.Database));
        await session.OpenAsync();
        Assert.Equal("30", await ShowAsync(session, "tcp_keepalives_idle"));
    }

    [Theory]
    [InlineData(null, "-c tcp_keepalives_idle=30 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3 -c idle_in_transaction_session_timeout=300000")]
    [InlineData("-c search_path=vigil -c tcp_keepalives_idle=5", "-c search_path=vigil -c tcp_keepalives_idle=5 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3 -c idle_in_transaction_session_timeout=300000")]
    public void ASettingTheStringNames_IsKept(string? own, string expected) => Assert.Equal(expected, VigilDatabase.WithSessionGuards(own));

    /// <summary>PostgreSQL reads a setting's name in any case and with dashes for underscores, and the last of two wins: a
    /// string's own setting spelled so was overridden by the default appended after it.</summary>
    [Theory]
    [InlineData("-c TCP_KEEPALIVES_IDLE=5", "tcp_keepalives_idle")]
    [InlineData("--idle-in-transaction-session-timeout=0", "idle_in_transaction_session_timeout")]
    [InlineData("-c tcp-keepalives-count=9", "tcp_keepalives_count")]
    public void ASettingTheStringNames_InAnySpelling_IsKept(string own, string setting)
    {
        var options = VigilDatabase.WithSessionGuards(own);
        Assert.StartsWith(own, options, StringComparison.Ordinal);
        Assert.DoesNotContain($"-c {setting}=", options, StringComparison.Ordinal);
    }

    /// <summary>Npgsql sends PGOPTIONS only when the string names no Options: appending the guards to a string without
    /// them silently dropped the operator's PGOPTIONS (a statement timeout, a search path) from every session.</summary>
    [Fact]
    public void TheEnvironmentsOptions_AreKept_WhenTheStringHasNone()
    {
        var before = Environment.GetEnvironmentVariable("PGOPTIONS");
        try
        {
            Environment.SetEnvironmentVariable("PGOPTIONS", "-c statement_timeout=123456 -c tcp_keepalives_idle=7");
            var options = new NpgsqlConnectionStringBuilder(VigilDatabase.WithPoolDefaults("Host=db")).Options;
            Assert.Equal("-c statement_timeout=123456 -c tcp_keepalives_idle=7 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3 -c idle_in_transaction_session_timeout=300000", options);
            Assert.Equal("-c search_path=x -c tcp_keepalives_idle=30 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3 -c idle_in_transaction_session_timeout=300000",
                new NpgsqlConnectionStringBuilder(VigilDatabase.WithPoolDefaults("Host=db;Options=-c search_path=x")).Options);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PGOPTIONS", before);
        }
    }

    /// <summary>The audit chain's lock held by a session that has gone quiet inside its transaction is let go once the
    /// limit passes (here shortened to 1 s through the string's own Options), and the next save can take it.</summary>
    [Fact]
    public async Task TheChainLock_OfASessionIdleInItsTransaction_IsLetGo()
    {
        await using var store = await SharedStore.CreateAsync("postgres");
        await using var silent = new NpgsqlConnection(VigilDatabase.WithPoolDefaults($"{store.Database};Pooling=false;Options=-c idle_in_transaction_session_timeout=1000"));
        await silent.OpenAsync();
        await using var tx = await silent.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({Vigil.Data.Audit.AuditChainLock.PostgresLockKey})", silent, tx))
            await take.ExecuteNonQueryAsync();

        await using var next = new NpgsqlConnection($"{store.Database};Pooling=false");
        await next.OpenAsync();
        Assert.False(await TryChainLockAsync(next)); // held while its session lives
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var taken = false;
        while (!taken && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            taken = await TryChainLockAsync(next);
        }
        Assert.True(taken, "the chain lock was still held 60 s after its session went quiet");
        await Assert.ThrowsAnyAsync<Exception>(async () => await tx.CommitAsync()); // that session is gone
    }

    private static async Task<bool> TryChainLockAsync(NpgsqlConnection c)
    {
        await using var cmd = new NpgsqlCommand($"SELECT pg_try_advisory_lock({Vigil.Data.Audit.AuditChainLock.PostgresLockKey})", c);
        var taken = (bool)(await cmd.ExecuteScalarAsync())!;
        if (taken)
            await using (var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({Vigil.Data.Audit.AuditChainLock.PostgresLockKey})", c))
                await unlock.ExecuteNonQueryAsync();
        return taken;
    }

    private static async Task<string> ShowAsync(NpgsqlConnection c, string setting)
    {
        await using var cmd = new NpgsqlCommand($"SHOW {setting}", c);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<int> BackendsAsync(string database, string applicationName)
    {
        // Unpooled: this connection must not be one of those counted, nor stay behind.
        await using var c = new NpgsqlConnection($"{database};Pooling=false");
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*)::int FROM pg_stat_activity WHERE application_name = $1", c);
        cmd.Parameters.AddWithValue(applicationName);
        return (int)(await cmd.ExecuteScalarAsync())!;
    }
}
