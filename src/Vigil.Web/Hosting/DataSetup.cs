using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vigil.Web.Hosting;

public static class DataSetup
{
    /// <summary>Registers the DbContext with its audit interceptor, on the store <see cref="VigilSettings.Database"/> names.</summary>
    public static IServiceCollection AddVigilData(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => AuditKeyOf(sp.GetRequiredService<IOptions<VigilSettings>>().Value));
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<VigilSettings>>().Value;
            return new AuditHeadFile(settings.AuditHeadFile, settings.SharedAuditHeadFile);
        });
        services.AddSingleton(sp => new Data.Audit.Tree.AuditSigningKey(sp.GetRequiredService<IOptions<VigilSettings>>().Value.ResolvedAuditSigningKeyFile));
        services.AddSingleton<AuditInterceptor>();
        services.AddSingleton<AuditHeadInterceptor>();
        services.AddSingleton<Data.Bulk.BulkInsertInterceptor>();
        services.AddDbContext<VigilDbContext>((sp, options) =>
        {
            var database = sp.GetRequiredService<IOptions<VigilSettings>>().Value.Database;
            VigilDatabase.Configure(options, database);
            // A request's context on PostgreSQL also keeps its connection to the end of the request (ADR 2031): the
            // options cache adds that interceptor for request scopes.
            // Capabilities' interceptors (notification triggers) add rows first, so the audit chain records them too.
            options.AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
            // The bulk writer last: the audit entries of the save are among the rows it writes.
            options.AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), sp.GetRequiredService<AuditHeadInterceptor>(),
                sp.GetRequiredService<Data.Bulk.BulkInsertInterceptor>());
        });
        ContextOptionsCache.Register(services);
        services.AddHttpContextAccessor();
        services.AddScoped<IAuditActor, RequestAuditActor>();
        return services;
    }

    /// <summary>The key follows the store (ADR 0801); it is created by the first append to an empty chain, never here.</summary>
    public static AuditHasher AuditKeyOf(VigilSettings settings) =>
        new(new AuditKeySource(settings.ResolvedAuditKeyFile, settings.AuditKey));

    // Not the audit chain's key: the first-key step inside the migration takes that one on another connection.
    private const long MigrationLockKey = StoreLocks.MigrationKey;

    /// <summary>Brings the store's schema up to date; returns the migrations it applied (none when it already was).</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var database = scope.ServiceProvider.GetRequiredService<IOptions<VigilSettings>>().Value.Database;
        FileStream? sqliteTurn = null;
        if (VigilDatabase.KindOf(database) == StoreKind.Sqlite)
        {
            var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(VigilDatabase.Normalise(database));
            var dir = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (dir is not null) Directory.CreateDirectory(dir);
            if (builder.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory) sqliteTurn = await SqliteTurnAsync(builder.DataSource, ct);
        }
        await using var _ = sqliteTurn;
        // PostgreSQL: nodes started together with --migrate take turns (SQLite: processes, by the file above).
        var locked = db.Database.IsNpgsql();
        if (locked)
        {
            // Created here rather than by EF's migrator, which first opens the missing database and logs that as an error.
            await EnsurePostgresDatabaseAsync(VigilDatabase.Normalise(database), ct);
            Data.StoreLocks.UseSessionPool(db); // a session lock: on the pool that resets (ADR 2221)
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({MigrationLockKey})", ct);
            // Npgsql's migrator reads the history table before creating it and logs the expected failure as an error
            // (npgsql/efcore.pg#3407): every first start on a new database printed a false "Failed executing DbCommand".
            await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), ct);
        }
        try
        {
            // A migration that fills or analyzes a large store (ADR 1731, 1831: minutes on a million deaths) is not bounded
            // by the 30 s query timeout.
            db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            await db.Database.MigrateAsync(ct);
            if (db.Database.IsSqlite())
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct); // readers do not block the writer
            // Nodes started together on a new store must share one key ring from the start (ADR 1131).
            await Features.Operations.KeyRingFirstKey.EnsureAsync(services, ct);
            // Data fixes that need the audit trail (a migration's SQL bypasses it) run here, under the same lock (ADR 3122).
            await CompleteOwedDataFixesAsync(db, services, ct);
            return pending;
        }
        finally
        {
            if (locked)
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>The audited data fixes a migration recorded as owed, each in the transaction that applied it (ADR 3170),
    /// run and then struck off. A process killed at any point leaves the row, and the next start (under this same lock)
    /// runs the fix again: each fix is idempotent, its steps each one audited save, so what was done is not done twice.
    /// A fix this build does not know (recorded by a newer one) stays owed.</summary>
    private static async Task CompleteOwedDataFixesAsync(VigilDbContext db, IServiceProvider services, CancellationToken ct)
    {
        foreach (var fix in await db.Database.SqlQueryRaw<string>(Data.OwedDataFixes.Read).ToListAsync(ct))
        {
            if (fix == Data.OwedDataFixes.UnnamedActionKeys) await Features.Enquiries.Rules.UnnamedActionKeys.RenumberAsync(services, ct);
            else if (fix == Data.OwedDataFixes.OneActiveDeployment) await Features.Family.DuplicateDeployments.EndThenIndexAsync(services, ct);
            else if (fix == Data.OwedDataFixes.CaseLiaisonRows) await Features.Family.Liaison.LiaisonRows.FillAsync(services, ct);
            else continue;
            await db.Database.ExecuteSqlRawAsync(Data.OwedDataFixes.Done, [fix], ct);
        }
    }

    /// <summary>SQLite's turn at bringing the store up to date: an exclusive lock on a file beside it, held through the
    /// pending list, the migrations and the data fixes after them, as PostgreSQL's nodes hold the advisory lock. EF's own
    /// SQLite lock covers only its migrations: every CLI verb migrates first, and two processes starting together (`vigil
    /// users create` while `vigil serve` starts) both found the marker of ADR 1631 pending, both renumbered and one failed putting the marker's row
    /// back (ADR 3166). The lock goes with the process.</summary>
    private static async Task<FileStream> SqliteTurnAsync(string dataSource, CancellationToken ct)
    {
        var path = Path.GetFullPath(dataSource) + ".migrate-lock";
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), ct); // another process is migrating this store
            }
        }
    }

    private static async Task EnsurePostgresDatabaseAsync(string connectionString, CancellationToken ct)
    {
        var target = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(target.Database)) return;
        var maintenance = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new Npgsql.NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new Npgsql.NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = target.Database } } };
        if (await exists.ExecuteScalarAsync(ct) is not null) return;
        try
        {
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{target.Database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState is "42P04" or "23505")
        {
            // Another node starting at the same moment created it first.
        }
    }
}

/// <summary>The actor of a web request (user, token or family account); outside a request (start-up work), the host's
/// operating-system user. The CLI registers its own actor instead (<see cref="Cli.CliServices"/>).</summary>
internal sealed class RequestAuditActor(IHttpContextAccessor http) : IAuditActor
{
    public string Name
    {
        get
        {
            var user = http.HttpContext?.User;
            if (user?.Identity?.IsAuthenticated == true)
            {
                var id = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "?";
                // A family account is never staff, whatever user name it chose (ADR 0303): it is named by its id only.
                if (user.IsInRole(Features.Family.Portal.FamilyAuth.Role)) return Features.Family.Portal.FamilyAuth.AuditActor(id);
                var via = user.FindFirstValue(Features.Auth.VigilClaims.TokenId) is { } token ? $"token:{token}:" : "user:";
                return $"{via}{id}:{user.Identity.Name}";
            }
            return http.HttpContext is null ? $"cli:{Environment.UserName}" : "anonymous";
        }
    }
}
