using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Web.Features.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>A missed first contact shows on the FLO's dashboard, the supervisor's, and the case page.</summary>
public abstract class LiaisonDashboardTests(VigilAppFactory app)
{
    [Fact]
    public async Task MissedFirstContact_IsFlagged_OnBothDashboards_AndOnTheCase()
    {
        var f = await FamilyKit.CaseAsync(app);
        await app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<LiaisonCommands>().SaveFileAsync(f.Case.Id, DateTime.UtcNow.AddHours(-30), null, null, false, "test", default);
            return true;
        });
        var supervisor = await app.CreateUserAsync(Roles.Supervisor, f.Flo.Team);
        foreach (var (user, url) in new[] { (f.Flo, "/liaison"), (supervisor, "/liaison"), (f.Investigator, $"/cases/{f.Case.Id}") })
        {
            using var client = await app.SignedInClientAsync(user);
            var html = await client.GetStringAsync(url);
            Assert.Contains("First contact with the family MISSED", html, StringComparison.Ordinal);
            if (url == "/liaison") Assert.Contains(f.Case.Reference, html, StringComparison.Ordinal);
        }
        using var analyst = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Analyst));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await analyst.GetAsync($"/cases/{f.Case.Id}/family")).StatusCode); // to /denied
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LiaisonDashboardTests_Sqlite(SqliteApp app) : LiaisonDashboardTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LiaisonDashboardTests_Postgres(PostgresApp app) : LiaisonDashboardTests(app);
