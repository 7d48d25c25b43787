using System.Net;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Auth;

/// <summary>Each role lands where its work is, after sign-in and at "/" (issue 9.4): never on "You do not have access".</summary>
public abstract class LandingTests(VigilAppFactory app)
{
    public static TheoryData<string, string> Landings => new()
    {
        { Roles.Investigator, "/enquiries/my-work" },
        { Roles.Supervisor, "/enquiries/supervision" },
        { Roles.Analyst, "/linkage" },
        { Roles.FamilyLiaison, "/liaison" },
        { Roles.Reviewer, "/cases" },
        { Roles.Administrator, "/admin/users" },
    };

    [Theory]
    [MemberData(nameof(Landings))]
    public async Task EachRole_LandsOnItsWork_AndMayOpenIt(string role, string landing)
    {
        var user = await app.CreateUserAsync(role);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var login = await Forms.PostAsync(client, "/login", new() { ["Input.UserName"] = user.UserName, ["Input.Password"] = VigilAppFactory.Password });
        Assert.Equal(landing, login.Headers.Location!.OriginalString);
        Assert.Equal(landing, (await client.GetAsync("/")).Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(landing)).StatusCode);
    }

    [Fact]
    public async Task AReturnUrl_StillWins()
    {
        var user = await app.CreateUserAsync(Roles.Investigator);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var login = await Forms.PostAsync(client, "/login?ReturnUrl=%2Fcases%3Fq%3Dx", new() { ["Input.UserName"] = user.UserName, ["Input.Password"] = VigilAppFactory.Password, ["ReturnUrl"] = "/cases?q=x" });
        Assert.Equal("/cases?q=x", login.Headers.Location!.OriginalString);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LandingTests_Sqlite(SqliteApp app) : LandingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LandingTests_Postgres(PostgresApp app) : LandingTests(app);
