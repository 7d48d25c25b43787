using System.Net;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Auth;

/// <summary>sec63: Identity counted a staff sign-in failure after the password check, under the user's concurrency stamp,
/// so of wrong passwords sent at once one write won and the others were lost unseen: 20 at once counted 1 and locked
/// nothing, and the right password then signed in. Each try is now counted before its check (ADR 3332). On SQLite too
/// the tries overlap: each reads the row before its turn at the password gate, and the writes are what clash.</summary>
public abstract class StaffLockoutRaceTests(VigilAppFactory app)
{
    [Fact]
    public async Task TwentyWrongPasswords_SentAtOnce_LockTheAccount_SoTheRightOneIsThenRefused()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var answers = await AllAtOnceAsync("/login", Enumerable.Range(0, 20).Select(i => (HttpClient?)null).ToList(),
            i => new() { ["Input.UserName"] = ivy.UserName, ["Input.Password"] = $"wrong password {i}!" });
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a)); // the sign-in page again, each refused

        Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == ivy.Id && u.LockoutEnd != null)));
        using var owner = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var right = await Forms.PostAsync(owner, "/login", new() { ["Input.UserName"] = ivy.UserName, ["Input.Password"] = VigilAppFactory.Password });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode); // locked: the page again, not the redirect in
    }

    [Fact]
    public async Task TwentyWrongCurrentPasswords_SentAtOnce_LockTheAccount_AndEndTheSession()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var here = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(here, "/login",
            new() { ["Input.UserName"] = ivy.UserName, ["Input.Password"] = VigilAppFactory.Password })).StatusCode);
        var answers = await AllAtOnceAsync("/account/password", Enumerable.Repeat((HttpClient?)here, 20).ToList(),
            i => new() { ["Password.Current"] = $"a wrong guess {i}", ["Password.New"] = "a fresh and rather long passphrase", ["Password.Confirm"] = "a fresh and rather long passphrase" });
        Assert.Contains(HttpStatusCode.Redirect, answers); // the try that locked it signs this session out

        Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == ivy.Id && u.LockoutEnd != null)));
        Assert.Equal(HttpStatusCode.Redirect, (await here.GetAsync("/cases")).StatusCode); // to sign in: the session has ended
    }

    /// <summary>One post per try, each with a form token read first (from its own new browser, or the one given), all
    /// sent together.</summary>
    private async Task<List<HttpStatusCode>> AllAtOnceAsync(string page, List<HttpClient?> browsers, Func<int, Dictionary<string, string>> fields)
    {
        var own = new List<HttpClient>();
        var posts = new List<(HttpClient Client, Dictionary<string, string> Fields)>();
        for (var i = 0; i < browsers.Count; i++)
        {
            var client = browsers[i] ?? app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
            if (browsers[i] is null) own.Add(client);
            var form = fields(i);
            form["__RequestVerificationToken"] = Forms.AntiforgeryToken(await client.GetStringAsync(page))!;
            posts.Add((client, form));
        }
        var answers = await Task.WhenAll(posts.Select(p => p.Client.PostAsync(page, new FormUrlEncodedContent(p.Fields))));
        own.ForEach(c => c.Dispose());
        return [.. answers.Select(a => a.StatusCode)];
    }
}

[Collection(SqliteCollection.Name)]
public sealed class StaffLockoutRaceTests_Sqlite(SqliteApp app) : StaffLockoutRaceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class StaffLockoutRaceTests_Postgres(PostgresApp app) : StaffLockoutRaceTests(app);
