namespace Vigil.Web.Cli;

public static class ServeCommand
{
    public static readonly Option<string> Urls = new("--urls")
    {
        Description = "Addresses to listen on",
        DefaultValueFactory = _ => "http://127.0.0.1:5080",
    };

    public static Command Create()
    {
        var migrate = new Option<bool>("--migrate") { Description = "Apply database migrations before serving" };
        var command = new Command("serve", "Run the web app and API") { Urls, migrate };
        command.SetAction(async (parse, ct) =>
        {
            var app = VigilHost.Build(["--urls", parse.GetValue(Urls)!], b =>
            {
                foreach (var (key, value) in CliServices.Overrides(parse)) b.Configuration[key] = value;
                if (parse.GetValue(migrate)) b.Configuration["Vigil:MigrateOnStartup"] = "true";
            });
            await app.RunAsync(ct);
            // For measuring a node (bench/scripts): the wall time its saves spent in each stage, summed, once it stops.
            if (Environment.GetEnvironmentVariable("VIGIL_STAGE_REPORT") is { Length: > 0 } report)
                await File.WriteAllTextAsync(report, Vigil.Data.Diagnostics.StageClock.Report() + "\n", CancellationToken.None);
            return VigilCli.Ok;
        });
        return command;
    }
}

public static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Create or upgrade the database schema (SQLite or PostgreSQL)");
        command.SetAction(async (parse, ct) => await CliServices.Guard(async () =>
        {
            await using var services = CliServices.Build(parse);
            var applied = await DataSetup.MigrateAsync(services, ct);
            foreach (var migration in applied) Console.WriteLine($"applied {migration}");
            Console.WriteLine("database is up to date");
            return VigilCli.Ok;
        }));
        return command;
    }
}
