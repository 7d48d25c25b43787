namespace Vigil.Web.Cli;

/// <summary>The `vigil` command line. Exit codes: 0 success, 1 failure or problems found, 2 bad usage.</summary>
public static class VigilCli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    /// <summary>Host-style arguments (none, or only --options as WebApplicationFactory passes) mean "serve".</summary>
    public static bool IsServeInvocation(string[] args) =>
        args.Length == 0 || (args[0].StartsWith("--", StringComparison.Ordinal) && args[0] is not ("--help" or "--version") && !args.Contains("--help"));

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Vigil: every reported death a case, every line of enquiry followed, every change audited.")
        {
            CliServices.DbOption,
            ServeCommand.Create(),
            MigrateCommand.Create(),
            Features.Import.ImportCommand.Create(),
            Features.Export.ExportCommand.Create(),
            Features.Users.UsersCommand.Create(),
            Features.Users.TokensCommand.Create(),
            Features.Audit.AuditCommand.Create(),
            Features.Demo.DemoCommand.Create(),
            Features.Bench.BenchCommand.Create(),
            Features.Search.SearchCommand.Create(),
            Features.Enquiries.Rules.RulesCommand.Create(),
            Features.Family.Portal.UploadsCommand.Create(),
            Features.Family.Liaison.LiaisonCommand.Create(),
        };
        foreach (var verb in Features.Linkage.LinkageCommands.Create()) root.Subcommands.Add(verb);
        foreach (var verb in Features.Backup.BackupCommand.Create()) root.Subcommands.Add(verb);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await Console.Error.WriteLineAsync(error.Message);
            await Console.Error.WriteLineAsync("See `vigil --help`.");
            return Usage;
        }
        // One place turns a configuration or store fault into a message and an exit code for every verb (a missing
        // audit key, an unreachable database), instead of System.CommandLine's stack trace; bugs still throw.
        try
        {
            return await CliServices.Guard(() => parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // What System.CommandLine's own handler did: the whole exception, exit code 1.
            await Console.Error.WriteLineAsync("Unhandled exception: " + ex);
            return Failed;
        }
    }
}
