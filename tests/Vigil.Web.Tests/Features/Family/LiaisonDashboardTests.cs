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

    [Fact]
    public async Task Dashboard_Pages_WithCasesNeedingAttentionFirst_OverEveryPage()
    {
        var team = "page-" + Guid.NewGuid().ToString("N")[..8];
        var ivy = await app.CreateUserAsync(Roles.Investigator, team);
        var flo = await app.CreateUserAsync(Roles.FamilyLiaison, team);
        var cases = new List<Vigil.Web.Features.Cases.CaseResponse>();
        for (var i = 0; i < 3; i++) cases.Add(await app.CreateCaseAsync(ivy));
        var late = cases[^1]; // the highest reference: last if the list were in reference order alone
        await app.WithScopeAsync(async sp =>
        {
            var commands = sp.GetRequiredService<LiaisonCommands>();
            foreach (var c in cases) await commands.DeployAsync(c.Id, flo.Id, "DC Page", "07700 900002", default);
            await commands.SaveFileAsync(late.Id, DateTime.UtcNow.AddHours(-30), null, null, false, "test", default);
            return true;
        });
        using var client = await app.SignedInClientAsync(flo);
        var first = Forms.Parse(await client.GetStringAsync("/liaison?size=1"));
        Assert.Contains(late.Reference, first.QuerySelector("table.liaison tbody tr.flag")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Page 1 of 3 (3 in all)", first.QuerySelector("nav.pager")!.TextContent, StringComparison.Ordinal);
        var rest = new List<string>();
        foreach (var p in new[] { 2, 3 }) rest.Add(await client.GetStringAsync($"/liaison?size=1&page={p}"));
        Assert.All(rest, html => Assert.DoesNotContain(late.Reference, html, StringComparison.Ordinal));
        Assert.Contains(cases[0].Reference, string.Concat(rest), StringComparison.Ordinal);
        Assert.Contains(cases[1].Reference, string.Concat(rest), StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LiaisonDashboardTests_Sqlite(SqliteApp app) : LiaisonDashboardTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LiaisonDashboardTests_Postgres(PostgresApp app) : LiaisonDashboardTests(app);
