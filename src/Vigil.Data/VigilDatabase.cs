
namespace Vigil.Data;

public enum StoreKind { Sqlite, Postgres }

/// <summary>One connection setting (VIGIL_DB / --db) chooses the store: a PostgreSQL connection string
/// ("Host=..." or a postgres:// URL) or anything else as an SQLite file path or "Data Source=..." string.</summary>
public static class VigilDatabase
{
    public const string SqliteMigrations = "Vigil.Migrations.Sqlite";
    public const string PostgresMigrations = "Vigil.Migrations.Postgres";

    public static StoreKind KindOf(string connection) =>
        connection.StartsWith("Host=", StringComparison.OrdinalIgnoreCase)
        || connection.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || connection.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || connection.Contains("Host=", StringComparison.OrdinalIgnoreCase)
            ? StoreKind.Postgres : StoreKind.Sqlite;

    public static string Normalise(string connection) => KindOf(connection) switch
    {
        StoreKind.Postgres when connection.Contains("://", StringComparison.Ordinal) => FromUrl(new Uri(connection)),
        StoreKind.Sqlite when !connection.Contains('=', StringComparison.Ordinal) => $"Data Source={connection};Pooling=True",
        _ => connection,
    };

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connection)
    {
        var normalised = Normalise(connection);
        return KindOf(connection) == StoreKind.Postgres
            ? options.UseNpgsql(WithConnectTimeout(normalised), o => o.MigrationsAssembly(PostgresMigrations))
            : options.UseSqlite(normalised, o => o.MigrationsAssembly(SqliteMigrations).CommandTimeout(60)).AddInterceptors(SqlitePageCache.Instance);
    }

    /// <summary>A node whose database has gone answers 503 within seconds rather than holding requests for
    /// Npgsql's default 15 s connect timeout; a connection string that sets its own Timeout keeps it.</summary>
    private static string WithConnectTimeout(string connection)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        if (!HasConnectTimeout(connection)) builder.Timeout = 5;
        return builder.ConnectionString;
    }

    private static bool HasConnectTimeout(string connection) =>
        connection.Split(';').Any(p => p.Trim().StartsWith("Timeout=", StringComparison.OrdinalIgnoreCase));

    private static string FromUrl(Uri url)
    {
        var userInfo = url.UserInfo.Split(':', 2);
        var user = Uri.UnescapeDataString(userInfo[0]);
        var password = userInfo.Length > 1 ? $";Password={Uri.UnescapeDataString(userInfo[1])}" : "";
        var port = url.Port > 0 ? url.Port : 5432;
        return $"Host={url.Host};Port={port};Database={url.AbsolutePath.TrimStart('/')};Username={user}{password}";
    }
}
