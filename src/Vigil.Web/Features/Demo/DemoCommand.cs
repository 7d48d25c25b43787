using Vigil.Web.Features.Import;
using Vigil.Web.Features.Users;

namespace Vigil.Web.Features.Demo;

/// <summary>`vigil demo`: a fresh SQLite store with a few thousand synthetic deaths, one user per role, then serve.</summary>
public static class DemoCommand
{
    public const string Password = "vigil-demo-2026";

    /// <summary>One user per role (and a second investigator, so each team has its own: ADR 1643), with fictional full names: what colleagues and families see, never the login.</summary>
    public static readonly (string User, string Name, string Role, string[] Teams)[] Users =
    [
        ("investigator", "DC Amira Haddad", Data.Identity.Roles.Investigator, ["East Area MIT"]),
        ("investigator-central", "DC Ben Reyes", Data.Identity.Roles.Investigator, ["Central Area MIT"]),
        ("supervisor", "DS Owen Pryce", Data.Identity.Roles.Supervisor, ["East Area MIT", "Central Area MIT"]),
        ("analyst", "Nadia Ferreira", Data.Identity.Roles.Analyst, []),
        ("flo", "DC Grace Okonjo", Data.Identity.Roles.FamilyLiaison, ["East Area MIT"]),
        ("reviewer", "Helen Marsh", Data.Identity.Roles.Reviewer, []),
        ("admin", "Sam Patel", Data.Identity.Roles.Administrator, []),
    ];

    /// <summary>The full name of a demo user, by login.</summary>
    public static string NameOf(string user) => Users.Single(u => u.User == user).Name;

    /// <summary>Who leads a demo case of this team: one of the team's own demo officers, its investigator if it has
    /// one, else its supervisor (ADR 1632).</summary>
    public static string OfficerInChargeFor(string team) =>
        Users.Where(u => u.Teams.Contains(team) && (u.Role == Data.Identity.Roles.Investigator || u.Role == Data.Identity.Roles.Supervisor))
            .OrderBy(u => u.Role == Data.Identity.Roles.Investigator ? 0 : 1).Select(u => u.User).First();

    public static Command Create()
    {
        var dir = new Option<DirectoryInfo>("--dir") { Description = "Where the demo store lives: a new or empty folder, or one an earlier `vigil demo` made (wiped first); any other folder is refused", DefaultValueFactory = _ => new DirectoryInfo(DefaultFolder) };
        var records = new Option<int>("--records") { Description = "How many synthetic deaths", DefaultValueFactory = _ => 4000 };
        var noServe = new Option<bool>("--no-serve") { Description = "Build the store and exit" };
        var command = new Command("demo", "Create a fresh demo store with synthetic deaths and one user per role, then serve it")
        {
            dir, records, noServe, ServeCommand.Urls,
        };
        command.SetAction(async (parse, ct) =>
        {
            var folder = parse.GetValue(dir)!;
            if (!MayWipe(folder))
            {
                await Console.Error.WriteLineAsync($"error: {folder.FullName} is not empty and is not a demo store `vigil demo` made: name a new folder (ADR 3137)");
                return VigilCli.Usage;
            }
            if (folder.Exists) folder.Delete(recursive: true);
            folder.Create();
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, Marker), "A demo store made by `vigil demo`: the next `vigil demo --dir` here wipes it.\n", ct);
            var db = Path.Combine(folder.FullName, "vigil.db");
            var store = new Dictionary<string, string?> { ["Vigil:Database"] = db, ["Vigil:AuditKeyFile"] = Path.Combine(folder.FullName, "audit.key") };
            var generated = Generate(parse.GetValue(records));
            var clock = new DemoClock(generated.Min(r => r.FoundAt.UtcDateTime).AddDays(-1));
            await using (var services = BuildServices(store, clock))
            {
                await DataSetup.MigrateAsync(services, ct);
                await SeedAsync(services, clock, generated, ct);
                // The demo's first signed tree head, so `audit checkpoint` and `audit prove` have a log to show.
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<Data.Audit.Tree.AuditTreeHeads>().SignAsync(ct);
            }
            var urls = parse.GetValue(ServeCommand.Urls)!;
            Console.WriteLine();
            Console.WriteLine($"Vigil demo store: {db}");
            Console.WriteLine($"Sign in at {urls}/login with any of these (password '{Password}'):");
            foreach (var (user, name, role, teams) in Users)
                Console.WriteLine($"  {user,-21} {role,-16} {name,-18} {string.Join(", ", teams)}");
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

    /// <summary>The file that marks a folder as a demo store `vigil demo` made, and so one it may wipe.</summary>
    public const string Marker = ".vigil-demo-store";

    /// <summary>Whether `vigil demo` may wipe <paramref name="folder"/>: absent, empty, or marked as a demo store (or the
    /// default `.vigil-demo` holding a store, made before the mark). Anything else is somebody's data: the production
    /// store's default folder, `.vigil`, is one typo from the demo's (ADR 3137).</summary>
    public static bool MayWipe(DirectoryInfo folder) =>
        !folder.Exists || !folder.EnumerateFileSystemInfos().Any() || File.Exists(Path.Combine(folder.FullName, Marker))
        || (folder.Name == DefaultFolder && File.Exists(Path.Combine(folder.FullName, "vigil.db")));

    private const string DefaultFolder = ".vigil-demo";

    /// <summary>The CLI's services on the demo clock, acting as the demo users when the story needs them.</summary>
    public static ServiceProvider BuildServices(IReadOnlyDictionary<string, string?> store, DemoClock clock)
    {
        var actor = new DemoActor();
        return CliServices.Build(store, s => s.AddSingleton<TimeProvider>(clock).AddSingleton(actor).AddScoped<Data.Audit.IAuditActor>(_ => actor));
    }

    public static List<DeathRecord> Generate(int count) =>
        new DemoGenerator().Generate(count, new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc)).ToList();

    /// <summary>Demo users, then the deaths recorded day by day on the demo clock with the hidden series' story
    /// played at its dates (<see cref="DemoStory"/>).</summary>
    public static async Task SeedAsync(IServiceProvider services, DemoClock clock, IReadOnlyList<DeathRecord> generated, CancellationToken ct)
    {
        Guid east, central;
        await using (var scope = services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdmin>();
            foreach (var (user, name, role, teams) in Users)
                await admin.CreateAsync(user, name, Password, [role], teams, ct);
            east = (await admin.EnsureTeamAsync("East Area MIT", ct)).Id;
            central = (await admin.EnsureTeamAsync("Central Area MIT", ct)).Id;
        }
        await new DemoStory(services, clock).SeedAsync(generated, east, central, DateTime.UtcNow, ct);
        Console.WriteLine($"recorded {generated.Count:N0} demo deaths day by day from {generated.Min(r => r.FoundAt):yyyy-MM-dd} to {generated.Max(r => r.FoundAt):yyyy-MM-dd}");
    }
}
