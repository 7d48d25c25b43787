using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Web.Features.Users;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Auth;

/// <summary>A bearer token acts with its owner's current roles; revoking it, its expiry or disabling its owner refuses
/// the next request. Read in one query since ADR 1933: these pin that nothing of it is read once and kept.</summary>
public abstract class ApiTokenAuthenticationTests(VigilAppFactory app)
{
    private Task ChangeAsync(Func<UserAdmin, VigilDbContext, Task> change) =>
        app.WithScopeAsync(async sp => { await change(sp.GetRequiredService<UserAdmin>(), sp.GetRequiredService<VigilDbContext>()); return true; });

    private static async Task<HttpStatusCode> ImportAsync(HttpClient api, TestUser user) =>
        (await api.PostAsync($"/api/v1/imports?team={user.TeamId}&source=token-test", new StringContent("", System.Text.Encoding.UTF8, "application/x-ndjson"))).StatusCode;

    [Fact]
    public async Task Token_ActsWithItsOwnersCurrentRoles()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var api = app.ApiClient(ivy);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await ImportAsync(api, ivy)); // supervisors import

        await ChangeAsync((admin, _) => admin.SetRolesAsync(ivy.UserName, [Roles.Supervisor], []));
        Assert.NotEqual(HttpStatusCode.Forbidden, await ImportAsync(api, ivy));

        await ChangeAsync((admin, _) => admin.SetRolesAsync(ivy.UserName, [], [Roles.Supervisor]));
        Assert.Equal(HttpStatusCode.Forbidden, await ImportAsync(api, ivy));
    }

    [Theory]
    [InlineData("revoked")]
    [InlineData("expired")]
    [InlineData("owner disabled")]
    public async Task Token_IsRefusedOnTheNextRequest(string change)
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var api = app.ApiClient(ivy);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/cases")).StatusCode);

        await ChangeAsync(async (admin, db) =>
        {
            var hash = Vigil.Web.Features.Auth.ApiTokenAuthenticationHandler.HashSecret(ivy.Token);
            var token = await db.ApiTokens.SingleAsync(t => t.SecretHash == hash);
            if (change == "revoked") Assert.True(await admin.RevokeTokenAsync(token.Id, ivy.Id, "test", default));
            else if (change == "expired")
            {
                token.ExpiresAt = DateTime.UtcNow.AddMinutes(-1);
                await db.SaveChangesAsync();
            }
            else await admin.SetDisabledAsync(ivy.UserName, true);
        });
        var refused = await api.GetAsync("/api/v1/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // ADR 3238 (walk53 finding 25): the 401 says why in words, the same words as for a secret that was never a
        // token, so the answer tells no one which tokens exist or when one stopped.
        using var guessed = app.CreateClient();
        guessed.DefaultRequestHeaders.Authorization = new("Bearer", "vgl_" + Guid.NewGuid().ToString("N"));
        var unknown = await guessed.GetAsync("/api/v1/cases");
        Assert.Equal(Vigil.Web.Features.Auth.UnauthorizedProblem.NotValid, await DetailAsync(refused));
        Assert.Equal(await DetailAsync(unknown), await DetailAsync(refused));
        Assert.Equal("Bearer error=\"invalid_token\"", refused.Headers.WwwAuthenticate.ToString());
    }

    /// <summary>ADR 3238: a request with no token is told to send one, and how.</summary>
    [Fact]
    public async Task NoToken_Is401_SayingToSendOne()
    {
        using var anonymous = app.CreateClient();
        var refused = await anonymous.GetAsync("/api/v1/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(Vigil.Web.Features.Auth.UnauthorizedProblem.Missing, await DetailAsync(refused));
    }

    private static async Task<string?> DetailAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() : null;
    }

    /// <summary>walk53 finding 1: a token used twice still said "Last used: never", because nothing wrote it.</summary>
    [Fact]
    public async Task Token_RecordsItsLastUse_OnceAWindow_AndTheAdministratorSeesIt()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var admin = await app.CreateUserAsync(Roles.Administrator);
        var hash = Vigil.Web.Features.Auth.ApiTokenAuthenticationHandler.HashSecret(ivy.Token);
        Task<DateTime?> LastUsedAsync() => app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().ApiTokens
            .Where(t => t.SecretHash == hash).Select(t => t.LastUsedAt).SingleAsync());
        Assert.Null(await LastUsedAsync());

        using var api = app.ApiClient(ivy);
        var before = DateTime.UtcNow.AddSeconds(-1);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/cases")).StatusCode);
        var first = await LastUsedAsync();
        Assert.NotNull(first);
        Assert.InRange(first.Value, before, DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(first, await LastUsedAsync()); // inside the window: no second write

        using var browser = await app.SignedInClientAsync(admin);
        var page = await browser.GetStringAsync($"/admin/users/{ivy.Id}");
        var tokens = page[page.IndexOf("<table class=\"tokens\">", StringComparison.Ordinal)..];
        var cells = System.Text.RegularExpressions.Regex.Matches(tokens[..tokens.IndexOf("</tr>", tokens.IndexOf("<tbody>", StringComparison.Ordinal), StringComparison.Ordinal)], "<td>(.*?)</td>")
            .Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(6, cells.Count); // name, starts, created, last used, expires, revoked
        Assert.NotEqual("never", cells[3]);
        Assert.Equal(cells[2][..4], cells[3][..4]); // the same day's date as its creation, in the force's format
    }

    [Fact]
    public async Task UnknownToken_IsRefused()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var api = app.ApiClient(ivy with { Token = Vigil.Web.Features.Auth.ApiTokenAuthenticationHandler.NewSecret() });
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/cases")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApiTokenAuthenticationTests_Sqlite(SqliteApp app) : ApiTokenAuthenticationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ApiTokenAuthenticationTests_Postgres(PostgresApp app) : ApiTokenAuthenticationTests(app);
