using System.CommandLine;
using System.Text.Json;
using Vigil.Linkage.Features;
using Vigil.Web.Cli;

namespace Vigil.Web.Features.Linkage.Clusters;

/// <summary>`vigil clusters`: the space–time scan over the store, printed as JSON (the most unusual cluster and its p-value).</summary>
public static class ClustersCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var kind = new Option<DeathKind>("--kind") { Description = "Kind of death to scan", DefaultValueFactory = _ => DeathKind.Ghb };
        var days = new Option<int>("--days") { Description = "Period scanned, days back from the latest death", DefaultValueFactory = _ => 1095 };
        var command = new Command("clusters", "Scan the store for an unusual space-time cluster of similar deaths (space-time permutation scan)") { kind, days };
        command.SetAction(async (parse, ct) => await LinkageCommands.Run(async () =>
        {
            await using var services = CliServices.Build(parse);
            await Hosting.DataSetup.MigrateAsync(services, ct);
            var result = await new ClusterScan(services.GetRequiredService<LinkageEngine>()).RunAsync(parse.GetValue(kind), parse.GetValue(days), null, ct);
            var c = result.Cluster;
            object? cluster = c is null ? null : new
            {
                observed = c.Observed, expected = Math.Round(c.Expected, 3), llr = Math.Round(c.LogLikelihoodRatio, 3), p_value = c.PValue,
                radius_km = Math.Round(c.RadiusKm, 2), start_days = c.StartDays, end_days = c.EndDays, members = result.MemberCaseIds,
            };
            Console.WriteLine(JsonSerializer.Serialize(new { kind = result.Kind.ToString(), deaths = result.Deaths, cluster }, Indented));
            return VigilCli.Ok;
        }));
        return command;
    }
}
