using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Vigil.Data;
using Vigil.Data.Audit;

namespace Vigil.Web.Tests.Infrastructure;

/// <summary>A store with every EF migration applied, made once per test process and provider, that each test app's new
/// store starts as a copy of (ADR 3352): a copied SQLite file, a PostgreSQL <c>CREATE DATABASE … TEMPLATE</c>. Applying
/// the 50-odd migrations was most of a test host's start, and the suite starts hundreds of hosts (each due-event sweep
/// test one of its own). Only what the migrations themselves write is copied: the host's start-up then finds nothing
/// pending and does the rest as on any store — the WAL switch, the first data-protection key under the app's own audit
/// key, the data fixes the migrations recorded as owed — so no key, audit entry or fix is shared between two stores.</summary>
public static class MigratedStoreTemplate
{
    private static readonly Lazy<Task<string>> SqliteFile = new(MigrateSqliteAsync);
    private static readonly Lazy<Task<string>> PostgresDatabase = new(MigratePostgresAsync);

    /// <summary>Writes a migrated SQLite store at <paramref name="path"/> (which must not exist yet).</summary>
    public static async Task CopySqliteAsync(string path) => File.Copy(await SqliteFile.Value, path);

    /// <summary>Creates the PostgreSQL database <paramref name="name"/>, migrated.</summary>
    public static async Task CreatePostgresAsync(string name)
    {
        var template = await PostgresDatabase.Value;
        await using var conn = new NpgsqlConnection($"{PostgresServer.ConnectionString};Database=postgres");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<string> MigrateSqliteAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "vigil-template-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "vigil.db");
        // No pooling: the file is copied while this process runs, so no connection may keep it open.
        await MigrateAsync($"Data Source={path};Pooling=False");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(folder, recursive: true); } catch (IOException) { } };
        return path;
    }

    private static async Task<string> MigratePostgresAsync()
    {
        var name = "vigil_template_" + Guid.NewGuid().ToString("N")[..12];
        await PostgresServer.CreateDatabaseAsync(name);
        // A database with a session open cannot be a template: no pool may keep one (Pooling=False wins over the app's
        // pool defaults, which the store's configuration adds).
        await MigrateAsync($"{PostgresServer.ConnectionString};Database={name};Pooling=False");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => PostgresServer.DropDatabaseAsync(name).GetAwaiter().GetResult();
        return name;
    }

    /// <summary>EF's migrations alone, as <c>DataSetup.MigrateAsync</c> applies them to a new store before its own steps.</summary>
    private static async Task MigrateAsync(string connection)
    {
        var options = VigilDatabase.Configure(new DbContextOptionsBuilder<VigilDbContext>(), connection).Options;
        await using var db = new VigilDbContext((DbContextOptions<VigilDbContext>)options, new FixedAuditActor("test template"));
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        // As DataSetup does: Npgsql's migrator would otherwise log its expected first read of a missing history table.
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript());
        await db.Database.MigrateAsync();
    }
}
