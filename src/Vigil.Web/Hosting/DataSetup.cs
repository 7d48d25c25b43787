using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Audit;

namespace Vigil.Web.Hosting;

public static class DataSetup
{
    /// <summary>Registers the DbContext with its audit interceptor. Shared by the web host and the CLI verbs.</summary>
    /// <param name="settings">Fixed settings (CLI), or null to read them from configuration once the host is built,
    /// so that test hosts and deployment configuration are honoured.</param>
    public static IServiceCollection AddVigilData(this IServiceCollection services, VigilSettings? settings = null)
    {
        if (settings is null) services.AddSingleton(sp => VigilSettings.From(sp.GetRequiredService<IConfiguration>()));
        else services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => AuditKeyOf(sp.GetRequiredService<VigilSettings>()));
        services.AddSingleton(sp => new AuditHeadFile(sp.GetRequiredService<VigilSettings>().AuditHeadFile));
        services.AddSingleton<AuditInterceptor>();
        services.AddSingleton<AuditHeadInterceptor>();
        services.AddDbContext<VigilDbContext>((sp, options) =>
        {
            VigilDatabase.Configure(options, sp.GetRequiredService<VigilSettings>().Database);
            options.AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), sp.GetRequiredService<AuditHeadInterceptor>());
        });
        services.AddHttpContextAccessor();
        services.AddScoped<IAuditActor, RequestAuditActor>();
        return services;
    }

    /// <summary>The key follows the store (ADR 0801); it is created by the first append to an empty chain, never here.</summary>
    public static AuditHasher AuditKeyOf(VigilSettings settings) =>
        new(new AuditKeySource(settings.ResolvedAuditKeyFile, settings.AuditKey));

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var settings = scope.ServiceProvider.GetRequiredService<VigilSettings>();
        if (VigilDatabase.KindOf(settings.Database) == StoreKind.Sqlite)
        {
            var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(VigilDatabase.Normalise(settings.Database));
            var dir = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (dir is not null) Directory.CreateDirectory(dir);
        }
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct); // readers do not block the writer
    }
}

/// <summary>The actor of a web request (user or token) or, outside a request, the CLI's operating-system user.</summary>
internal sealed class RequestAuditActor(IHttpContextAccessor http) : IAuditActor
{
    public static string? CliActor { get; set; }

    public string Name
    {
        get
        {
            var user = http.HttpContext?.User;
            if (user?.Identity?.IsAuthenticated == true)
            {
                var id = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "?";
                var via = user.FindFirstValue(Features.Auth.VigilClaims.TokenId) is { } token ? $"token:{token}:" : "user:";
                return $"{via}{id}:{user.Identity.Name}";
            }
            return http.HttpContext is null ? CliActor ?? $"cli:{Environment.UserName}" : "anonymous";
        }
    }
}
