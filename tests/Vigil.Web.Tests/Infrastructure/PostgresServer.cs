using Npgsql;

namespace Vigil.Web.Tests.Infrastructure;

/// <summary>The PostgreSQL server started by ./test.sh. Without it the PostgreSQL tests fail, loudly: a suite that
/// skipped its production store would pass while proving nothing about it.</summary>
public static class PostgresServer
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("VIGIL_TEST_PG") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException("VIGIL_TEST_PG is not set: run the tests with ./test.sh, which starts PostgreSQL.");

    public static async Task CreateDatabaseAsync(string name)
    {
        await using var conn = new NpgsqlConnection($"{ConnectionString};Database=postgres");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection($"{ConnectionString};Database=postgres");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
