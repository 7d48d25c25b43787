using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Cases;

/// <summary>ADR 2101: the case page shows the newest 25 entries of its audit history (its own view first) and links to
/// /cases/{id}/audit, the full history a hundred a page, newest first, without what the reader may not see; reading
/// that page is itself a view of the case.</summary>
public abstract class AuditHistoryTests(VigilAppFactory app)
{
    /// <summary>A case of the investigator's team with 230 more entries in its trail and one family entry holding a secret.
    /// A death alike nothing else: the sample death every test creates is proposed by the engine to a candidate series of
    /// other teams' sample deaths, whose rows the investigator does not see (ADR 2901), so the count would depend on the
    /// other tests run first.</summary>
    private async Task<(Guid Case, string Secret)> LongTrailAsync(TestUser owner)
    {
        var created = await app.CreateCaseAsync(owner, Linkage.LinkageSamples.Victim(Linkage.LinkageSamples.UniqueFinder(), 0, "Long Trail"));
        var secret = "FAM" + Guid.NewGuid().ToString("N")[..10];
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < 230; i++)
            {
                db.RecordEvent("view", "DeathCase", created.Id.ToString(), created.Id, $$"""{"n":{{i}}}""");
                if (i == 150) db.RecordEvent("create", "FamilyQuestion", Guid.NewGuid().ToString(), created.Id, $$"""{"Text":"{{secret}}"}""");
            }
            await db.SaveChangesAsync();
        });
        return (created.Id, secret);
    }

    /// <summary>The case's entries as the store holds them now, newest first (optionally without the family's).</summary>
    private Task<List<long>> StoredAsync(Guid caseId, bool withFamily) => app.WithScopeAsync(sp => sp.GetRequiredService<Vigil.Data.VigilDbContext>()
        .AuditEntries.Where(e => e.CaseId == caseId && (withFamily || e.EntityType != "FamilyQuestion"))
        .OrderByDescending(e => e.Sequence).Select(e => e.Sequence).ToListAsync());

    private Task<int> ViewsOfAsync(Guid caseId, TestUser user, string via) => app.WithScopeAsync(sp => sp.GetRequiredService<Vigil.Data.VigilDbContext>()
        .AuditEntries.CountAsync(e => e.CaseId == caseId && e.Action == "view" && e.Actor.EndsWith(":" + user.UserName) && e.Changes.Contains(via)));

    private static List<long> Sequences(AngleSharp.Dom.IDocument page) =>
        page.QuerySelectorAll("table.audit tbody tr").Select(r => long.Parse(r.QuerySelector("td")!.TextContent, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    /// <summary>walk51 finding 11: the history read "supervisor — create CaseDecision". It names who by their name beside
    /// the login and what in words, the code kept in the cell's title (ADR 3218); a login its user no longer has is shown
    /// as recorded, with no name. Display only: the entries are as chained.</summary>
    [Fact]
    public async Task History_SaysWhoByNameBesideTheLogin_AndWhatInWords()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var name = await app.NameAsync(ivy, "DC Ivy Example");
        var created = await app.CreateCaseAsync(ivy, Linkage.LinkageSamples.Victim(Linkage.LinkageSamples.UniqueFinder(), 0, "Named Trail"));
        using (var web = await app.SignedInClientAsync(ivy))
            (await web.GetAsync($"/cases/{created.Id}")).EnsureSuccessStatusCode();

        var sue = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        using var reader = await app.SignedInClientAsync(sue);
        var view = ViewBy(Forms.Parse(await reader.GetStringAsync($"/cases/{created.Id}/audit")), ivy);
        Assert.Equal(($"{name} ({ivy.UserName})", "viewed the case record", "view DeathCase"), view);

        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == ivy.Id);
            (user.UserName, user.NormalizedUserName) = (ivy.UserName + "-new", (ivy.UserName + "-new").ToUpperInvariant());
            await db.SaveChangesAsync();
        });
        Assert.Equal((ivy.UserName, "viewed the case record", "view DeathCase"), ViewBy(Forms.Parse(await reader.GetStringAsync($"/cases/{created.Id}/audit")), ivy));
    }

    /// <summary>ADR 3225: an API token's, the command line's and Vigil's own entries showed a bare actor ("ivy (API)",
    /// "cli:root", "system:rules-apply"). Both tables say what they are in words, the login or operating-system user kept
    /// in the words and the whole recorded actor in the cell's title.</summary>
    [Fact]
    public async Task History_SaysATokenTheCommandLineAndVigilItself_InWords_BesideTheRecordedActor()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var name = await app.NameAsync(ivy, "DC Ivy Token");
        var created = await app.CreateCaseAsync(ivy, Linkage.LinkageSamples.Victim(Linkage.LinkageSamples.UniqueFinder(), 0, "Token Trail"));
        var cli = "cli:operator-" + Guid.NewGuid().ToString("N")[..6];
        await app.WithDbAsync(async db =>
        {
            db.RecordEvent(new Vigil.Data.Audit.AuditDraft("export", "DeathCase", created.Id.ToString(), created.Id, "{}") { Actor = cli });
            db.RecordEvent(new Vigil.Data.Audit.AuditDraft("update", "DeathCase", created.Id.ToString(), created.Id, "{}") { Actor = Vigil.Web.Features.Enquiries.Rules.RulesApply.Actor });
            await db.SaveChangesAsync();
        });

        using var reader = await app.SignedInClientAsync(ivy);
        foreach (var url in new[] { $"/cases/{created.Id}", $"/cases/{created.Id}/audit" })
        {
            var who = Forms.Parse(await reader.GetStringAsync(url)).QuerySelectorAll("table.audit td[data-label='Who']")
                .Select(td => (Actor: td.GetAttribute("title")!, Said: td.TextContent.Trim())).Distinct().ToList();
            Assert.Contains(who, w => w.Actor.StartsWith("token:", StringComparison.Ordinal) && w.Actor.EndsWith($":{ivy.Id}:{ivy.UserName}", StringComparison.Ordinal)
                && w.Said == $"API token 'test' of {name} ({ivy.UserName})");
            Assert.Contains((cli, $"command line, as '{cli[4..]}'"), who);
            Assert.Contains(("system:rules-apply", "command line, rules apply"), who);
        }
    }

    /// <summary>Who, what and the what's title of the first row whose actor (the Who cell's title) is this user's view.</summary>
    private static (string, string, string) ViewBy(AngleSharp.Dom.IDocument page, TestUser user)
    {
        var row = page.QuerySelectorAll("table.audit tbody tr").First(r => r.QuerySelector("td[data-label='Who']")!.GetAttribute("title")!.EndsWith(":" + user.UserName, StringComparison.Ordinal)
            && r.QuerySelector("td[data-label='What']")!.TextContent.Contains("view", StringComparison.Ordinal));
        var what = row.QuerySelector("td[data-label='What']")!;
        return (row.QuerySelector("td[data-label='Who']")!.TextContent.Trim(), what.TextContent.Trim(), what.GetAttribute("title") ?? "");
    }

    [Fact]
    public async Task FullHistory_PagesAHundredNewestFirst_AndEachReadIsAView()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var (caseId, secret) = await LongTrailAsync(ivy);
        using var web = await app.SignedInClientAsync(ivy);
        foreach (var (asked, shown) in new[] { (1, 1), (2, 2), (3, 3), (99, 3) })
        {
            var stored = await StoredAsync(caseId, withFamily: true);
            var views = await ViewsOfAsync(caseId, ivy, "/audit");
            var response = await web.GetAsync($"/cases/{caseId}/audit?page={asked}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = Forms.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(stored.Count is > 200 and <= 300, $"{stored.Count} entries");
            Assert.Equal(stored.Skip((shown - 1) * 100).Take(100).ToList(), Sequences(page));
            Assert.Contains($"Page {shown} of 3 ({stored.Count} in all)", page.QuerySelector("nav.pager")!.TextContent, StringComparison.Ordinal);
            Assert.Equal(views + 1, await ViewsOfAsync(caseId, ivy, "/audit"));
        }
        var all = string.Concat(await Task.WhenAll(new[] { 1, 2, 3 }.Select(n => web.GetStringAsync($"/cases/{caseId}/audit?page={n}"))));
        Assert.Contains(secret, all, StringComparison.Ordinal); // the team's investigator reads the family's entries
    }

    [Fact]
    public async Task CasePage_ShowsTheNewest25_ItsOwnViewFirst_AndLinksToTheFullHistory()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var (caseId, _) = await LongTrailAsync(ivy);
        using var web = await app.SignedInClientAsync(ivy);
        var page = Forms.Parse(await web.GetStringAsync($"/cases/{caseId}"));
        var stored = await StoredAsync(caseId, withFamily: true);
        Assert.Equal(stored.Take(25).ToList(), Sequences(page));
        var own = page.QuerySelector("table.audit tbody tr")!;
        Assert.Contains("viewed the case record", own.TextContent, StringComparison.Ordinal);
        Assert.Contains(ivy.UserName, own.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/cases/{caseId}/audit", page.QuerySelector("#audit a#full-audit")!.GetAttribute("href"));
        Assert.Contains("the newest 25", page.QuerySelector("#audit-h")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Reviewer)]
    public async Task FullHistory_HidesWhatTheReaderMayNotSee(string role)
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var (caseId, secret) = await LongTrailAsync(ivy);
        var reader = await app.CreateUserAsync(role);
        using var web = await app.SignedInClientAsync(reader);
        var shown = new List<long>();
        var stored = await StoredAsync(caseId, withFamily: false);
        for (var n = 1; n <= 3; n++)
        {
            var page = Forms.Parse(await web.GetStringAsync($"/cases/{caseId}/audit?page={n}"));
            Assert.DoesNotContain(secret, page.Body!.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain("FamilyQuestion", page.Body!.TextContent, StringComparison.Ordinal);
            shown.AddRange(Sequences(page));
        }
        // Each read adds the reader's own view at the head, so a later page may repeat the one entry before it; none is
        // skipped, and every entry the reader may see is there once, in order.
        Assert.Equal(stored, shown.Where(stored.Contains).Distinct().ToList());
    }

    [Fact]
    public async Task FullHistory_OfACaseTheReaderCannotSee_IsNotFound()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var outsider = await app.CreateUserAsync(Roles.Investigator);
        var (caseId, _) = await LongTrailAsync(ivy);
        using var web = await app.SignedInClientAsync(outsider);
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/cases/{caseId}/audit")).StatusCode);
        Assert.Equal(0, await ViewsOfAsync(caseId, outsider, "/audit"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuditHistoryTests_Sqlite(SqliteApp app) : AuditHistoryTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AuditHistoryTests_Postgres(PostgresApp app) : AuditHistoryTests(app);
