namespace Vigil.Web.Features.Bench;

/// <summary>What every `vigil bench` verb shares: it measures a migrated store of its own, and reports latencies as
/// nearest-rank percentiles of the sorted samples.</summary>
internal static class BenchRun
{
    /// <summary>A bench verb: its arguments and options, and a measurement that runs on the CLI's services over --db with
    /// the store migrated first, answering the exit code. A store anyone can sign in to is refused (exit 2): every verb
    /// writes synthetic deaths, histories or audit entries into the store it measures, past the audit interceptor, and
    /// on a working store they would join the casework, the linkage index and the chain (ADR 1626).</summary>
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
            if (await AccountsAsync(services, ct) is > 0 and var accounts)
            {
                await Console.Error.WriteLineAsync($"error: the store has {accounts} sign-in account(s), so people work in it; `vigil bench` "
                    + "writes synthetic deaths and audit entries into the store it measures. Name a store of its own with --db (ADR 1626).");
                return VigilCli.Usage;
            }
            return await measure(parse, services, ct);
        });
        return command;
    }

    private static async Task<int> AccountsAsync(ServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Data.VigilDbContext>().Users.CountAsync(ct);
    }

    /// <summary>The bench's own writer on the store those services use.</summary>
    public static BenchStore Store(IServiceProvider services) =>
        new(services, CliServices.Settings(services).Database, services.GetRequiredService<AuditHasher>());

    /// <summary>"p50 … ms  p95 … ms  p99 … ms" of sorted samples.</summary>
    public static string P50P95P99(List<double> sorted) => string.Create(CultureInfo.InvariantCulture,
        $"p50 {P(sorted, 0.50),7:F1} ms  p95 {P(sorted, 0.95),7:F1} ms  p99 {P(sorted, 0.99),7:F1} ms");

    /// <summary>The nearest-rank percentile q (0–1) of sorted samples.</summary>
    public static double P(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
