
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
        var (kind, resolved) = Resolved.GetOrAdd(connection, c => (KindOf(c), KindOf(c) == StoreKind.Postgres ? WithPoolDefaults(Normalise(c)) : Normalise(c)));
        return kind == StoreKind.Postgres
            ? options.UseNpgsql(resolved, o => o.MigrationsAssembly(PostgresMigrations))
            : options.UseSqlite(resolved, o => o.MigrationsAssembly(SqliteMigrations).CommandTimeout(60)).AddInterceptors(SqlitePageCache.Instance);
    }

    /// <summary>The string each configured setting resolves to, worked out once per process (ADR 2562): every request's
    /// context is configured afresh, and parsing and rebuilding the PostgreSQL string (a connection-string builder and
    /// four keyword scans) each time cost about 1 % of a node's CPU under load. A process names one or two stores.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (StoreKind Kind, string Connection)> Resolved = new(StringComparer.Ordinal);

    /// <summary>A node whose database has gone answers 503 within seconds rather than holding requests for
    /// Npgsql's default 15 s connect timeout; a connection string that sets its own Timeout keeps it. Statements a
    /// connection runs again and again are prepared once (Npgsql's automatic preparation, off by default), so
    /// PostgreSQL stops parsing and planning the same few dozen queries on every request (ADR 1932); a connection
    /// string that sets its own Max Auto Prepare keeps it. A connection given back is not reset (seven statements on
    /// its next take, ADR 2221): nothing on this pool leaves session state behind — the two session locks (the
    /// linkage worker's lease, the migrator's turn) are taken on <see cref="SessionPool"/> instead. The pool keeps
    /// <see cref="WarmConnections"/> open when idle (ADR 1600): Npgsql closes the median idle count every 5 minutes, which
    /// under steady load is nearly the whole pool, and the next second's requests all open backends again at once.</summary>
    internal static string WithPoolDefaults(string connection)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        if (!Sets(connection, "Timeout")) builder.Timeout = 5;
        if (!Sets(connection, "Max Auto Prepare")) builder.MaxAutoPrepare = AutoPrepared;
        if (!Sets(connection, "No Reset On Close")) builder.NoResetOnClose = true;
        if (!Sets(connection, "Minimum Pool Size") && !Sets(connection, "MinPoolSize")) builder.MinPoolSize = WarmConnections;
        builder.Options = WithSessionGuards(builder.Options);
        return builder.ConnectionString;
    }

    /// <summary>Settings each Vigil session asks PostgreSQL for, so a node that vanishes cannot hold the cluster's locks
    /// (the audit chain's, taken by every audited request, and the linkage worker's lease) for long. A host powered off or
    /// cut from the network closes no socket: with Linux's keepalive defaults PostgreSQL would keep its session, and the
    /// locks, for about 2 h 11 min, and every node's audited request would wait and answer 503 meanwhile. Probes after
    /// 30 s idle, every 10 s, 3 lost: the session ends about a minute after its host went. A live client stuck inside a
    /// transaction (a hung process) is ended after 5 minutes idle in it: far above any pause Vigil makes inside one (a
    /// linkage batch compares up to 2,000 deaths, 7-16 ms each on a million). A setting the string's own Options name
    /// is kept as it is, however it is spelt (PostgreSQL reads a name in any case, with dashes for underscores, and the
    /// last of two wins); a string without Options starts from PGOPTIONS, which Npgsql sends only when the string names
    /// none, so setting Options here would otherwise drop the operator's environment.</summary>
    internal static string WithSessionGuards(string? options)
    {
        var result = string.IsNullOrEmpty(options) ? Environment.GetEnvironmentVariable("PGOPTIONS") ?? "" : options;
        var named = result.Replace('-', '_');
        foreach (var (name, value) in SessionGuards)
            if (!named.Contains(name, StringComparison.OrdinalIgnoreCase)) result = $"{result} -c {name}={value}".TrimStart();
        return result;
    }

    internal static readonly (string Name, string Value)[] SessionGuards =
    [
        ("tcp_keepalives_idle", "30"), ("tcp_keepalives_interval", "10"), ("tcp_keepalives_count", "3"),
        ("idle_in_transaction_session_timeout", "300000"),
    ];

    /// <summary>Connections a node's pool does not prune: more than the 32–35 a node held under 50 officers on two nodes
    /// (ADR 1600, runs 14 and min40). Opened only when wanted, never ahead.</summary>
    public const int WarmConnections = 40;

    /// <summary>The pool for connections that take SESSION state (a session advisory lock): a distinct pool (its own
    /// Application Name, so also told apart in pg_stat_activity) whose connections Npgsql resets when they are given
    /// back, so a lock a failed give-back left held is released before anyone else takes that connection (ADR 2221).</summary>
    public static string SessionPool(string connection)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(WithPoolDefaults(Normalise(connection)))
        {
            NoResetOnClose = false,
        };
        var name = string.IsNullOrEmpty(builder.ApplicationName) ? "vigil" : builder.ApplicationName;
        if (!name.EndsWith($" {SessionPoolName}", StringComparison.Ordinal)) builder.ApplicationName = $"{name} {SessionPoolName}";
        return builder.ConnectionString;
    }

    /// <summary>The suffix of <see cref="SessionPool"/>'s Application Name.</summary>
    public const string SessionPoolName = "session";

    /// <summary>Whether connections of this string are reset when given back to their pool.</summary>
    public static bool ResetsOnClose(string connection) => !new Npgsql.NpgsqlConnectionStringBuilder(connection).NoResetOnClose;

    /// <summary>Statements kept prepared per connection: more than the distinct queries of a busy page and its
    /// audit save, so the set does not churn.</summary>
    public const int AutoPrepared = 128;

    /// <summary>Whether the string names the keyword itself ("Max Auto Prepare" or "MaxAutoPrepare" alike).</summary>
    private static bool Sets(string connection, string keyword) =>
        connection.Split(';').Any(p => p.Contains('=', StringComparison.Ordinal)
            && string.Equals(p[..p.IndexOf('=', StringComparison.Ordinal)].Replace(" ", "", StringComparison.Ordinal), keyword.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));

    private static string FromUrl(Uri url)
    {
        var userInfo = url.UserInfo.Split(':', 2);
        var user = Uri.UnescapeDataString(userInfo[0]);
        var password = userInfo.Length > 1 ? $";Password={Uri.UnescapeDataString(userInfo[1])}" : "";
        var port = url.Port > 0 ? url.Port : 5432;
        return $"Host={url.Host};Port={port};Database={url.AbsolutePath.TrimStart('/')};Username={user}{password}";
    }
}
