using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Microsoft.EntityFrameworkCore;
using Vigil.Web.Features.Enquiries;
using Vigil.Web.Features.Enquiries.Dashboards;
using Vigil.Web.Features.Enquiries.Exhibits;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

public abstract class DashboardTests(VigilAppFactory app)
{
    [Fact]
    public async Task UntestedExhibit_IsListedForTheSupervisor_UntilSubmitted()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var supervisor = app.ApiClient(sam);
        var before = (await supervisor.GetFromJsonAsync<List<WorkItem>>("/api/v1/enquiries/lists/untested-exhibits", ApiJson.Client))!;
        Assert.Equal(2, before.Count(i => i.CaseId == c.Id));

        var syringe = await app.WithScopeAsync(async sp => await Task.FromResult(
            sp.GetRequiredService<Vigil.Data.VigilDbContext>().Exhibits.Single(e => e.CaseId == c.Id && e.Type == "syringe").Id));
        var moved = await supervisor.PostAsJsonAsync($"/api/v1/cases/{c.Id}/exhibits/{syringe}/movements", new MovementRequest(null, "PC 123", "scene", "property store", "seized", "SEAL-0001"), ApiJson.Client);
        Assert.Equal(HttpStatusCode.NoContent, moved.StatusCode);
        var submitted = await supervisor.PostAsJsonAsync($"/api/v1/cases/{c.Id}/exhibits/{syringe}/submissions", new SubmissionRequest("LGC Forensics", "toxicology of residue, DNA", null), ApiJson.Client);
        submitted.EnsureSuccessStatusCode();

