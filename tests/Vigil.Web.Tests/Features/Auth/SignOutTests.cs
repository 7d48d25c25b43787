using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Web.Features.Users;
using Vigil.Web.Tests.Features.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Auth;

/// <summary>Issue 8, finding 6: signing out ends the session on the server. A cookie copied before POST /logout is
/// refused afterwards, for staff and for families (ADR 0503).</summary>
public abstract class SignOutTests(VigilAppFactory app)
{
    private HttpClient Bare() => app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });

    private static async Task<HttpStatusCode> ReplayAsync(HttpClient client, string path, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request)).StatusCode;
    }

    private async Task<(HttpClient Browser, string Cookie)> SignInAsync(TestUser user)
    {
        var browser = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var login = await Forms.PostAsync(browser, "/login", new() { ["Input.UserName"] = user.UserName, ["Input.Password"] = VigilAppFactory.Password });
        return (browser, login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("vigil.auth=", StringComparison.Ordinal)).Split(';')[0]);
    }

    [Fact]
    public async Task StaffCookieCapturedBeforeSignOut_IsRefusedAfterIt()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var (browser, cookie) = await SignInAsync(ivy);
        using var _ = browser;
        using var attacker = Bare();
        Assert.Equal(HttpStatusCode.OK, await ReplayAsync(attacker, "/cases", cookie));

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(browser, "/logout", [], "/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync(attacker, "/cases", cookie)); // to the sign-in page
        Assert.Equal(HttpStatusCode.Unauthorized, await ReplayAsync(attacker, "/api/v1/cases", cookie));
    }

    /// <summary>Identity alone re-checks the stamp once a minute; a password reset, a change of roles or disabling
    /// the account must end the user's sessions at once, before the next request.</summary>
    [Theory]
    [InlineData("password")]
    [InlineData("roles")]
    [InlineData("disabled")]
    public async Task StaffCookie_IsRefusedAtOnce_AfterAnAdministratorChangesTheAccount(string change)
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var (browser, cookie) = await SignInAsync(ivy);
        using var _ = browser;
        using var attacker = Bare();
        Assert.Equal(HttpStatusCode.OK, await ReplayAsync(attacker, "/api/v1/cases", cookie));

        await app.WithScopeAsync(async sp =>
        {
            var admin = sp.GetRequiredService<UserAdmin>();
            await (change switch
            {
                "password" => admin.ResetPasswordAsync(ivy.UserName, "another long passphrase 2026"),
                "roles" => admin.SetRolesAsync(ivy.UserName, [Roles.Analyst], [Roles.Investigator]),
                _ => admin.SetDisabledAsync(ivy.UserName, true),
            });
            return true;
        });
        Assert.Equal(HttpStatusCode.Unauthorized, await ReplayAsync(attacker, "/api/v1/cases", cookie));
        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync(attacker, "/cases", cookie));
    }

    [Fact]
    public async Task FamilyCookieCapturedBeforeSignOut_IsRefusedAfterIt()
    {
        var f = await FamilyKit.CaseAsync(app);
        var (family, _, cookie) = await FamilyKit.FamilySessionWithCookieAsync(app, f);
        using var attacker = Bare();
        Assert.Equal(HttpStatusCode.OK, await ReplayAsync(attacker, "/family", cookie));

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(family, "/family/logout", [], "/family")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync(attacker, "/family", cookie));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SignOutTests_Sqlite(SqliteApp app) : SignOutTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SignOutTests_Postgres(PostgresApp app) : SignOutTests(app);
