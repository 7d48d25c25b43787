namespace Vigil.Web.Features.Users;

public static class UsersCommand
{
    public static Command Create() => new("users", "Create, list, disable and enable users, reset passwords, set roles")
    {
        CreateUser(), ListUsers(), Toggle("disable", true), Toggle("enable", false), ResetPassword(), SetRoles(),
    };

    private static readonly Argument<string> UserName = new("username") { Description = "The user's sign-in name" };

    private static Option<string> PasswordOption() => new("--password") { Description = "Password (12+ characters); read from $VIGIL_PASSWORD if omitted" };

    private static Command CreateUser()
    {
        var display = new Option<string?>("--name") { Description = "Display name" };
        var roles = new Option<string[]>("--role") { Description = $"Role (repeatable): {string.Join(", ", Data.Identity.Roles.All)}", AllowMultipleArgumentsPerToken = true };
        var teams = new Option<string[]>("--team") { Description = "Team (repeatable); created if new", AllowMultipleArgumentsPerToken = true };
        var password = PasswordOption();
        var command = new Command("create", "Create a user") { UserName, display, roles, teams, password };
        command.SetAction(async (parse, ct) => await Run(parse, async admin =>
        {
            var secret = Password(parse, password);
            if (secret is null) return VigilCli.Usage;
            var user = await admin.CreateAsync(parse.GetValue(UserName)!, parse.GetValue(display) ?? parse.GetValue(UserName)!, secret,
                parse.GetValue(roles) ?? [], parse.GetValue(teams) ?? [], ct);
            Console.WriteLine($"created {user.UserName} ({user.Id})");
            return VigilCli.Ok;
        }));
        return command;
    }

    private static Command ListUsers()
    {
        var command = new Command("list", "List users with their roles, teams and status");
        command.SetAction(async (parse, ct) => await Run(parse, async admin =>
        {
            foreach (var u in await admin.ListAsync(ct))
                Console.WriteLine($"{u.UserName,-20} {string.Join(",", u.Roles),-32} {string.Join(",", u.Teams),-24} {(u.Disabled ? "disabled" : u.LockedOut ? "locked" : "active")}");
            return VigilCli.Ok;
        }));
        return command;
    }

    private static Command Toggle(string verb, bool disabled)
    {
        var command = new Command(verb, disabled ? "Disable a user: sign-in stops and their API tokens are revoked (ADR 3112); the account stays for the audit trail" : "Enable a disabled user") { UserName };
        command.SetAction(async (parse, ct) => await Run(parse, async admin =>
        {
            await admin.SetDisabledAsync(parse.GetValue(UserName)!, disabled);
            Console.WriteLine($"{parse.GetValue(UserName)} {verb}d");
            return VigilCli.Ok;
        }));
        return command;
    }

    private static Command ResetPassword()
    {
        var password = PasswordOption();
        var command = new Command("reset-password", "Set a new password, clear any lockout, end their sessions and revoke their API tokens (ADR 3112)") { UserName, password };
        command.SetAction(async (parse, ct) => await Run(parse, async admin =>
        {
            var secret = Password(parse, password);
            if (secret is null) return VigilCli.Usage;
            await admin.ResetPasswordAsync(parse.GetValue(UserName)!, secret);
            Console.WriteLine("password reset");
            return VigilCli.Ok;
        }));
        return command;
    }

    private static Command SetRoles()
    {
        var add = new Option<string[]>("--add") { Description = "Role to add (repeatable)", AllowMultipleArgumentsPerToken = true };
        var remove = new Option<string[]>("--remove") { Description = "Role to remove (repeatable)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("roles", "Add or remove roles") { UserName, add, remove };
        command.SetAction(async (parse, ct) => await Run(parse, async admin =>
        {
            await admin.SetRolesAsync(parse.GetValue(UserName)!, parse.GetValue(add) ?? [], parse.GetValue(remove) ?? []);
            Console.WriteLine("roles updated");
            return VigilCli.Ok;
        }));
        return command;
    }

    internal static async Task<int> Run(ParseResult parse, Func<UserAdmin, Task<int>> action) => await CliServices.Guard(async () =>
    {
        await using var services = CliServices.Build(parse);
        await Hosting.DataSetup.MigrateAsync(services);
        await using var scope = services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<UserAdmin>());
    });

    private static string? Password(ParseResult parse, Option<string> option)
    {
        var value = parse.GetValue(option) ?? Environment.GetEnvironmentVariable("VIGIL_PASSWORD");
        if (string.IsNullOrEmpty(value)) Console.Error.WriteLine("error: give --password or set VIGIL_PASSWORD");
        return value;
    }
}
