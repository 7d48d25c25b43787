using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vigil.Web.Cli;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Cli;

/// <summary>A store made by an earlier build is brought up to date by `vigil migrate`, which names what it applied
/// (ADR 1599): here a store as the build before DropCasesUpdatedAtIndex left it — the index present, the migration
/// absent from its history.</summary>
[Collection(Vigil.Web.Tests.Features.Linkage.ConsoleCollection.Name)]
public abstract class MigrateUpgradeTests : IAsyncLifetime
{
    private const string Dropped = "DropCasesUpdatedAtIndex";

    protected abstract string Db { get; }
    protected abstract DbConnection Connect();
    protected abstract string IndexCountSql { get; }

    public virtual Task InitializeAsync() => Task.CompletedTask;
    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AStoreFromTheBuildBefore_LosesTheIndex_AndTheVerbSaysSo()
    {
        Environment.SetEnvironmentVariable("VIGIL_AUDIT_KEY", Convert.ToBase64String(new byte[32]));
        try
        {
            Assert.Equal(VigilCli.Ok, await VigilCli.RunAsync(["migrate", "--db", Db]));
            Assert.Equal(0L, await ScalarAsync(IndexCountSql));
            await ScalarAsync($"""CREATE INDEX "IX_cases_UpdatedAt" ON cases ("UpdatedAt")""");
            await ScalarAsync($"""DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" LIKE '%{Dropped}'""");
            Assert.Equal(1L, await ScalarAsync(IndexCountSql));

            var upgrade = await MigrateAsync();
            Assert.Matches($@"^applied \d{{14}}_{Dropped}$", upgrade.Split('\n')[0].TrimEnd());
            Assert.Equal(0L, await ScalarAsync(IndexCountSql));
            Assert.DoesNotContain("applied", await MigrateAsync(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("VIGIL_AUDIT_KEY", null);
        }
    }

    private async Task<string> MigrateAsync()
    {
        var original = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        try { Assert.Equal(VigilCli.Ok, await VigilCli.RunAsync(["migrate", "--db", Db])); }
        finally { Console.SetOut(original); }
        return output.ToString();
    }

    private async Task<long?> ScalarAsync(string sql)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync() is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}

public sealed class MigrateUpgradeTests_Sqlite : MigrateUpgradeTests, IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("vigil-migrate-").FullName;

    protected override string Db => Path.Combine(dir, "vigil.db");
    protected override DbConnection Connect() => new SqliteConnection($"Data Source={Db};Pooling=false");
    protected override string IndexCountSql => "SELECT count(*) FROM sqlite_master WHERE name = 'IX_cases_UpdatedAt'";

    public void Dispose() => Directory.Delete(dir, recursive: true);
}

public sealed class MigrateUpgradeTests_Postgres : MigrateUpgradeTests
{
    private readonly string database = "vigil_migrate_" + Guid.NewGuid().ToString("N")[..12];

    protected override string Db => $"{PostgresServer.ConnectionString};Database={database}";
    protected override DbConnection Connect() => new NpgsqlConnection($"{Db};Pooling=false");
    protected override string IndexCountSql => "SELECT count(*) FROM pg_indexes WHERE indexname = 'IX_cases_UpdatedAt'";

    public override Task InitializeAsync() => PostgresServer.CreateDatabaseAsync(database);

    public override Task DisposeAsync() => PostgresServer.DropDatabaseAsync(database);
}
