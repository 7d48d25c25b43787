namespace Vigil.Web.Features.Users;

public static class TokensCommand
{
    private const int MinDays = 1;
    private const int MaxDays = 365;

    public static Command Create()
    {
        var user = new Argument<string>("username") { Description = "The token's owner; it acts with their roles and teams" };
        var name = new Option<string>("--name") { Description = "What the token is for", DefaultValueFactory = _ => "cli" };
        var days = new Option<int>("--days") { Description = $"Lifetime in days, {MinDays} to {MaxDays}", DefaultValueFactory = _ => 90 };
        // Refused, not clamped, as the API refuses it (ADR 1461, 3138): 0 or less minted a token expired at birth, exit 0.
        days.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < MinDays or > MaxDays) r.AddError($"--days must be {MinDays} to {MaxDays}: a token lives at most a year.");
        });
        var create = new Command("create", "Create an API token; the secret is printed once") { user, name, days };
        create.SetAction(async (parse, ct) => await UsersCommand.Run(parse, async admin =>
        {
            var token = await admin.CreateTokenAsync(parse.GetValue(user)!, parse.GetValue(name)!, TimeSpan.FromDays(parse.GetValue(days)), ct);
            Console.WriteLine(token.Secret);
            await Console.Error.WriteLineAsync($"token {token.Id} expires {token.ExpiresAt:yyyy-MM-dd}; store the secret now, it is not shown again");
            return VigilCli.Ok;
        }));

        var list = new Command("list", "List tokens (never their secrets)");
        list.SetAction(async (parse, ct) => await UsersCommand.Run(parse, async admin =>
        {
            foreach (var t in await admin.TokensAsync(null, ct))
                Console.WriteLine($"{t.Id} {t.Prefix}… {t.Name,-16} user {t.UserId} expires {t.ExpiresAt:yyyy-MM-dd} {(t.RevokedAt is null ? "active" : "revoked")}");
            return VigilCli.Ok;
        }));

        var id = new Argument<Guid>("id") { Description = "Token id (from `tokens list`)" };
        var revoke = new Command("revoke", "Revoke a token at once") { id };
        revoke.SetAction(async (parse, ct) => await UsersCommand.Run(parse, async admin =>
        {
            var done = await admin.RevokeTokenAsync(parse.GetValue(id), null, TokenEnds.ByCli, ct);
            Console.WriteLine(done ? "revoked" : "no such token");
            return done ? VigilCli.Ok : VigilCli.Failed;
        }));
        return new Command("tokens", "API tokens") { create, list, revoke };
    }
}
