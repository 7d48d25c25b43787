using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vigil.Web.Features.Health;

/// <summary>Probes for a reverse proxy or orchestrator. /health/live: the process answers (no database call), so a
/// node is restarted only when it is itself stuck. /health/ready: the database answers within the probe's timeout,
/// its schema is current and the node is not shutting down, so traffic goes elsewhere while any of these fails.
/// Neither reveals data or error text (anonymous); a failure is a 503 problem document. Both name the linkage model the
/// node scores with (ADR 3153).</summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddVigilHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<VigilDbContext>("database", HealthStatus.Unhealthy, [ReadyTag], SchemaIsCurrentAsync)
            .AddCheck<DrainingCheck>("accepting-traffic", HealthStatus.Unhealthy, [ReadyTag]);
        // A database slower than this to answer counts as away: the proxy should send traffic elsewhere.
        // "Vigil:ReadyTimeoutSeconds", default 3.
        services.AddOptions<HealthCheckServiceOptions>().PostConfigure<IConfiguration>((o, config) =>
        {
            var timeout = TimeSpan.FromSeconds(config.GetValue("Vigil:ReadyTimeoutSeconds", 3.0));
            foreach (var registration in o.Registrations) registration.Timeout = timeout;
        });
        return services;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        var ready = new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync };
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", ready).AllowAnonymous();
        app.MapHealthChecks("/health", ready).AllowAnonymous(); // the original probe, kept for scripts that use it
        return app;
    }

    private static async Task<bool> SchemaIsCurrentAsync(VigilDbContext db, CancellationToken ct) =>
        await db.Database.CanConnectAsync(ct) && !(await db.Database.GetPendingMigrationsAsync(ct)).Any();

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        var checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString().ToLowerInvariant());
        // The short id of the linkage model this node's index was built with (null before its first build), so an operator
        // or the proxy's checks can see that every node scores with the same model (ADR 3153). A hash, not data.
        var model = http.RequestServices.GetService<Linkage.LinkageEngine>()?.ModelInUse?.ShortId;
        http.Response.Headers.CacheControl = "no-store";
        if (report.Status == HealthStatus.Healthy)
        {
            http.Response.ContentType = "application/json";
            return http.Response.WriteAsync(JsonSerializer.Serialize(new { status = "healthy", checks, linkage_model = model }));
        }
        http.Response.ContentType = "application/problem+json";
        var failing = string.Join(", ", checks.Where(c => c.Value != "healthy").Select(c => c.Key));
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            type = "about:blank", title = "Not ready", status = StatusCodes.Status503ServiceUnavailable,
            detail = $"Failing: {failing}.", checks,
        }));
    }
}

/// <summary>Unhealthy from the moment shutdown begins, so the proxy stops sending new requests while the node
/// finishes the ones it has.</summary>
internal sealed class DrainingCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("shutting down") : HealthCheckResult.Healthy());
}
