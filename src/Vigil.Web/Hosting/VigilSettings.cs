namespace Vigil.Web.Hosting;

/// <summary>Vigil's own settings (section "Vigil", environment VIGIL__…, or command-line options), bound and validated
/// like every capability's options (docs/architecture.md).</summary>
public sealed class VigilSettings
{
    public const string Section = "Vigil";

    /// <summary>SQLite path / "Data Source=…", or a PostgreSQL connection string or URL.</summary>
    public string Database { get; set; } = Path.Combine(".vigil", "vigil.db");

    /// <summary>The audit HMAC key file, kept outside the database (ADR 0003). Unset: beside a SQLite store
    /// (<see cref="ResolvedAuditKeyFile"/>); a PostgreSQL store must configure it (ADR 0801).</summary>
    public string? AuditKeyFile { get; set; }

    /// <summary>The key itself, base64 (VIGIL_AUDIT_KEY), for hosts that inject secrets as environment variables.</summary>
    public string? AuditKey { get; set; }

    /// <summary>The tree-head signing key (ECDSA P-256 PEM), outside the database (ADR 0802). Unset: beside the audit key.</summary>
    public string? AuditSigningKeyFile { get; set; }

    /// <summary>How often the web host signs a tree head when the log has grown. Fractional minutes are taken (0.05 is
    /// 3 s) so the two-process drill sees several ticks of both nodes within its minute (ADR 3151).</summary>
    public double AuditTreeHeadMinutes { get; set; } = 10;

    /// <summary>Times are stored in UTC and shown in the force's zone.</summary>
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>A folder holding LiberationSans-Regular.ttf and -Bold.ttf for PDF reports, when the host's fonts are elsewhere.</summary>
    public string? PdfFontFolder { get; set; }

    /// <summary>Apply migrations when the web app starts (on in Development and for the demo).</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>Sign-in attempts (POSTs) per client address per minute, on top of Identity's per-account lockout.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 30;

    /// <summary>Password checks run at once; more wait their turn (<see cref="Features.Auth.PasswordCheckGate"/>, ADR 1615).</summary>
    public int ConcurrentPasswordChecks { get; set; } = Environment.ProcessorCount;

    /// <summary>The address people reach Vigil by ("https://vigil.force.example"): links sent outside a session, such
    /// as family invitations, are built from it and never from the request's Host header (<see cref="PublicLinks"/>).</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Redirect plain HTTP to HTTPS and send HSTS: on wherever Vigil is served beyond the loopback.</summary>
    public bool RequireHttps { get; set; }

    /// <summary>The key follows the store, not the working directory: a SQLite file's key lives beside it.</summary>
    public string? ResolvedAuditKeyFile => AuditKeyFile is { Length: > 0 } configured ? configured
        : SqliteFolder() is { } folder ? Path.Combine(folder, "audit.key") : null;

    /// <summary>The audit head record, beside the key (<see cref="Data.Audit.AuditHeadFile"/>), named after a SQLite
    /// store's file ("vigil.db.audit.head") so two stores in one folder never share one (ADR 1761); a PostgreSQL
    /// store's is named after the key, as before.</summary>
    public string? AuditHeadFile => ResolvedAuditKeyFile is { } key && SqliteFile() is { } file
        ? Path.Combine(KeyFolder(key), Path.GetFileName(file) + ".audit.head") : SharedAuditHeadFile;

    /// <summary>The head named after the key ("audit.head" beside "audit.key"): a PostgreSQL store's own; for a SQLite
    /// store, the name every store in the key's folder shared before ADR 1761, read until it has its own.</summary>
    public string? SharedAuditHeadFile => ResolvedAuditKeyFile is { } key
        ? Path.Combine(KeyFolder(key), Path.GetFileNameWithoutExtension(key) + ".head") : null;

    public string? ResolvedAuditSigningKeyFile => AuditSigningKeyFile is { Length: > 0 } configured ? configured
        : ResolvedAuditKeyFile is { } key ? Path.Combine(KeyFolder(key), "audit-signing.key") : null;

    /// <summary>Files that belong with the store (uploads): beside the key, else beside the SQLite file, else .vigil.</summary>
    public string DataFolder => ResolvedAuditKeyFile is { } key ? KeyFolder(key) : Path.GetFullPath(".vigil");

    private static string KeyFolder(string key) => Path.GetDirectoryName(Path.GetFullPath(key)) ?? ".";

    private string? SqliteFolder() => SqliteFile() is { } file ? Path.GetDirectoryName(file) : null;

    private string? SqliteFile()
    {
        if (VigilDatabase.KindOf(Database) != StoreKind.Sqlite) return null;
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(VigilDatabase.Normalise(Database)).DataSource;
        return file is { Length: > 0 } and not ":memory:" ? Path.GetFullPath(file) : null;
    }
}

public static class VigilSettingsSetup
{
    public static IServiceCollection AddVigilSettings(this IServiceCollection services)
    {
        services.AddOptions<VigilSettings>().BindConfiguration(VigilSettings.Section)
            .PostConfigure<IConfiguration>(FromShortVariables)
            .Validate(s => !string.IsNullOrWhiteSpace(s.Database), "Vigil:Database (or VIGIL_DB) must name a database.")
            .Validate(s => TimeZoneInfo.TryFindSystemTimeZoneById(s.TimeZone, out _), "Vigil:TimeZone must be a time zone id such as Europe/London.")
            .Validate(s => s.LoginAttemptsPerMinute > 0, "Vigil:LoginAttemptsPerMinute must be at least 1.")
            .Validate(s => s.ConcurrentPasswordChecks > 0, "Vigil:ConcurrentPasswordChecks must be at least 1.")
            .Validate(s => PublicLinks.IsValidBaseUrl(s.PublicBaseUrl), "Vigil:PublicBaseUrl must be an absolute http(s) address with no path, such as https://vigil.example.")
            .ValidateOnStart();
        return services;
    }

    /// <summary>VIGIL_DB, VIGIL_AUDIT_KEY_FILE and VIGIL_AUDIT_KEY, the names scripts and the README use, count unless
    /// the hierarchical setting is given: a key file configured for this host wins over process-wide environment
    /// (test hosts run side by side).</summary>
    private static void FromShortVariables(VigilSettings settings, IConfiguration configuration)
    {
        if (Environment.GetEnvironmentVariable("VIGIL_DB") is { Length: > 0 } db && configuration["Vigil:Database"] is null) settings.Database = db;
        if (configuration["Vigil:AuditKeyFile"] is not null) return;
        if (Environment.GetEnvironmentVariable("VIGIL_AUDIT_KEY_FILE") is { Length: > 0 } key) settings.AuditKeyFile = key;
        if (Environment.GetEnvironmentVariable("VIGIL_AUDIT_KEY") is { Length: > 0 } inline && configuration["Vigil:AuditKey"] is null) settings.AuditKey = inline;
    }
}
