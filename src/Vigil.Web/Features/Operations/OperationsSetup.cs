using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HttpOverrides;
using Vigil.Web.Features.Health;
using Vigil.Web.Features.Operations;

namespace Vigil.Web;

/// <summary>What it takes to run Vigil as one of several nodes and watch it: quiet structured logs, metrics and
/// traces, health probes and client addresses behind a proxy (web host only); a key ring shared through the
/// database (every process, through the composition root).</summary>
public static class OperationsSetup
{
    public static WebApplicationBuilder AddVigilOperations(this WebApplicationBuilder builder)
    {
        builder.Logging.AddVigilLogging(builder.Configuration);
        builder.Services.AddVigilTelemetry(builder.Configuration);
        builder.Services.AddVigilHealth();
        builder.Services.Configure<ForwardedHeadersOptions>(o => TrustProxies(o, builder.Configuration["Vigil:TrustedProxies"]));
        return builder;
    }

    /// <summary>The probes and the metrics scrape, ahead of the app's own routes.</summary>
    public static WebApplication MapVigilOperations(this WebApplication app) => app.MapHealth().MapVigilMetrics();

    /// <summary>Warnings and errors only, unless Logging:LogLevel says otherwise; JSON lines (with trace ids) when
    /// the output is a file or journal, one plain line per message on a terminal. <c>Vigil:LogFormat</c>
    /// (json | simple) overrides the choice.</summary>
    public static ILoggingBuilder AddVigilLogging(this ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Warning);
        var format = configuration["Vigil:LogFormat"] ?? (Console.IsOutputRedirected ? "json" : "simple");
        if (format.Equals("json", StringComparison.OrdinalIgnoreCase))
            logging.AddJsonConsole(o => { o.IncludeScopes = true; o.UseUtcTimestamp = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ"; });
        else
            logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        return logging;
    }

    /// <summary>The key ring (sign-in cookies, antiforgery, reset tokens) lives in the database, encrypted, so a
    /// cookie issued by one node is honoured by every other (ADR 0901).</summary>
    public static IServiceCollection AddVigilKeyRing(this IServiceCollection services)
    {
        services.AddSingleton(sp => new KeyRingCipher(sp.GetRequiredService<AuditHasher>(), () =>
        {
            using var scope = sp.CreateScope();
            return !scope.ServiceProvider.GetRequiredService<VigilDbContext>().AuditEntries.Any();
        }));
        services.AddDataProtection().SetApplicationName("Vigil").PersistKeysToDbContext<VigilDbContext>();
        services.AddOptions<KeyManagementOptions>().Configure<KeyRingCipher>((o, cipher) => o.XmlEncryptor = new KeyRingEncryptor(cipher));
        return services;
    }

    /// <summary>Behind a reverse proxy every request comes from the proxy: believe X-Forwarded-For/-Proto only from
    /// the addresses in <c>Vigil:TrustedProxies</c> (comma-separated addresses or CIDR networks). With none listed, the
    /// headers are believed from no one: ASP.NET Core checks the sender only when a list is not empty, so clearing both
    /// lists (as this did until round 41) let any client that reached a node name its own address, dodging the sign-in
    /// limit per address and reading /metrics as "127.0.0.1".</summary>
    internal static void TrustProxies(ForwardedHeadersOptions o, string? proxies)
    {
        o.KnownProxies.Clear();
        o.KnownIPNetworks.Clear();
        foreach (var entry in (proxies ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (entry.Contains('/', StringComparison.Ordinal)) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
            else o.KnownProxies.Add(IPAddress.Parse(entry));
        o.ForwardedHeaders = o.KnownProxies.Count + o.KnownIPNetworks.Count == 0
            ? ForwardedHeaders.None
            : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
    }
}
