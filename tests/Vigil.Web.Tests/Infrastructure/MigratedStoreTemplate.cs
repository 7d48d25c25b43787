using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Vigil.Data;
using Vigil.Data.Audit;

namespace Vigil.Web.Tests.Infrastructure;

/// <summary>A store with every EF migration applied, made once per test process and provider, that each test app's new
/// store starts as a copy of (ADR 3352): a copied SQLite file, a PostgreSQL <c>CREATE DATABASE … TEMPLATE</c>. Applying
/// the 50-odd migrations was a large part of a test host's start, and the suite starts hundreds of hosts (each due-event
/// sweep test one of its own). Only what the migrations themselves write is copied: the host's start-up then finds nothing
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

    /// <summary>One file per build of the migrations, kept for the next run: made under a name of its own, then moved into
    /// place, so a process never copies another's half-migrated file. Held open while the process runs, and a new one
    /// removes other builds' files no process holds (ADR 3364).</summary>
    private static async Task<string> MigrateSqliteAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vigil-template-{BuildOf(VigilDatabase.SqliteMigrations)}.db");
        for (var tries = 0; tries < 3; tries++)
        {
            if (TemplateSweep.HoldFile(path)) return path;
            var making = Path.Combine(Path.GetTempPath(), $"vigil-template-{Guid.NewGuid():N}.db");
            // No pooling: the file is moved and copied while this process runs, so no connection may keep it open.
            await MigrateAsync($"Data Source={making};Pooling=False");
            try { File.Move(making, path); }
            catch (IOException) when (File.Exists(path)) { File.Delete(making); } // another process made it first
            if (!TemplateSweep.HoldFile(path)) continue; // another build's sweep was removing the one found in place
            TemplateSweep.SweepFiles(Path.GetTempPath(), path);
            return path;
        }
        throw new InvalidOperationException($"The migrated template {path} was removed each time it was made.");
    }

    /// <summary>One database per build of the migrations, kept for the next run on the same server: migrated under a name
    /// of its own, then renamed, so a process never copies another's half-migrated database. Held (an advisory lock) while
    /// the process runs, and a new one drops other builds' databases no process holds (ADR 3364).</summary>
    private static async Task<string> MigratePostgresAsync()
    {
        var name = $"vigil_template_{BuildOf(VigilDatabase.PostgresMigrations)}";
        // Held before it is looked for: another build's sweep then leaves it (ADR 3364).
        await TemplateSweep.HoldDatabaseAsync(name);
        await using var conn = new NpgsqlConnection($"{PostgresServer.ConnectionString};Database=postgres");
        await conn.OpenAsync();
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", conn) { Parameters = { new() { Value = name } } })
            if (await exists.ExecuteScalarAsync() is not null) return name;
        // Not of the templates' scheme (twelve hex digits), so another build's sweep never takes it for a template.
        var making = "vigil_template_making_" + Guid.NewGuid().ToString("N")[..12];
        await PostgresServer.CreateDatabaseAsync(making);
        // A database with a session open cannot be a template: no pool may keep one (Pooling=False wins over the app's
        // pool defaults, which the store's configuration adds).
        await MigrateAsync($"{PostgresServer.ConnectionString};Database={making};Pooling=False");
        try
        {
            await using var rename = new NpgsqlCommand($"ALTER DATABASE \"{making}\" RENAME TO \"{name}\"", conn);
            await rename.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            await PostgresServer.DropDatabaseAsync(making); // another process made it first
        }
        await TemplateSweep.SweepDatabasesAsync(conn, "vigil_template_", name);
        return name;
    }

    /// <summary>The migrations assembly's build (its module version id): a changed migration makes a new template.</summary>
    private static string BuildOf(string migrationsAssembly) =>
        System.Reflection.Assembly.Load(migrationsAssembly).ManifestModule.ModuleVersionId.ToString("N")[..12];

    /// <summary>EF's migrations alone, as <c>DataSetup.MigrateAsync</c> applies them to a new store before its own steps.</summary>
    private static async Task MigrateAsync(string connection)
    {
        // Not cached: a bare builder is an EF configuration of its own, and EF refuses every new one once a process has
        // made twenty (ManyServiceProvidersCreatedWarning, an error). The suite's hosts come close to that; the two
        // templates, cached, pushed a whole run over it (round 64: two tests failed in the first context they made).
        var options = VigilDatabase.Configure(new DbContextOptionsBuilder<VigilDbContext>().EnableServiceProviderCaching(false), connection).Options;
        await using var db = new VigilDbContext((DbContextOptions<VigilDbContext>)options, new FixedAuditActor("test template"));
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        // As DataSetup does: Npgsql's migrator would otherwise log its expected first read of a missing history table.
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript());
        await db.Database.MigrateAsync();
    }
}
