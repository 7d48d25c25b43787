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
