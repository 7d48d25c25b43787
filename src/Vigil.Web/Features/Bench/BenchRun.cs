using System.CommandLine;
using Vigil.Web.Cli;

namespace Vigil.Web.Features.Bench;

/// <summary>What every `vigil bench` verb shares: it measures a migrated store, and reports latencies as nearest-rank
/// percentiles of the sorted samples.</summary>
internal static class BenchRun
{
    /// <summary>The CLI's services over --db, with the store migrated first.</summary>
    public static async Task<ServiceProvider> MigratedServicesAsync(ParseResult parse, CancellationToken ct)
    {
        var services = CliServices.Build(parse);
        await DataSetup.MigrateAsync(services, ct);
        return services;
    }

    /// <summary>The bench's own writer on the store those services use.</summary>
    public static BenchStore Store(IServiceProvider services) =>
        new(CliServices.Settings(services).Database, services.GetRequiredService<AuditHasher>());

    /// <summary>"p50 … ms  p95 … ms  p99 … ms" of sorted samples.</summary>
    public static string P50P95P99(List<double> sorted) => string.Create(CultureInfo.InvariantCulture,
        $"p50 {P(sorted, 0.50),7:F1} ms  p95 {P(sorted, 0.95),7:F1} ms  p99 {P(sorted, 0.99),7:F1} ms");

    /// <summary>The nearest-rank percentile q (0–1) of sorted samples.</summary>
    public static double P(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
