namespace Vigil.Web.Tests.Infrastructure;

/// <summary>A class's users, one per role and team, each created once and signed in once through the real login form,
/// its cookie client kept for the class's other rows (ADR 3297). The access tables sent every row's six role users
/// through a fresh account and a fresh sign-in: two PBKDF2 runs a user, most of a row's time, none of what the row
/// checks. Held as an <c>IClassFixture</c>: a class's tests run one after another, so no two rows share a client at once;
/// the first row binds it to the class's app.</summary>
public sealed class RoleSessions : IDisposable
{
    private readonly Dictionary<(string Who, string Role, string Team), TestUser> users = [];
    private readonly Dictionary<string, HttpClient> signedIn = new(StringComparer.Ordinal);
    private VigilAppFactory? app;

    /// <summary>The class's user of this role in this team (<paramref name="who"/> tells apart two users of one role and
    /// team, e.g. a case's owner from the team's investigator), created on first use.</summary>
    public async Task<TestUser> UserAsync(VigilAppFactory of, string role, string team, string who = "")
    {
        Bind(of);
        if (!users.TryGetValue((who, role, team), out var user))
            users[(who, role, team)] = user = await of.CreateUserAsync(role, team);
        return user;
    }

    /// <summary>The user's cookie client, signed in on first use. Not to be disposed by the caller: the class's later
    /// rows reuse it, as one browser would.</summary>
    public async Task<HttpClient> SignedInAsync(VigilAppFactory of, TestUser user)
    {
        Bind(of);
        if (!signedIn.TryGetValue(user.Id, out var client))
            signedIn[user.Id] = client = await of.SignedInClientAsync(user);
        return client;
    }

    public void Dispose()
    {
        foreach (var client in signedIn.Values) client.Dispose();
    }

    private void Bind(VigilAppFactory of)
    {
        app ??= of;
        if (!ReferenceEquals(app, of)) throw new InvalidOperationException("a class's sessions belong to one app");
    }
}
