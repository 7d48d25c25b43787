using System.CommandLine;
using Vigil.Records;
using Vigil.Web.Cli;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Users;
using Vigil.Web.Hosting;

namespace Vigil.Web.Features.Demo;

/// <summary>`vigil demo`: a fresh SQLite store with a few thousand synthetic deaths, one user per role, then serve.</summary>
public static class DemoCommand
{
    public const string Password = "vigil-demo-2026";

    public static readonly (string User, string Role, string[] Teams)[] Users =
    [
        ("investigator", Data.Identity.Roles.Investigator, ["East Area MIT"]),
        ("supervisor", Data.Identity.Roles.Supervisor, ["East Area MIT", "Central Area MIT"]),
        ("analyst", Data.Identity.Roles.Analyst, []),
        ("flo", Data.Identity.Roles.FamilyLiaison, ["East Area MIT"]),
        ("reviewer", Data.Identity.Roles.Reviewer, []),
        ("admin", Data.Identity.Roles.Administrator, []),
    ];

    public static Command Create()
    {
        var dir = new Option<DirectoryInfo>("--dir") { Description = "Where the demo store lives (wiped first)", DefaultValueFactory = _ => new DirectoryInfo(".vigil-demo") };
        var records = new Option<int>("--records") { Description = "How many synthetic deaths", DefaultValueFactory = _ => 4000 };
        var noServe = new Option<bool>("--no-serve") { Description = "Build the store and exit" };
        var command = new Command("demo", "Create a fresh demo store with synthetic deaths and one user per role, then serve it")
        {
            dir, records, noServe, ServeCommand.Urls,
        };
        command.SetAction(async (parse, ct) =>
        {
            var folder = parse.GetValue(dir)!;
            if (folder.Exists) folder.Delete(recursive: true);
            folder.Create();
            var db = Path.Combine(folder.FullName, "vigil.db");
            var store = new Dictionary<string, string?> { ["Vigil:Database"] = db, ["Vigil:AuditKeyFile"] = Path.Combine(folder.FullName, "audit.key") };
            await using (var services = CliServices.Build(store))
            {
                await DataSetup.MigrateAsync(services, ct);
                await SeedAsync(services, parse.GetValue(records), ct);
                // The demo's first signed tree head, so `audit checkpoint` and `audit prove` have a log to show.
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<Data.Audit.Tree.AuditTreeHeads>().SignAsync(ct);
            }
            var urls = parse.GetValue(ServeCommand.Urls)!;
            Console.WriteLine();
            Console.WriteLine($"Vigil demo store: {db}");
            Console.WriteLine($"Sign in at {urls}/login with any of these (password '{Password}'):");
            foreach (var (user, role, teams) in Users)
                Console.WriteLine($"  {user,-14} {role,-16} {string.Join(", ", teams)}");
            if (parse.GetValue(noServe)) return VigilCli.Ok;
            var app = VigilHost.Build(["--urls", urls], b =>
            {
                foreach (var (key, value) in store) b.Configuration[key] = value;
            });
            await app.RunAsync(ct);
            return VigilCli.Ok;
        });
        return command;
    }

    public static async Task SeedAsync(IServiceProvider services, int count, CancellationToken ct)
    {
        Guid east, central;
        await using (var scope = services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdmin>();
            foreach (var (user, role, teams) in Users)
                await admin.CreateAsync(user, $"Demo {role}", Password, [role], teams, ct);
            east = (await admin.EnsureTeamAsync("East Area MIT", ct)).Id;
            central = (await admin.EnsureTeamAsync("Central Area MIT", ct)).Id;
        }
        var generated = new DemoGenerator().Generate(count, new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc)).ToList();
        var importer = services.GetRequiredService<ImportService>();
        foreach (var (team, part) in new[] { (east, generated.Where(DemoGenerator.IsEast)), (central, generated.Where(r => !DemoGenerator.IsEast(r))) })
        {
            using var buffer = new MemoryStream();
            foreach (var r in part) DeathRecordWriter.WriteLine(buffer, r);
            buffer.Position = 0;
            var summary = await importer.ImportAsync(buffer, new ImportOptions(team, "demo-met"), null, ct);
            Console.WriteLine($"imported {summary.Created:N0} demo deaths into {(team == east ? "East" : "Central")} Area MIT");
        }
    }
}
