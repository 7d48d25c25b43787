namespace Vigil.Web.Hosting;

/// <summary>Vigil's own settings, from configuration ("Vigil:…"), environment (VIGIL_…) or command-line options.</summary>
public sealed class VigilSettings
{
    /// <summary>SQLite path / "Data Source=…", or a PostgreSQL connection string or URL.</summary>
    public string Database { get; set; } = Path.Combine(".vigil", "vigil.db");

    /// <summary>The audit HMAC key file, kept outside the database (ADR 0003).</summary>
    public string AuditKeyFile { get; set; } = Path.Combine(".vigil", "audit.key");

    /// <summary>Times are stored in UTC and shown in the force's zone.</summary>
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>Apply migrations when the web app starts (on in Development and for the demo).</summary>
    public bool MigrateOnStartup { get; set; }

    public static VigilSettings From(IConfiguration configuration)
    {
        var settings = new VigilSettings();
        configuration.GetSection("Vigil").Bind(settings);
        if (Environment.GetEnvironmentVariable("VIGIL_DB") is { Length: > 0 } db && configuration["Vigil:Database"] is null) settings.Database = db;
        if (Environment.GetEnvironmentVariable("VIGIL_AUDIT_KEY_FILE") is { Length: > 0 } key && configuration["Vigil:AuditKeyFile"] is null) settings.AuditKeyFile = key;
        return settings;
    }
}
