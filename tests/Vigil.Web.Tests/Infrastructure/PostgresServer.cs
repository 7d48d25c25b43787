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

    /// <summary>FORCE ends the database's sessions. No NpgsqlConnection.ClearAllPools() here or anywhere in the suite: it
    /// closes the idle connections of every test running in parallel, and SessionPoolTests (which must be handed the same
    /// backend twice) failed twice that way (rounds 35 and 36). A pool of a dropped database is never asked again.</summary>
    public static async Task DropDatabaseAsync(string name)
    {
        await using var conn = new NpgsqlConnection($"{ConnectionString};Database=postgres");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
