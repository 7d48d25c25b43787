using Vigil.Data;

namespace Vigil.Web.Hosting;

/// <summary>Vigil's own settings, from configuration ("Vigil:…"), environment (VIGIL_…) or command-line options.</summary>
public sealed class VigilSettings
{
    /// <summary>SQLite path / "Data Source=…", or a PostgreSQL connection string or URL.</summary>
    public string Database { get; set; } = Path.Combine(".vigil", "vigil.db");

    /// <summary>The audit HMAC key file, kept outside the database (ADR 0003). Unset: beside a SQLite store
    /// (<see cref="ResolvedAuditKeyFile"/>); a PostgreSQL store must configure it (ADR 0801).</summary>
    public string? AuditKeyFile { get; set; }

    /// <summary>The key itself, base64 (VIGIL_AUDIT_KEY), for hosts that inject secrets as environment variables.</summary>
    public string? AuditKey { get; set; }

    /// <summary>Times are stored in UTC and shown in the force's zone.</summary>
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>Apply migrations when the web app starts (on in Development and for the demo).</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>The key follows the store, not the working directory: a SQLite file's key lives beside it.</summary>
    public string? ResolvedAuditKeyFile => AuditKeyFile is { Length: > 0 } configured ? configured
        : SqliteFolder() is { } folder ? Path.Combine(folder, "audit.key") : null;

    /// <summary>The audit head record, beside the key (<see cref="Data.Audit.AuditHeadFile"/>).</summary>
    public string? AuditHeadFile => ResolvedAuditKeyFile is { } key
        ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(key)) ?? ".", Path.GetFileNameWithoutExtension(key) + ".head") : null;

    /// <summary>Files that belong with the store (uploads): beside the key, else beside the SQLite file, else .vigil.</summary>
    public string DataFolder => ResolvedAuditKeyFile is { } key ? Path.GetDirectoryName(Path.GetFullPath(key)) ?? "." : Path.GetFullPath(".vigil");

    private string? SqliteFolder()
    {
        if (VigilDatabase.KindOf(Database) != StoreKind.Sqlite) return null;
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(VigilDatabase.Normalise(Database)).DataSource;
        return file is { Length: > 0 } and not ":memory:" ? Path.GetDirectoryName(Path.GetFullPath(file)) : null;
    }

    public static VigilSettings From(IConfiguration configuration)
    {
        var settings = new VigilSettings();
        configuration.GetSection("Vigil").Bind(settings);
        if (Environment.GetEnvironmentVariable("VIGIL_DB") is { Length: > 0 } db && configuration["Vigil:Database"] is null) settings.Database = db;
        // A key file configured for this host wins over process-wide environment (test hosts run side by side).
        if (configuration["Vigil:AuditKeyFile"] is null)
        {
            if (Environment.GetEnvironmentVariable("VIGIL_AUDIT_KEY_FILE") is { Length: > 0 } key) settings.AuditKeyFile = key;
            if (Environment.GetEnvironmentVariable("VIGIL_AUDIT_KEY") is { Length: > 0 } inline && configuration["Vigil:AuditKey"] is null) settings.AuditKey = inline;
        }
        return settings;
    }
}
