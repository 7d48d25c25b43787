using Npgsql;
using Vigil.Web.Features.Backup;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Backup;

/// <summary>pg_restore builds every index after the data: its session gets at least 512 MB of maintenance_work_mem
/// (ADR 1614), and a server or database set higher keeps its own.</summary>
public sealed class RestoreIndexMemoryTests
{
    [Fact]
    public async Task TheRestoresSession_GetsAtLeast512MB_AndNeverLessThanTheDatabaseIsSetTo()
    {
        await using var store = await SharedStore.CreateAsync("postgres");
        var settled = await ServerSettingAsync(store.Database);
        Assert.Equal($"-c maintenance_work_mem={Math.Max(settled, PostgresSnapshot.RestoreIndexMemoryKilobytes)}kB",
            await PostgresSnapshot.IndexBuildMemoryAsync(store.Database, default));

        var database = new NpgsqlConnectionStringBuilder(store.Database).Database;
        await using (var connection = new NpgsqlConnection(store.Database))
        {
            await connection.OpenAsync();
            await using var alter = new NpgsqlCommand($"ALTER DATABASE \"{database}\" SET maintenance_work_mem = '1GB'", connection);
            await alter.ExecuteNonQueryAsync();
            NpgsqlConnection.ClearPool(connection); // a database's setting reaches new sessions only (this pool's, not every test's)
        }
        Assert.Equal("-c maintenance_work_mem=1048576kB", await PostgresSnapshot.IndexBuildMemoryAsync(store.Database, default));
    }

    private static async Task<long> ServerSettingAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT setting::bigint FROM pg_settings WHERE name = 'maintenance_work_mem'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
