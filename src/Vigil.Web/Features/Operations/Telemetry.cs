using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Vigil.Web.Features.Operations;

/// <summary>Request metrics and traces through OpenTelemetry. Metrics are scraped from /metrics (Prometheus text
/// format, loopback or <c>Vigil:MetricsAllowFrom</c> only); traces go to an OTLP collector when
/// OTEL_EXPORTER_OTLP_ENDPOINT is set and are otherwise not recorded.</summary>
public static class Telemetry
{
    public const string Name = "Vigil";
    public static readonly ActivitySource Activities = new(Name);
    public static readonly Meter Meter = new(Name);

    public static IServiceCollection AddVigilTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 };
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("vigil", serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(Name)
                .AddPrometheusExporter())
            .WithTracing(t =>
            {
                t.AddSource(Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path))
                    .AddEntityFrameworkCoreInstrumentation();
                if (otlp) t.AddOtlpExporter();
            });
        return services;
    }

    /// <summary>Scrapes and probes are not traced: they would drown the requests people make.</summary>
    private static bool IsProbe(PathString path) => path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health");

    public static WebApplication MapVigilMetrics(this WebApplication app)
    {
        app.UseMiddleware<MetricsAccess>();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }
}
