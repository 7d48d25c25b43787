using System.CommandLine;

namespace Vigil.Load;

/// <summary>vigil-load: drive one or more Vigil nodes with simulated officers and check nothing acknowledged was lost.
/// Exit 0: no unexpected errors (409/412 are designed answers), no lost write, audit chain intact; 1 otherwise.</summary>
public static class LoadProgram
{
    public static async Task<int> Main(string[] args)
    {
        var db = new Option<string>("--db") { Description = "The store the nodes serve (SQLite path or PostgreSQL connection string)", Required = true };
        var key = new Option<string>("--audit-key-file") { Description = "The store's audit key file", Required = true };
        var urls = new Option<string[]>("--url") { Description = "A running node to drive (repeat for several)", AllowMultipleArgumentsPerToken = true };
        var nodes = new Option<int>("--nodes") { Description = "Start this many `vigil serve` nodes on the store instead", DefaultValueFactory = _ => 0 };
        var users = new Option<int>("--users") { Description = "Simulated officers", DefaultValueFactory = _ => 50 };
        var minutes = new Option<double>("--minutes") { Description = "How long to run", DefaultValueFactory = _ => 10 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of the same steps before the measured part, not counted (compiled views, filled caches)", DefaultValueFactory = _ => 0 };
        var think = new Option<string>("--think")
        {
            Description = "Each user's pause between steps, a range in milliseconds drawn uniformly (\"250-750\": a busy desk; \"1000-5000\": Locust's between(1, 5))",
            DefaultValueFactory = _ => "250-750",
        };
        var shortRun = new Option<bool>("--short") { Description = "The CI mode: 4 users, each taking every kind of step twice" };
        var root = new RootCommand("Load generator for Vigil (issue 13 item 6)") { db, key, urls, nodes, users, minutes, warmup, think, shortRun };
        root.SetAction(async (parse, ct) =>
        {
            var options = parse.GetValue(shortRun)
                ? LoadOptions.Short(parse.GetValue(db)!, parse.GetValue(key)!, parse.GetValue(nodes))
                : new LoadOptions
                {
                    Database = parse.GetValue(db)!, AuditKeyFile = parse.GetValue(key)!, StartNodes = parse.GetValue(nodes),
                    Users = parse.GetValue(users), Duration = TimeSpan.FromMinutes(parse.GetValue(minutes)),
                    Warmup = TimeSpan.FromSeconds(parse.GetValue(warmup)),
                    ThinkMinMs = ThinkRange.Parse(parse.GetValue(think)!).Min, ThinkMaxMs = ThinkRange.Parse(parse.GetValue(think)!).Max,
                };
            options.Urls.AddRange(parse.GetValue(urls) ?? []);
            var result = await LoadRun.RunAsync(options, Console.Out, ct);
            Console.WriteLine(LoadRun.Report(result, options));
            return result.Passed ? 0 : 1;
        });
        return await root.Parse(args).InvokeAsync();
    }
}
