using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Web.Features.Audit;
using Vigil.Web.Features.Auth;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Users;
using Vigil.Web.Hosting;

namespace Vigil.Web.Cli;

/// <summary>The services a verb needs, without the web server: same data layer, audit chain and rules as the web app.</summary>
public static class CliServices
{
    public static readonly Option<string?> DbOption = new("--db")
    {
        Description = "SQLite file path or PostgreSQL connection string (default: $VIGIL_DB, else .vigil/vigil.db)",
        Recursive = true,
    };

    public static VigilSettings Settings(ParseResult parse)
    {
        var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var settings = VigilSettings.From(config);
        if (parse.GetValue(DbOption) is { Length: > 0 } db) settings.Database = db;
        return settings;
    }

    public static ServiceProvider Build(ParseResult parse) => Build(Settings(parse));

    /// <param name="configure">Last-word registrations (the demo's clock).</param>
    public static ServiceProvider Build(VigilSettings settings, Action<IServiceCollection>? configure = null)
    {
        RequestAuditActor.CliActor ??= $"cli:{Environment.UserName}";
        var services = new ServiceCollection();
        // Capabilities bind their options from configuration, as in the web host: environment variables (Vigil__...).
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddEnvironmentVariables().Build());
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddDataProtection();
        services.AddVigilData(settings);
        services.AddIdentityCore<VigilUser>(AuthSetup.IdentityOptions)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<VigilDbContext>()
            .AddDefaultTokenProviders();
        services.AddVigilCases();
        services.AddVigilImport();
        services.AddVigilUsers();
        services.AddVigilAudit();
        services.AddVigilFeatures();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Data.Audit.AuditKeyException ex)
        {
            // A configuration fault, not a broken chain: point the store at its key (ADR 0801).
            await Console.Error.WriteLineAsync($"audit key problem: {ex.Message}");
            return VigilCli.Usage;
        }
        catch (Data.Audit.Tree.AuditTreeException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return VigilCli.Failed;
        }
        catch (UserAdminException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return VigilCli.Failed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return VigilCli.Failed;
        }
    }
}
