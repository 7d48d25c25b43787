namespace Vigil.Web.Features.Family.Liaison;

/// <summary>`vigil liaison rebuild`: makes every case's liaison row again from the family tables (ADR 3267). The
/// database's triggers keep them with every write; this is for a restore of part of a store, or a doubt.</summary>
public static class LiaisonCommand
{
    public static Command Create()
    {
        var rebuild = new Command("rebuild", "Make every case's liaison row (the dashboard's inputs) again from the family tables");
        rebuild.SetAction(async (parse, ct) =>
        {
            await using var services = CliServices.Build(parse);
            await DataSetup.MigrateAsync(services, ct);
            var started = DateTime.UtcNow;
            var rows = await LiaisonRows.FillAsync(services, ct);
            Console.WriteLine($"liaison rows rebuilt: {rows:N0} cases in {(DateTime.UtcNow - started).TotalSeconds:F1} s");
            return VigilCli.Ok;
        });
        return new Command("liaison", "Family liaison maintenance") { rebuild };
    }
}
