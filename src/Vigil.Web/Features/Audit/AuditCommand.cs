using System.CommandLine;
using Vigil.Web.Cli;

namespace Vigil.Web.Features.Audit;

public static class AuditCommand
{
    public static Command Create()
    {
        var verify = new Command("verify", "Check the whole audit chain; exit 1 and name the first altered, deleted, inserted or truncated entry; exit 2 when the key is missing or wrong");
        verify.SetAction(async (parse, ct) => await CliServices.Guard(async () =>
        {
            await using var services = CliServices.Build(parse);
            await using var scope = services.CreateAsyncScope();
            var started = TimeProvider.System.GetTimestamp();
            var result = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(null, ct);
            var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
            if (result.Intact)
            {
                Console.WriteLine($"audit chain intact: {result.Checked:N0} entries verified in {seconds:F1} s; head #{result.LastSequence} {result.HeadHash}");
                return VigilCli.Ok;
            }
            if (result.FirstProblem!.IsKeyFault)
            {
                await Console.Error.WriteLineAsync($"audit key problem: {result.FirstProblem.Message}");
                return VigilCli.Usage;
            }
            Console.WriteLine($"AUDIT CHAIN BROKEN at entry #{result.FirstProblem!.Sequence} ({result.FirstProblem.Kind.ToString().ToLowerInvariant()}): {result.FirstProblem.Message}");
            Console.WriteLine($"{result.Checked:N0} entries before it verified.");
            return VigilCli.Failed;
        }));
        return new Command("audit", "The tamper-evident audit trail") { verify };
    }
}
