using Vigil.Linkage.Features;

namespace Vigil.Web.Features.Linkage.Clusters;

/// <summary>`vigil clusters`: the space–time scan over the store, printed as JSON (the most unusual cluster and its p-value).</summary>
public static class ClustersCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var kind = new Option<DeathKind>("--kind") { Description = "Kind of death to scan", DefaultValueFactory = _ => DeathKind.Ghb };
        var days = new Option<int>("--days") { Description = "Period scanned, days back from the latest death", DefaultValueFactory = _ => 1095 };
        var command = new Command("clusters", "List the most unusual prospective clusters of a kind of death (space-time, shared feature, purely spatial), with recurrence intervals") { kind, days };
        command.SetAction(async (parse, ct) => await LinkageCommands.Run(async () =>
        {
            await using var services = CliServices.Build(parse);
            await Hosting.DataSetup.MigrateAsync(services, ct);
            var result = await new ClusterScan(services.GetRequiredService<LinkageEngine>()).RunAsync(parse.GetValue(kind), parse.GetValue(days), null, ct);
            var clusters = result.Clusters.Select(c => new
            {
                sentence = c.Sentence, locality = c.Locality.ToString(), window_days = c.WindowDays, observed = c.Observed,
                expected = Math.Round(c.Expected, 3), surprise = Math.Round(c.Surprise, 2), recurrence_years = Math.Round(c.RecurrenceYears, 2), members = c.MemberCaseIds,
            });
            Console.WriteLine(JsonSerializer.Serialize(new { kind = result.Kind.ToString(), days = result.SinceDays, clusters }, Indented));
            return VigilCli.Ok;
        }));
        return command;
    }
}
