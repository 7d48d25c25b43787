using Microsoft.Extensions.Options;

namespace Vigil.Web.Hosting;

/// <summary>Vigil's own settings (section "Vigil", environment VIGIL__…, or command-line options), bound and validated
/// like every capability's options (docs/architecture.md).</summary>
public sealed class VigilSettings
{
    public const string Section = "Vigil";

    /// <summary>SQLite path / "Data Source=…", or a PostgreSQL connection string or URL.</summary>
    public string Database { get; set; } = Path.Combine(".vigil", "vigil.db");

    /// <summary>The audit HMAC key file, kept outside the database (ADR 0003).</summary>
    public string AuditKeyFile { get; set; } = Path.Combine(".vigil", "audit.key");

    /// <summary>Times are stored in UTC and shown in the force's zone.</summary>
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>Apply migrations when the web app starts (on in Development and for the demo).</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>Sign-in attempts (POSTs) per client address per minute, on top of Identity's per-account lockout.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 30;
}

public static class VigilSettingsSetup
{
    public static IServiceCollection AddVigilSettings(this IServiceCollection services)
    {
        services.AddOptions<VigilSettings>().BindConfiguration(VigilSettings.Section)
            .PostConfigure<IConfiguration>(FromShortVariables)
            .Validate(s => !string.IsNullOrWhiteSpace(s.Database), "Vigil:Database (or VIGIL_DB) must name a database.")
            .Validate(s => !string.IsNullOrWhiteSpace(s.AuditKeyFile), "Vigil:AuditKeyFile must name the audit key file.")
            .Validate(s => TimeZoneInfo.TryFindSystemTimeZoneById(s.TimeZone, out _), "Vigil:TimeZone must be a time zone id such as Europe/London.")
            .Validate(s => s.LoginAttemptsPerMinute > 0, "Vigil:LoginAttemptsPerMinute must be at least 1.")
            .ValidateOnStart();
        return services;
    }

    /// <summary>VIGIL_DB and VIGIL_AUDIT_KEY_FILE, the names scripts and the README use, count unless the hierarchical
    /// setting is given.</summary>
    private static void FromShortVariables(VigilSettings settings, IConfiguration configuration)
    {
        if (Environment.GetEnvironmentVariable("VIGIL_DB") is { Length: > 0 } db && configuration["Vigil:Database"] is null) settings.Database = db;
        if (Environment.GetEnvironmentVariable("VIGIL_AUDIT_KEY_FILE") is { Length: > 0 } key && configuration["Vigil:AuditKeyFile"] is null) settings.AuditKeyFile = key;
    }
}
