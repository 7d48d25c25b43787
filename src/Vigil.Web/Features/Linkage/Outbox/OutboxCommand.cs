namespace Vigil.Web.Features.Linkage.Outbox;

/// <summary>`vigil outbox [--retry]`: the linkage queue for operators (ADR 1193). Exit code 1 while any death is
/// parked, so a monitoring script notices a death that is not being compared.</summary>
public static class OutboxCommand
{
    public static Command Create()
    {
        var retry = new Option<bool>("--retry") { Description = "Put parked deaths back in the queue (after fixing what made them fail)" };
        var command = new Command("outbox", "Show the linkage queue: deaths waiting to be compared, and deaths parked after repeated failures with their last error") { retry };
        command.SetAction(async (parse, ct) => await LinkageCommands.Run(async () =>
        {
            await using var services = CliServices.Build(parse);
            await Hosting.DataSetup.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var parked = scope.ServiceProvider.GetRequiredService<ParkedLinkage>();
            if (parse.GetValue(retry))
            {
                var queued = await parked.RetryAsync(ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Plural.Count(queued, "parked death", "parked deaths")} queued again"));
            }
            // Deaths, as the line says: a death saved twice before the worker reached it has two rows (ADR 3141).
            var pending = await services.GetRequiredService<LinkageWorker>().PendingDeathsAsync(ct);
            var rows = await parked.ListAsync(ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Plural.Count(pending, "death", "deaths")} waiting to be compared; {rows.Count} parked"));
            foreach (var r in rows)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parked {r.Reference} (found {r.FoundAt:yyyy-MM-dd HH:mm} UTC) after {r.Attempts} attempts: {r.LastError}"));
            return rows.Count == 0 ? VigilCli.Ok : VigilCli.Failed;
        }));
        return command;
    }
}
