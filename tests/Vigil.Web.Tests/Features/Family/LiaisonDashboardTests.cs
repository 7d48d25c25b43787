using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Family.Liaison;
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

    /// <summary>walk58's leftover (ADR 3290): the family page said a family that wrote through the portal before any contact
    /// was waiting (ADR 3283), but `/liaison` listed it among the rest by reference. It comes after the cases that need
    /// attention and before the rest, over every page; a family that wrote and was then contacted is among the rest.</summary>
    [Fact]
    public async Task AFamilyThatWroteBeforeAnyContact_IsListedAfterThoseNeedingAttention_AndBeforeTheRest_OverEveryPage()
    {
        var team = "wrote-" + Guid.NewGuid().ToString("N")[..8];
        var ivy = await app.CreateUserAsync(Roles.Investigator, team);
        var flo = await app.CreateUserAsync(Roles.FamilyLiaison, team);
        // In reference order: nothing asked, asked and then contacted, asked and waiting, a first contact missed.
        var (quiet, contacted, waiting, late) = (await app.CreateCaseAsync(ivy), await app.CreateCaseAsync(ivy), await app.CreateCaseAsync(ivy), await app.CreateCaseAsync(ivy));
        var members = new Dictionary<Guid, Guid>();
        await app.WithScopeAsync(async sp =>
        {
            var commands = sp.GetRequiredService<LiaisonCommands>();
            foreach (var c in new[] { quiet, contacted, waiting, late }) await commands.DeployAsync(c.Id, flo.Id, "DC Wrote", "07700 900003", default);
            foreach (var c in new[] { contacted, waiting })
            {
                var member = new FamilyMember { CaseId = c.Id, Name = "Tamsin Quarrell", Relationship = "sister" };
                await commands.AddMemberAsync(member, default);
                members[c.Id] = member.Id;
            }
            await commands.SaveFileAsync(late.Id, DateTime.UtcNow.AddHours(-30), null, null, false, "test", default);
            return true;
        });
        foreach (var c in new[] { contacted, waiting })
        {
            var (family, _) = await FamilyKit.FamilySessionAsync(app, new FamilyCase(c, ivy, flo, members[c.Id], "W"));
            using var _family = family;
            Assert.Equal(System.Net.HttpStatusCode.Redirect, (await Forms.PostAsync(family, "/family/ask", new() { ["Question"] = "When can we see him?" })).StatusCode);
        }
        Assert.True(await app.WithScopeAsync(async sp => await sp.GetRequiredService<LiaisonCommands>().LogContactAsync(
            new FamilyContact { CaseId = contacted.Id, At = DateTime.UtcNow, Method = "visit", By = flo.UserName, Summary = "visited the sister" }, null, default) is null));

        using var client = await app.SignedInClientAsync(flo);
        var expected = new[] { late.Reference, waiting.Reference, quiet.Reference, contacted.Reference };
        var onePage = Forms.Parse(await client.GetStringAsync("/liaison")).QuerySelectorAll("table.liaison tbody td.card-title a").Select(a => a.TextContent).ToList();
        Assert.Equal(expected, onePage);
        var pageByPage = new List<string>();
        for (var p = 1; p <= 4; p++)
            pageByPage.Add(Forms.Parse(await client.GetStringAsync($"/liaison?size=1&page={p}")).QuerySelector("table.liaison tbody td.card-title a")!.TextContent);
        Assert.Equal(expected, pageByPage);
    }

    /// <summary>walk53 finding 19: a death found this morning was on no FLO's dashboard until one deployed herself.</summary>
    [Fact]
    public async Task ANewDeathWithNoFlo_WaitsOnItsTeamsDashboards_UntilAnFloIsDeployed_AsDoesAFamilyWhoseFloLeft()
    {
        var team = "wait-" + Guid.NewGuid().ToString("N")[..8];
        var ivy = await app.CreateUserAsync(Roles.Investigator, team);
        var flo = await app.CreateUserAsync(Roles.FamilyLiaison, team);
        var fresh = await app.CreateCaseAsync(ivy, Samples.Record(foundAt: DateTimeOffset.UtcNow.AddHours(-3)));
        var forgotten = await app.CreateCaseAsync(ivy); // found in 2015, no family known: not waiting
        var left = await app.CreateCaseAsync(ivy); // found in 2015, an FLO deployed and her deployment ended
        await app.WithScopeAsync(async sp => await sp.GetRequiredService<LiaisonCommands>().DeployAsync(left.Id, flo.Id, "DC Left", "07700 900011", default));
        await app.WithDbAsync(db => db.FloDeployments.Where(d => d.CaseId == left.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.EndedAt, DateTime.UtcNow)));

        using var client = await app.SignedInClientAsync(flo);
        var dashboard = Forms.Parse(await client.GetStringAsync("/liaison"));
        Assert.Equal("2 deaths of your teams", dashboard.QuerySelector($"a[href='{WaitingForFlo.Href}']")!.TextContent);
        var rows = WaitingRows(await client.GetStringAsync(WaitingForFlo.Href));
        Assert.Equal([$"{fresh.Reference} Daniel Brook|no FLO deployed yet", $"{left.Reference} Daniel Brook|every FLO's deployment has ended"], rows);
        Assert.DoesNotContain(forgotten.Reference, string.Concat(rows), StringComparison.Ordinal);

        using var otherTeam = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.FamilyLiaison, "other-" + team));
        Assert.Empty(WaitingRows(await otherTeam.GetStringAsync(WaitingForFlo.Href)));

        await app.WithScopeAsync(async sp => await sp.GetRequiredService<LiaisonCommands>().DeployAsync(fresh.Id, flo.Id, "DC Wait", "07700 900012", default));
        Assert.Equal([$"{left.Reference} Daniel Brook|every FLO's deployment has ended"], WaitingRows(await client.GetStringAsync(WaitingForFlo.Href)));
    }

    private static List<string> WaitingRows(string html) => Forms.Parse(html).QuerySelectorAll("table.work-list tbody tr")
        .Select(r => r.QuerySelector("td.card-title")!.TextContent.Trim() + "|" + r.QuerySelector("td[data-label='Family liaison']")!.TextContent.Trim()).ToList();
}

[Collection(SqliteCollection.Name)]
public sealed class LiaisonDashboardTests_Sqlite(SqliteApp app) : LiaisonDashboardTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LiaisonDashboardTests_Postgres(PostgresApp app) : LiaisonDashboardTests(app);
