using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Operations;

/// <summary>ADR 2191: requests and EF commands are traced when an OTLP collector is configured, and not at all
/// otherwise (a tracer with nobody to send to cost every request an activity per command).</summary>
public abstract class TracingTests
{
    protected abstract VigilAppFactory NewApp(IReadOnlyDictionary<string, string> settings, Action<IServiceCollection> changes);

    [Fact]
    public async Task WithAnOtlpCollector_RequestsAndTheirCommands_AreTraced()
    {
        var seen = new Collected();
        // Nothing listens there: the OTLP exporter's failed sends are its own business; the test reads its own exporter.
        var app = NewApp(new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" }, seen.Register);
        try
        {
            await app.InitializeAsync();
            await ListCasesAsync(app);
            Assert.NotNull(app.Services.GetService<TracerProvider>());
            // The server activity stops when the host disposes the request, which can come after the client has the answer.
            await Eventually.HoldsAsync(
                () => seen.Activities.Any(a => a.Kind == ActivityKind.Server && a.DisplayName.Contains("/api/v1/cases", StringComparison.Ordinal)),
                TimeSpan.FromMinutes(1), "the request's server activity"); // a bound, not a measure: the host's disposal can lag on a loaded machine
            Assert.Contains(seen.Activities, a => a.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task WithoutACollector_NothingIsTraced()
    {
        var seen = new Collected();
        var app = NewApp(new Dictionary<string, string>(), seen.Register);
        try
        {
            await app.InitializeAsync();
            await ListCasesAsync(app);
            Assert.Null(app.Services.GetService<TracerProvider>());
            Assert.Empty(seen.Activities);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task ListCasesAsync(VigilAppFactory app)
    {
        var user = await app.CreateUserAsync(Vigil.Data.Identity.Roles.Investigator);
        using var client = app.ApiClient(user);
        using var response = await client.GetAsync("/api/v1/cases");
        response.EnsureSuccessStatusCode();
    }

    /// <summary>An exporter that keeps what it is given, added to whatever tracer the app builds.</summary>
    private sealed class Collected : BaseExporter<Activity>
    {
        private readonly ConcurrentQueue<Activity> activities = new();
        public IReadOnlyCollection<Activity> Activities => activities;

        public void Register(IServiceCollection services) =>
            services.ConfigureOpenTelemetryTracerProvider(b => b.AddProcessor(new SimpleActivityExportProcessor(this)));

        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var activity in batch) activities.Enqueue(activity);
            return ExportResult.Success;
        }
    }
}

public sealed class TracingTests_Sqlite : TracingTests
{
    protected override VigilAppFactory NewApp(IReadOnlyDictionary<string, string> settings, Action<IServiceCollection> changes) =>
        new SqliteApp { Settings = settings, ServiceChanges = changes };
}

public sealed class TracingTests_Postgres : TracingTests
{
    protected override VigilAppFactory NewApp(IReadOnlyDictionary<string, string> settings, Action<IServiceCollection> changes) =>
        new PostgresApp { Settings = settings, ServiceChanges = changes };
}
