using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Web.Features.Users;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Users;

/// <summary>ADRs 3112 and 3113: a password reset or disabling a user ends their API tokens as well as their sessions,
/// and an administrator lists a user's tokens on the user's page and revokes one with a reason; each revocation is
/// audited with its reason.</summary>
public abstract class TokenEndTests(VigilAppFactory app)
{
    private Task<ApiToken> TokenAsync(string secret) => app.WithScopeAsync(sp =>
    {
        var hash = Vigil.Web.Features.Auth.ApiTokenAuthenticationHandler.HashSecret(secret);
        return sp.GetRequiredService<VigilDbContext>().ApiTokens.AsNoTracking().SingleAsync(t => t.SecretHash == hash);
    });

    private Task<List<string>> AuditOfAsync(Guid tokenId) => app.WithScopeAsync(sp =>
        sp.GetRequiredService<VigilDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == nameof(ApiToken) && e.EntityId == tokenId.ToString()).Select(e => e.Changes).ToListAsync());

    [Fact]
    public async Task APasswordReset_EndsTheUsersTokens_AndTheAuditSaysWhy()
    {
        var admin = await app.CreateUserAsync(Roles.Administrator);
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var api = app.ApiClient(ivy);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/cases")).StatusCode);

        using var client = await app.SignedInClientAsync(admin);
        var page = $"/admin/users/{ivy.Id}";
        var reset = await Forms.PostAsync(client, page + "?handler=Password", new() { ["Reset.Password"] = "a brand new long password" }, page);
        Assert.Equal($"{page}#password", reset.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/cases")).StatusCode);
        var token = await TokenAsync(ivy.Token);
        Assert.Equal(TokenEnds.PasswordReset, token.RevokedReason);
        Assert.Contains(await AuditOfAsync(token.Id), c => c.Contains(TokenEnds.PasswordReset, StringComparison.Ordinal));
    }

    /// <summary>Before ADR 3112 a disabled owner's token was refused while disabled, and worked again once the
    /// account was enabled: a token taken from a compromised account came back with it.</summary>
    [Fact]
    public async Task DisablingAUser_EndsTheirTokens_SoEnablingThemAgainDoesNotBringATokenBack()
    {
        var admin = await app.CreateUserAsync(Roles.Administrator);
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var api = app.ApiClient(ivy);
        using var client = await app.SignedInClientAsync(admin);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(client, $"/admin/users/{ivy.Id}/disable", new())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/cases")).StatusCode);
        var page = $"/admin/users/{ivy.Id}";
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(client, page + "?handler=Enable", new(), page)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(TokenEnds.AccountDisabled, (await TokenAsync(ivy.Token)).RevokedReason);
    }

    [Fact]
    public async Task AnAdministrator_SeesAUsersTokens_AndRevokesOneWithAReason_TheOthersStay()
    {
        var admin = await app.CreateUserAsync(Roles.Administrator);
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var other = await app.CreateUserAsync(Roles.Investigator);
        var second = await app.WithScopeAsync(sp => sp.GetRequiredService<UserAdmin>().CreateTokenAsync(ivy.UserName, "nightly-report", TimeSpan.FromDays(30), default));
        using var first = app.ApiClient(ivy);
        using var nightly = app.ApiClient(ivy with { Token = second.Secret });
        using var others = app.ApiClient(other);
        var firstToken = await TokenAsync(ivy.Token);

        using var client = await app.SignedInClientAsync(admin);
        var page = $"/admin/users/{ivy.Id}";
        var shown = Forms.Parse(await client.GetStringAsync(page));
        var panel = shown.QuerySelector("#tokens")!;
        Assert.Contains("nightly-report", panel.TextContent, StringComparison.Ordinal);
        Assert.Contains(firstToken.Name, panel.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(second.Secret, shown.Body!.InnerHtml, StringComparison.Ordinal);

        var noReason = await Forms.PostAsync(client, page + "?handler=RevokeToken", new() { ["Token.TokenId"] = second.Id.ToString(), ["Token.Reason"] = " " }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.NotNull(Forms.Parse(await noReason.Content.ReadAsStringAsync()).QuerySelector("#Token_Reason-error"));
        Assert.Equal(HttpStatusCode.OK, (await nightly.GetAsync("/api/v1/cases")).StatusCode);

        // Another user's token named on this user's page is not theirs: refused, and it still works.
        var othersToken = await TokenAsync(other.Token);
        var wrong = await Forms.PostAsync(client, page + "?handler=RevokeToken", new() { ["Token.TokenId"] = othersToken.Id.ToString(), ["Token.Reason"] = "laptop lost" }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await others.GetAsync("/api/v1/cases")).StatusCode);

        var revoked = await Forms.PostAsync(client, page + "?handler=RevokeToken", new() { ["Token.TokenId"] = second.Id.ToString(), ["Token.Reason"] = "laptop lost" }, page);
        Assert.Equal($"{page}#tokens", revoked.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await nightly.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal($"Revoked by {admin.UserName}: laptop lost", (await TokenAsync(second.Secret)).RevokedReason);
        Assert.Contains(await AuditOfAsync(second.Id), c => c.Contains("laptop lost", StringComparison.Ordinal));
        var after = Forms.Parse(await client.GetStringAsync(page)).QuerySelector("#tokens")!;
        Assert.Contains("laptop lost", after.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(after.QuerySelectorAll("option"), o => o.GetAttribute("value") == second.Id.ToString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TokenEndTests_Sqlite(SqliteApp app) : TokenEndTests(app);

[Collection(PostgresCollection.Name)]
public sealed class TokenEndTests_Postgres(PostgresApp app) : TokenEndTests(app);
