namespace Vigil.Web.Cli;

/// <summary>The services a verb needs, without the web server: the same composition root (<see cref="VigilComposition.AddVigil"/>)
/// as the web app, configured from environment variables and the verb's own options.</summary>
public static class CliServices
{
    public static readonly Option<string?> DbOption = new("--db")
    {
        Description = "SQLite file path or PostgreSQL connection string (default: $VIGIL_DB, else .vigil/vigil.db)",
        Recursive = true,
    };

    /// <summary>Settings the verb's options override ("Vigil:Database" from --db).</summary>
    public static Dictionary<string, string?> Overrides(ParseResult parse) =>
        parse.GetValue(DbOption) is { Length: > 0 } db ? new() { ["Vigil:Database"] = db } : [];

    public static ServiceProvider Build(ParseResult parse) => Build(Overrides(parse));

    /// <summary>Environment variables (VIGIL__…, VIGIL_DB), then <paramref name="overrides"/>; options are validated
    /// here as the web host validates them on start, so a bad setting stops the verb before it touches the store.</summary>
    /// <param name="configure">Last-word registrations (the demo's clock).</param>
    public static ServiceProvider Build(IReadOnlyDictionary<string, string?> overrides, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build());
        services.AddLogging(b => b.AddVigilLogging(new ConfigurationBuilder().AddEnvironmentVariables().Build()));
        services.AddVigil();
        // Every change a verb makes is the operating-system user's.
        services.AddScoped<IAuditActor>(_ => new FixedAuditActor($"cli:{Environment.UserName}"));
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        try
        {
            provider.GetService<IStartupValidator>()?.Validate();
            return provider;
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    public static VigilSettings Settings(IServiceProvider services) => services.GetRequiredService<IOptions<VigilSettings>>().Value;

    public static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Data.Audit.AuditKeyException ex)
        {
            // A configuration fault, not a broken chain: point the store at its key (ADR 0801).
            await Console.Error.WriteLineAsync($"audit key problem: {ex.Message}");
            return VigilCli.Usage;
        }
        catch (Exception ex) when (Fault(ex) is { } fault)
        {
            await Console.Error.WriteLineAsync($"error: {fault.Message}");
            return VigilCli.Failed;
        }
    }

    /// <summary>The operator's fault inside <paramref name="ex"/>: EF's retrying strategy wraps an unreachable database
    /// in "an exception ... likely due to a transient failure", so the chain is searched, not only the top.</summary>
    private static Exception? Fault(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is RefusedException or OptionsValidationException or Data.Audit.Tree.AuditTreeException
                or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
                return ex;
        return null;
    }
}
