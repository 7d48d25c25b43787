using System.Net;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Auth;

/// <summary>An API token is for the API (and the report downloads beside it), never for the web UI's pages (ADR 3016):
/// an administrator's token drove the user pages (make an account, set a password), so a leaked token could leave a way
/// in that outlives its revocation, and "a token never mints a token" held only for the API.</summary>
public abstract class TokenReachTests(VigilAppFactory app)
{
    [Fact]
    public async Task AToken_DrivesNoPage_NeitherTheUserPagesNorACasePage()
    {
        var admin = await app.CreateUserAsync(Roles.Administrator);
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy);
        using var adminToken = app.ApiClient(admin);
        foreach (var page in new[] { "/admin/users", "/admin/users/new", $"/admin/users/{ivy.Id}" })
        {
            var response = await adminToken.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        using var ivyToken = app.ApiClient(ivy);
        Assert.Equal(HttpStatusCode.Redirect, (await ivyToken.GetAsync($"/cases/{c.Id}")).StatusCode);
        // The API, and the case file beside it, still answer the token.
        Assert.Equal(HttpStatusCode.OK, (await ivyToken.GetAsync($"/api/v1/cases/{c.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ivyToken.GetAsync($"/cases/{c.Id}/file.pdf")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TokenReachTests_Sqlite(SqliteApp app) : TokenReachTests(app);

[Collection(PostgresCollection.Name)]
public sealed class TokenReachTests_Postgres(PostgresApp app) : TokenReachTests(app);