        var after = (await supervisor.GetFromJsonAsync<List<WorkItem>>("/api/v1/enquiries/lists/untested-exhibits", ApiJson.Client))!;
        Assert.Single(after, i => i.CaseId == c.Id);
        var custody = (await supervisor.GetFromJsonAsync<CustodyDto>($"/api/v1/cases/{c.Id}/exhibits/{syringe}/custody", ApiJson.Client))!;
        Assert.Equal("SEAL-0001", Assert.Single(custody.Movements).SealNumber);
    }

    [Fact]
    public async Task SameFinderInTwoDeaths_IsARedFlagOnBoth()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var finder = "Dorothy " + Guid.NewGuid().ToString("N")[..8];
        string Unique() => "Karl " + Guid.NewGuid().ToString("N")[..8];
        var first = await app.CreateCaseAsync(ivy, PortLike(finder, Unique()));
        var second = await app.CreateCaseAsync(ivy, PortLike(finder, Unique()));
        var unrelated = await app.CreateCaseAsync(ivy, PortLike(lastSeenWith: Unique()));
        using var supervisor = app.ApiClient(sam);
        var flagged = (await supervisor.GetFromJsonAsync<List<WorkItem>>("/api/v1/enquiries/lists/flag-recurring-person", ApiJson.Client))!.Select(i => i.CaseId).ToList();
        Assert.Contains(first.Id, flagged);
        Assert.Contains(second.Id, flagged);
        Assert.DoesNotContain(unrelated.Id, flagged);
    }

    [Fact]
    public async Task SupervisionPage_ShowsCountsThatLinkToLists_AndMyWorkShowsAllocatedActions()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using (var api = app.ApiClient(sam)) (await MoveAsync(api, c.Id, 1, "allocate", ivy.UserName)).EnsureSuccessStatusCode();

        using var supervisor = await app.SignedInClientAsync(sam);
        var page = Forms.Parse(await supervisor.GetStringAsync("/enquiries/supervision"));
        var link = page.QuerySelectorAll("ul.dashboard a").Single(a => a.TextContent.Contains("Exhibits never submitted", StringComparison.Ordinal));
        Assert.Equal("/enquiries/lists/untested-exhibits", link.GetAttribute("href"));
        Assert.True(int.Parse(link.QuerySelector(".count")!.TextContent, System.Globalization.CultureInfo.InvariantCulture) >= 2);
        var list = await supervisor.GetStringAsync("/enquiries/lists/untested-exhibits");
        Assert.Contains(c.Reference, list, StringComparison.Ordinal);

        using var investigator = await app.SignedInClientAsync(ivy);
        Assert.NotEqual(HttpStatusCode.OK, (await investigator.GetAsync("/enquiries/supervision")).StatusCode);
        var mine = await investigator.GetStringAsync("/enquiries/my-work");
        Assert.Contains(c.Reference, mine, StringComparison.Ordinal);
    }

    /// <summary>walk58 finding 3 (ADR 3291): the tile "N Overdue actions" counted mandatory and optional actions together,
    /// where the override gate and the due-event sweep are about the mandatory ones. It now says how many of them are
    /// mandatory and links to the list narrowed to them, which holds that many. My work's count of overdue actions on the
    /// cases the officer leads does the same (next test; walk59: the inbox's digest said 172 mandatory, My work 203 overdue).</summary>
    [Fact]
    public async Task SupervisionTile_SaysHowManyOverdueActionsAreMandatory_AndLinksToThatList()
    {
        var (_, sam, all, mandatory) = await OverdueActionsOneOptionalAsync();
        using var supervisor = await app.SignedInClientAsync(sam);
        var tile = Forms.Parse(await supervisor.GetStringAsync("/enquiries/supervision")).QuerySelectorAll("ul.dashboard li")
            .Single(li => li.QuerySelector("a")!.GetAttribute("href") == "/enquiries/lists/overdue-actions");
        Assert.Equal(all.ToString(System.Globalization.CultureInfo.InvariantCulture), tile.QuerySelector("a .count")!.TextContent);
        var narrowed = tile.QuerySelector("a.mandatory")!;
        Assert.Equal($"{mandatory} of them mandatory", narrowed.TextContent);
        Assert.Equal("/enquiries/lists/overdue-actions?mandatory=true", narrowed.GetAttribute("href"));
        var list = Forms.Parse(await supervisor.GetStringAsync(narrowed.GetAttribute("href")!));
        Assert.Equal(mandatory, list.QuerySelectorAll("table.work-list tbody tr").Count(r => r.TextContent.Contains("(mandatory)", StringComparison.Ordinal)));
        Assert.Equal(mandatory, list.QuerySelectorAll("table.work-list tbody tr").Length);
    }

    [Fact]
    public async Task MyWork_SaysHowManyOverdueActionsOnTheCasesYouLeadAreMandatory_AndLinksToThatList()
    {
        var (ivy, _, all, mandatory) = await OverdueActionsOneOptionalAsync();
        using var investigator = await app.SignedInClientAsync(ivy);
        var led = Forms.Parse(await investigator.GetStringAsync("/enquiries/my-work")).QuerySelector("p.led")!;
        Assert.Contains($"{all} overdue actions ({mandatory} mandatory)", System.Text.RegularExpressions.Regex.Replace(led.TextContent, @"\s+", " "), StringComparison.Ordinal);
        Assert.Equal("/enquiries/led/overdue-actions?mandatory=true", led.QuerySelector("a.mandatory")!.GetAttribute("href"));
    }

    /// <summary>A new team's investigator (who leads the case) and supervisor, and a case whose every action is past its
    /// date, the first of them not mandatory: how many are overdue, and how many of them mandatory.</summary>
    private async Task<(TestUser Ivy, TestUser Sam, int All, int Mandatory)> OverdueActionsOneOptionalAsync()
    {
        var team = "tile-" + Guid.NewGuid().ToString("N")[..8];
        var ivy = await app.CreateUserAsync(Roles.Investigator, team);
        var sam = await app.CreateUserAsync(Roles.Supervisor, team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        var (all, mandatory) = await app.WithDbAsync(async db =>
        {
            // Every action of the case past its date, the first of them not mandatory.
            await db.CaseActions.Where(a => a.CaseId == c.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.DueAt, DateTime.UtcNow.AddDays(-1)));
            var first = await db.CaseActions.Where(a => a.CaseId == c.Id).MinAsync(a => a.Number);
            await db.CaseActions.Where(a => a.CaseId == c.Id && a.Number == first).ExecuteUpdateAsync(s => s.SetProperty(a => a.Mandatory, false));
            return (await db.CaseActions.CountAsync(a => a.CaseId == c.Id), await db.CaseActions.CountAsync(a => a.CaseId == c.Id && a.Mandatory));
        });
        Assert.True(mandatory > 0 && mandatory < all);
        return (ivy, sam, all, mandatory);
    }

    /// <summary>Each list heads its date column with what the date is: a red flag's list gives the date the death was
    /// found, which under "When", beside the overdue lists' due dates, read as a deadline (walk51).</summary>
    [Theory]
    [InlineData("overdue-actions", "Due")]
    [InlineData("overdue-reviews", "Due")]
    [InlineData("family-questions-overdue", "Due")]
    [InlineData("untested-exhibits", "Exhibit recorded")]
    [InlineData("override-requests", "Asked")]
    [InlineData("flag-note-unexamined", "Found")]
    public async Task EachWorkList_HeadsItsDateColumnWithWhatTheDateIs(string list, string heading)
    {
        var sam = await app.CreateUserAsync(Roles.Supervisor);
        using var supervisor = await app.SignedInClientAsync(sam);
        var page = Forms.Parse(await supervisor.GetStringAsync($"/enquiries/lists/{list}"));
        var headings = page.QuerySelectorAll("table.work-list thead th").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(["Case", "What", heading, "Officer"], headings);
    }

    [Theory]
    [InlineData("/enquiries/lists/results-awaiting-review")]
    [InlineData("/enquiries/lists/overdue-reviews")]
    public async Task AnEmptyWorkList_SaysSoInWords(string list)
    {
        var sam = await app.CreateUserAsync(Roles.Supervisor);
        using var supervisor = await app.SignedInClientAsync(sam);
        var page = Forms.Parse(await supervisor.GetStringAsync(list));
        // walk53: an empty list was "0 items" over a table of headings alone.
        var empty = page.QuerySelector("table.work-list tbody tr.empty-list");
        Assert.NotNull(empty);
        Assert.StartsWith("Nothing on this list", empty.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkLists_Page_BeyondTheFirstRows_ThroughTheApiAndThePage()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        for (var i = 0; i < 3; i++) await app.CreateCaseAsync(ivy); // each has one untested exhibit
        using var supervisor = app.ApiClient(sam);

        var first = await supervisor.GetAsync("/api/v1/enquiries/lists/untested-exhibits?size=2");
        Assert.Equal("3", first.Headers.GetValues("X-Total-Count").Single());
        Assert.Contains("rel=\"next\"", first.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        var second = (await supervisor.GetFromJsonAsync<List<WorkItem>>("/api/v1/enquiries/lists/untested-exhibits?size=2&page=2", ApiJson.Client))!;
        var all = (await first.Content.ReadFromJsonAsync<List<WorkItem>>(ApiJson.Client))!.Concat(second).Select(i => i.What).ToList();
        Assert.Equal(3, all.Distinct().Count());

        using var web = await app.SignedInClientAsync(sam);
        var page = Forms.Parse(await web.GetStringAsync("/enquiries/lists/untested-exhibits?size=2&page=2"));
        Assert.Contains("Page 2 of 2 (3 in all)", page.QuerySelector("nav.pager")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/enquiries/lists/untested-exhibits?size=2&page=1", page.QuerySelector("nav.pager a[rel=prev]")!.GetAttribute("href"));
        Assert.Single(page.QuerySelectorAll("table.work-list tbody tr"));
    }

    /// <summary>Round 29's walk-through: the supervisor's lists said "Override to unexpected-not-suspicious" (a code),
    /// named officers by their logins, and linked an action's row to the top of its case.</summary>
    [Fact]
    public async Task WorkListPage_SaysTheCategoryInWords_NamesOfficers_AndLinksToTheAction()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sue = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var tag = Guid.NewGuid().ToString("N")[..6];
        await app.WithDbAsync(async db =>
        {
            await db.Users.Where(u => u.Id == ivy.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, "DC Ivy Marsh " + tag));
            await db.Users.Where(u => u.Id == sue.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, "DS Sue Hart " + tag));
        });
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using (var asker = app.ApiClient(sue))
            Assert.Equal(HttpStatusCode.Accepted, (await ClassifyAsync(asker, c.Id, "unexpected-not-suspicious", "Coroner asks for an interim category")).StatusCode);
        using (var investigator = app.ApiClient(ivy))
        {
            var action = (await ActionsAsync(investigator, c.Id)).First(a => a.Mandatory);
            (await MoveAsync(investigator, c.Id, action.Number, "allocate", ivy.UserName)).EnsureSuccessStatusCode();
            (await MoveAsync(investigator, c.Id, action.Number, "submit-result", text: "done")).EnsureSuccessStatusCode();

            using var web = await app.SignedInClientAsync(sue);
            var overrides = Forms.Parse(await web.GetStringAsync("/enquiries/lists/override-requests"));
            var row = Assert.Single(overrides.QuerySelectorAll("table.work-list tbody tr"));
            Assert.Contains("Override to “Unexpected death – investigated, not suspicious”", row.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain("unexpected-not-suspicious", row.TextContent, StringComparison.Ordinal);
            Assert.Equal("DS Sue Hart " + tag, row.Children[3].TextContent);

            var results = Forms.Parse(await web.GetStringAsync("/enquiries/lists/results-awaiting-review"));
            row = Assert.Single(results.QuerySelectorAll("table.work-list tbody tr"));
            Assert.Equal($"/cases/{c.Id}#action-{action.Number}", row.QuerySelector("a")!.GetAttribute("href"));
            Assert.Equal("DC Ivy Marsh " + tag, row.Children[3].TextContent);
            Assert.DoesNotContain(ivy.UserName, row.TextContent, StringComparison.Ordinal);
        }
        // The API keeps the officer's user name (an identifier) and says the category in words too.
        using var api = app.ApiClient(sue);
        var item = Assert.Single((await api.GetFromJsonAsync<List<WorkItem>>("/api/v1/enquiries/lists/override-requests", ApiJson.Client))!);
        Assert.Equal(sue.UserName, item.Who);
        Assert.StartsWith("Override to “Unexpected death – investigated, not suspicious”: ", item.What, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MyWork_Pages_AndCountsOverEveryPage()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var investigator = app.ApiClient(ivy);
        var actions = await ActionsAsync(investigator, c.Id);
        foreach (var a in actions) (await MoveAsync(investigator, c.Id, a.Number, "allocate", ivy.UserName)).EnsureSuccessStatusCode();
        var first = await investigator.GetAsync("/api/v1/enquiries/my-work?size=1");
        Assert.Equal(actions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), first.Headers.GetValues("X-Total-Count").Single());
        Assert.Single((await first.Content.ReadFromJsonAsync<List<Vigil.Web.Features.Enquiries.Actions.ActionDto>>(ApiJson.Client))!);
        using var web = await app.SignedInClientAsync(ivy);
        var page = await web.GetStringAsync("/enquiries/my-work?size=1");
        Assert.Contains($"{Vigil.Web.Features.Shared.Plural.Count(actions.Count, "open action", "open actions")} allocated to you", page, StringComparison.Ordinal);
        Assert.Contains($"Page 1 of {actions.Count}", page, StringComparison.Ordinal);
    }

    /// <summary>My work says "nothing allocated" or lists the actions, never both, and no template text leaks onto the
    /// page (round 29 walk-through: "else {" and "}" were printed around the table and an empty table shown).</summary>
    [Fact]
    public async Task MyWork_ShowsEitherNothingAllocatedOrTheTable_AndNoTemplateText()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var web = await app.SignedInClientAsync(ivy);
        var empty = Forms.Parse(await web.GetStringAsync("/enquiries/my-work"));
        var emptyText = empty.QuerySelector("main")!.TextContent;
        Assert.Contains("Nothing allocated to you.", emptyText, StringComparison.Ordinal);
        Assert.Null(empty.QuerySelector("table.my-actions"));
        Assert.DoesNotContain("else", emptyText, StringComparison.Ordinal);
        Assert.NotNull(empty.QuerySelector("main a[href='/cases']"));

        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var investigator = app.ApiClient(ivy);
        var action = (await ActionsAsync(investigator, c.Id)).First();
        (await MoveAsync(investigator, c.Id, action.Number, "allocate", ivy.UserName)).EnsureSuccessStatusCode();
        var listed = Forms.Parse(await web.GetStringAsync("/enquiries/my-work"));
        var listedText = listed.QuerySelector("main")!.TextContent;
        Assert.Single(listed.QuerySelectorAll("table.my-actions tbody tr"));
        Assert.DoesNotContain("Nothing allocated to you.", listedText, StringComparison.Ordinal);
        Assert.DoesNotContain("else", listedText, StringComparison.Ordinal);
        Assert.DoesNotContain("}", listedText, StringComparison.Ordinal);
    }

    /// <summary>The case page's flags come from one statement (ADR 2193), compiled with the rules spliced in (ADR 2581): the
    /// same flags as each rule's own query.</summary>
    [Fact]
    public async Task RedFlagsForACase_AreEachRulesOwnAnswer()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var finder = "Dorothy " + Guid.NewGuid().ToString("N")[..8];
        string Unique() => "Karl " + Guid.NewGuid().ToString("N")[..8];
        var first = await app.CreateCaseAsync(ivy, PortLike(finder, Unique()));
        var second = await app.CreateCaseAsync(ivy, PortLike(finder, Unique()));
        var suicide = await app.CreateCaseAsync(ivy, Vigil.Web.Tests.Infrastructure.Samples.Record() with
        {
            Manner = "suicide", People = [new Vigil.Records.RecordPerson { Role = "present-at-death", Name = Unique() }],
        });
        var plain = await app.CreateCaseAsync(ivy, Vigil.Web.Tests.Infrastructure.Samples.Record());
        var found = new Dictionary<Guid, List<string>>();
        await app.WithDbAsync(async db =>
        {
            foreach (var c in new[] { first, second, suicide, plain })
            {
                var flags = (await RedFlags.ForCaseAsync(db, c.Id, default)).Select(f => f.Id).ToList();
                var one = db.Cases.Where(x => x.Id == c.Id);
                var each = new List<string>();
                foreach (var kind in RedFlags.All)
                    if (await RedFlags.Having(db, one, kind).AnyAsync()) each.Add(kind.Id);
                Assert.Equal(each, flags);
                // The case page's compiled presence statement splices the same rules in (ADR 2581): the same answer.
                var rows = new Vigil.Web.Features.Cases.CasePanelRows(db);
                await rows.ReadAsync(c.Id, default);
                Assert.Equal(each, rows.RedFlagsOf(c.Id)!.Select(f => f.Id).ToList());
                found[c.Id] = flags;
            }
        });
        Assert.Contains(RedFlags.RecurringPerson.Id, found[first.Id]);
        Assert.Contains(RedFlags.NoteUnexamined.Id, found[second.Id]);
        Assert.Contains(RedFlags.SuicideContradiction.Id, found[suicide.Id]);
        Assert.Empty(await app.WithScopeAsync(sp => RedFlags.ForCaseAsync(sp.GetRequiredService<Vigil.Data.VigilDbContext>(), Guid.NewGuid(), default)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DashboardTests_Sqlite(SqliteApp app) : DashboardTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DashboardTests_Postgres(PostgresApp app) : DashboardTests(app);
