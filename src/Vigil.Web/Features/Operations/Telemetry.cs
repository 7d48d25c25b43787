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
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("vigil", serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(Name)
                .AddPrometheusExporter());
        // Load runs only (ADR 3184): the runtime's own allocated-bytes counter is not steady under the server GC.
        if (configuration.GetValue<bool>("Vigil:AllocationTicks")) services.AddSingleton<AllocationTicks>();
        // No tracer without an exporter (ADR 2191): a registered tracer samples every request and every EF command
        // (always on), creating and filling an activity for each with nobody to send it to.
        if (TracingWanted(configuration))
            otel.WithTracing(t => t
                .AddSource(Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path))
                .AddEntityFrameworkCoreInstrumentation()
                .AddOtlpExporter());
        return services;
    }

    /// <summary>Traces are recorded only when they have somewhere to go: an OTLP collector.</summary>
    public static bool TracingWanted(IConfiguration configuration) => configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 };

    /// <summary>Scrapes and probes are not traced: they would drown the requests people make.</summary>
    private static bool IsProbe(PathString path) => path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health");

    public static WebApplication MapVigilMetrics(this WebApplication app)
    {
        app.UseMiddleware<MetricsAccess>();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        _ = app.Services.GetService<AllocationTicks>(); // counting from the start, not from the first scrape
        return app;
    }
}
