namespace Vigil.Web.Features.Enquiries.Rules;

/// <summary>`vigil rules apply`: after an upgrade that ships a new enquiry rule, raise it on the open cases saved before
/// it existed (ADR 3147). Exit 0 done (closed cases skipped are expected), 1 a case could not be changed or the case
/// named does not exist, 2 bad usage or the rules are turned off.</summary>
public static class RulesCommand
{
    public static Command Create() => new("rules", "The enquiry rules (mandatory lines of enquiry raised from a case's facts)") { Apply() };

    private static Command Apply()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Count what would be added; change nothing" };
        var reference = new Option<string?>("--case") { Description = "Only this case (its reference, e.g. VGL-2026-000042)" };
        var team = new Option<string?>("--team") { Description = "Only this team's cases" };
        var batch = new Option<int>("--batch") { Description = "Cases read (and saved) at a time", DefaultValueFactory = _ => RulesApply.DefaultBatchSize };
        var command = new Command("apply", "Run the rules in force over every open case and add the actions they call for that the case lacks. "
            + "An action raised before is never raised again, whatever became of it; closed cases are skipped; each addition is audited as "
            + RulesApply.Actor + ". Safe to run again: a second run adds nothing.") { dryRun, reference, team, batch };
        command.SetAction(async (parse, ct) => await CliServices.Guard(async () =>
        {
            if (parse.GetValue(batch) is < 1 or > 5000)
            {
                await Console.Error.WriteLineAsync("error: --batch must be 1-5000");
                return VigilCli.Usage;
            }
            await using var services = CliServices.Build(parse);
            if (services.GetRequiredService<IOptions<EnquiryOptions>>().Value.RulesDisabled)
            {
                await Console.Error.WriteLineAsync("error: the enquiry rules are turned off (Vigil:Enquiries:RulesDisabled): nothing would be raised");
                return VigilCli.Usage;
            }
            await DataSetup.MigrateAsync(services, ct);
            Guid? teamId = null;
            if (parse.GetValue(team) is { } name && (teamId = await TeamIdAsync(services, name, ct)) is null)
            {
                await Console.Error.WriteLineAsync($"error: no team named {name}");
                return VigilCli.Failed;
            }
            var rules = services.GetRequiredService<EnquiryRuleEngine>().Rules;
            var summary = await services.GetRequiredService<RulesApply>().RunAsync(new RulesApplyScope(teamId, parse.GetValue(reference)), parse.GetValue(dryRun),
                s => { if (!Console.IsOutputRedirected) Console.Write($"\r{s.Examined:N0} cases examined, {s.Changed:N0} changed"); }, ct, parse.GetValue(batch));
            if (!Console.IsOutputRedirected) Console.WriteLine();
            if (parse.GetValue(reference) is { } r && summary.Examined == 0)
            {
                await Console.Error.WriteLineAsync($"error: no case {r}{(teamId is null ? "" : " in that team")}");
                return VigilCli.Failed;
            }
            Report(summary, rules, parse.GetValue(dryRun));
            return summary.Failed == 0 ? VigilCli.Ok : VigilCli.Failed;
        }));
        return command;
    }

    private static async Task<Guid?> TeamIdAsync(IServiceProvider services, string name, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<VigilDbContext>().Teams.Where(t => t.Name == name).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(ct);
    }

    private static void Report(RulesApplySummary s, EnquiryRuleSet rules, bool dryRun)
    {
        var added = dryRun ? "would be added to" : "added to";
        Console.WriteLine($"rules v{rules.Version} ({rules.Rules.Count} rules): {s.Examined:N0} cases examined; {s.Added:N0} actions {added} {s.Changed:N0} cases in {s.Elapsed.TotalSeconds:F1} s{(dryRun ? " (dry run: nothing changed)" : "")}");
        foreach (var (rule, count) in s.AddedByRule) Console.WriteLine($"  {rule}: {count:N0}");
        foreach (var (why, skipped) in s.SkippedFor)
        {
            var more = skipped.Cases > skipped.References.Count ? $", and {skipped.Cases - skipped.References.Count:N0} more" : "";
            Console.WriteLine($"skipped {skipped.Cases:N0} cases ({skipped.Actions:N0} actions the rules call for): {why} {string.Join(", ", skipped.References)}{more}");
        }
    }
}
