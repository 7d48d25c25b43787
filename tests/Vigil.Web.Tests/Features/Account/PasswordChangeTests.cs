using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Web.Features.Account;
using Vigil.Web.Features.Users;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Account;

/// <summary>ADR 3121: a member of staff changes their own password at /account/password. The current password is
/// required and a wrong one counts towards the sign-in lockout; the new one meets the one policy; the user's API tokens
/// end with a reason and their other sessions end, while the browser that changed it stays signed in.</summary>
public abstract class PasswordChangeTests(VigilAppFactory app)
{
    private const string Page = "/account/password";
    private const string NewPassword = "a fresh and rather long passphrase";

    private static Dictionary<string, string> Fields(string current, string next, string? confirm = null) => new()
    {
        ["Password.Current"] = current, ["Password.New"] = next, ["Password.Confirm"] = confirm ?? next,
    };

    private async Task<HttpClient> SignInAsync(string userName, string password)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var login = await Forms.PostAsync(client, "/login", new() { ["Input.UserName"] = userName, ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    private Task<ApiToken> TokenAsync(string secret) => app.WithScopeAsync(sp =>
    {
        var hash = Vigil.Web.Features.Auth.ApiTokenAuthenticationHandler.HashSecret(secret);
        return sp.GetRequiredService<VigilDbContext>().ApiTokens.AsNoTracking().SingleAsync(t => t.SecretHash == hash);
    });

    [Fact]
    public async Task ChangingOwnPassword_KeepsThisSession_EndsOtherSessionsAndTokens_AndIsAudited()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var here = await SignInAsync(ivy.UserName, VigilAppFactory.Password);
        using var elsewhere = await SignInAsync(ivy.UserName, VigilAppFactory.Password);
        using var api = app.ApiClient(ivy);
        Assert.Contains("href=\"/account/password\"", await here.GetStringAsync("/cases"), StringComparison.Ordinal);

        var changed = await Forms.PostAsync(here, Page, Fields(VigilAppFactory.Password, NewPassword));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(Page, changed.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/cases")).StatusCode);
        Assert.Contains("Your password is changed", await here.GetStringAsync(Page), StringComparison.Ordinal);
        var other = await elsewhere.GetAsync("/cases");
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.StartsWith("/login", other.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(TokenEnds.PasswordChanged, (await TokenAsync(ivy.Token)).RevokedReason);

        using var fresh = await SignInAsync(ivy.UserName, NewPassword);
        var old = await Forms.PostAsync(app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }), "/login",
            new() { ["Input.UserName"] = ivy.UserName, ["Input.Password"] = VigilAppFactory.Password });
        Assert.Equal(HttpStatusCode.OK, old.StatusCode); // the sign-in page again, refused

        var trail = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.EntityId == ivy.Id).Select(e => new { e.Action, e.Changes }).ToListAsync());
        Assert.Contains(trail, e => e.Action == "password-changed");
        Assert.DoesNotContain(trail, e => e.Changes.Contains(NewPassword, StringComparison.Ordinal) || e.Changes.Contains(VigilAppFactory.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWrongCurrentPassword_IsRefusedOnThePage_ChangesNothing_AndCountsTowardsTheLockout()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var here = await SignInAsync(ivy.UserName, VigilAppFactory.Password);
        using var api = app.ApiClient(ivy);

        var wrong = await Forms.PostAsync(here, Page, Fields("not my password at all", NewPassword));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var page = Forms.Parse(await wrong.Content.ReadAsStringAsync());
        Assert.Contains(PasswordChange.WrongCurrent, page.QuerySelector("#Password_Current-error")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(NewPassword, await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(1, await app.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<VigilUser>>().FindByIdAsync(ivy.Id))!.AccessFailedCount));

        var mismatch = await Forms.PostAsync(here, Page, Fields(VigilAppFactory.Password, NewPassword, NewPassword + "!"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mismatch.StatusCode);
        Assert.NotNull(Forms.Parse(await mismatch.Content.ReadAsStringAsync()).QuerySelector("#Password_Confirm-error"));
        var tooShort = await Forms.PostAsync(here, Page, Fields(VigilAppFactory.Password, "short"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooShort.StatusCode);
        Assert.Contains("12", Forms.Parse(await tooShort.Content.ReadAsStringAsync()).QuerySelector("#Password_New-error")!.TextContent, StringComparison.Ordinal);
        using var stillOld = await SignInAsync(ivy.UserName, VigilAppFactory.Password);

        // The right password reset the count, as at sign-in: four more wrong guesses leave the account open.
        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Forms.PostAsync(here, Page, Fields("another wrong guess", NewPassword))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/cases")).StatusCode);
    }

    /// <summary>ADR 3124 (walk33 left): five wrong current passwords lock the account as five failed sign-ins do, and
    /// since whoever typed them is at a signed-in terminal, that session ends, with every other session of the user
    /// and their API tokens (the session could have minted one); the sign-in page says why.</summary>
    [Fact]
    public async Task FiveWrongCurrentPasswords_LockTheAccount_AndEndThisAndEveryOtherSession()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var here = await SignInAsync(ivy.UserName, VigilAppFactory.Password);
        using var elsewhere = await SignInAsync(ivy.UserName, VigilAppFactory.Password);
        using var api = app.ApiClient(ivy);

        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Forms.PostAsync(here, Page, Fields("a wrong guess " + i, NewPassword))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/cases")).StatusCode);
        var fifth = await Forms.PostAsync(here, Page, Fields("a wrong guess 4", NewPassword));
        Assert.Equal(HttpStatusCode.Redirect, fifth.StatusCode);
        Assert.Equal("/login", fifth.Headers.Location!.OriginalString);
        Assert.Contains(PasswordChange.SignedOutLocked, Forms.Parse(await here.GetStringAsync("/login")).QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        foreach (var session in new[] { here, elsewhere })
        {
            var ended = await session.GetAsync("/cases");
            Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
            Assert.StartsWith("/login", ended.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        }
        var signIn = await Forms.PostAsync(app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }), "/login",
            new() { ["Input.UserName"] = ivy.UserName, ["Input.Password"] = VigilAppFactory.Password });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode); // locked at the sign-in page: the right password is refused too
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(TokenEnds.LockedOnPasswordChange, (await TokenAsync(ivy.Token)).RevokedReason);

        var trail = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.EntityId == ivy.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal(5, trail.Count(a => a == "password-change-refused"));
        Assert.Single(trail, a => a == "signed-out-after-lockout");
    }

    /// <summary>ADR 3124: only a lockout reached through the form ends the session. An account locked by failed sign-ins
    /// elsewhere (anyone may type a name at /login) is refused on the page, and the officer at work stays signed in.</summary>
    [Fact]
    public async Task AnAccountLockedBySignInsElsewhere_IsRefusedOnThePage_AndTheSessionStays()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var here = await SignInAsync(ivy.UserName, VigilAppFactory.Password);
        for (var i = 0; i < 5; i++)
            await Forms.PostAsync(app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }), "/login",
                new() { ["Input.UserName"] = ivy.UserName, ["Input.Password"] = "a stranger's guess " + i });

        var locked = await Forms.PostAsync(here, Page, Fields(VigilAppFactory.Password, NewPassword));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, locked.StatusCode);
        Assert.Contains(PasswordChange.Locked, Forms.Parse(await locked.Content.ReadAsStringAsync()).QuerySelector("#Password_Current-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/cases")).StatusCode);
    }

    [Fact]
    public async Task ThePage_NeedsASignedInMemberOfStaff_AndAntiforgery()
    {
        using var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(Page)).StatusCode);
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var here = await SignInAsync(ivy.UserName, VigilAppFactory.Password);
        var forged = await here.PostAsync(Page, new FormUrlEncodedContent(Fields(VigilAppFactory.Password, NewPassword)));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PasswordChangeTests_Sqlite(SqliteApp app) : PasswordChangeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PasswordChangeTests_Postgres(PostgresApp app) : PasswordChangeTests(app);
