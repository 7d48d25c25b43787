namespace Vigil.Web.Features.Bench;

/// <summary>What every `vigil bench` verb shares: it measures a migrated store, and reports latencies as nearest-rank
/// percentiles of the sorted samples.</summary>
internal static class BenchRun
{
    /// <summary>A bench verb: its arguments and options, and a measurement that runs on the CLI's services over --db with
    /// the store migrated first, answering the exit code.</summary>
    public static Command Verb(string name, string description, Symbol[] inputs, Func<ParseResult, ServiceProvider, CancellationToken, Task<int>> measure)
    {
        var command = new Command(name, description);
        foreach (var input in inputs)
        {
            if (input is Argument argument) command.Arguments.Add(argument);
            else command.Options.Add((Option)input);
        }
        command.SetAction(async (parse, ct) =>
        {
            await using var services = CliServices.Build(parse);
            await DataSetup.MigrateAsync(services, ct);
            return await measure(parse, services, ct);
        });
        return command;
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
