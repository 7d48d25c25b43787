using Vigil.Web.Hosting;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Notifications;
using Vigil.Records;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.People;
using Vigil.Web.Features.Search;
using Vigil.Web.Tests.Features.Search;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.People;

/// <summary>The person page (every death by role, hidden ones counted not named), and analysts' merge and split:
/// reasons required, audited, the search index and the linkage engine seeing the result.</summary>
public abstract class PersonRecordsTests(VigilAppFactory app)
{
    private static DeathRecord With(DeathRecord r, string name, string role = "finder", string? phone = null) =>
        r with { People = [new RecordPerson { Role = role, Name = name, Phone = phone }] };

    private async Task<Guid> PersonOfAsync(Guid caseId) =>
        await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().CasePeople.Where(p => p.CaseId == caseId).Select(p => p.PersonId).FirstAsync());

    [Fact]
    public async Task PersonPage_ListsTheirDeathsByRole_AndCountsAnotherTeamsWithoutNamingThem()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var other = await app.CreateUserAsync(Roles.Investigator);
        var (record, surname, _, _, _) = SearchTests.Unique("Victor");
        var mine = await app.CreateCaseAsync(ivy, record);
        var mineToo = await app.CreateCaseAsync(ivy, With(Samples.Record(name: "Second Death"), $"Victor {surname}", "last-seen-with") with { People = [.. record.People!.Select(p => p with { Role = "last-seen-with" }), new RecordPerson { Role = "witness", Name = "Wendy Associate" + surname }] });
        var theirs = await app.CreateCaseAsync(other, With(Samples.Record(name: "Hidden Death"), $"Victor {surname}", "caller"));
        var person = await PersonOfAsync(mine.Id);
        Assert.Equal(person, await PersonOfAsync(theirs.Id));

        using var web = await app.SignedInClientAsync(ivy);
        var html = await web.GetStringAsync($"/people/{person}");
        var page = Forms.Parse(html);
        var rows = page.QuerySelectorAll("table.appearances tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Contains(mine.Reference, StringComparison.Ordinal) && r.Contains("finder", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains(mineToo.Reference, StringComparison.Ordinal) && r.Contains("last-seen-with", StringComparison.Ordinal));
        Assert.DoesNotContain(theirs.Reference, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden Death", html, StringComparison.Ordinal);
        Assert.Contains("1 other death held by other teams", page.QuerySelector(".case-head")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Wendy Associate" + surname, page.QuerySelector(".associates")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(record.People![0].Phone!, page.QuerySelector("#phones-h")!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#merge-h"));

        var casePage = Forms.Parse(await web.GetStringAsync($"/cases/{mine.Id}"));
        Assert.Contains(casePage.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/people/{person}" && a.TextContent.Contains("appears in 2 other deaths", StringComparison.Ordinal));
        using var outsider = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Investigator));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/people/{person}")).StatusCode);
    }

    [Fact]
    public async Task Merge_NeedsAReason_JoinsTheRecords_IsAudited_AndLaterMentionsResolveToTheSurvivor()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        var (record, surname, _, _, _) = SearchTests.Unique();
        var a = await app.CreateCaseAsync(ivy, With(record, $"Stephen {surname}"));
        var b = await app.CreateCaseAsync(ivy, With(Samples.Record(name: "Other Death"), $"Stefan {surname}x"));
        var (pa, pb) = (await PersonOfAsync(a.Id), await PersonOfAsync(b.Id));
        Assert.NotEqual(pa, pb);
        using var analyst = app.ApiClient(ann);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.PostAsJsonAsync($"/api/v1/people/{pa}/merge", new MergeRequest(pb, " "), ApiJson.Client)).StatusCode);
        using var investigator = app.ApiClient(ivy);
        Assert.Equal(HttpStatusCode.Forbidden, (await investigator.PostAsJsonAsync($"/api/v1/people/{pa}/merge", new MergeRequest(pb, "same man"), ApiJson.Client)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await analyst.PostAsJsonAsync($"/api/v1/people/{pa}/merge", new MergeRequest(pb, "Same date of birth and phone in the PNC record"), ApiJson.Client)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await analyst.PostAsJsonAsync($"/api/v1/people/{pa}/merge", new MergeRequest(pb, "again"), ApiJson.Client)).StatusCode);
        Assert.Equal(pa, await PersonOfAsync(b.Id));
        using var web = await app.SignedInClientAsync(ann);
        var redirect = await web.GetAsync($"/people/{pb}");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal($"/people/{pa}", redirect.Headers.Location!.OriginalString);
        var page = Forms.Parse(await web.GetStringAsync($"/people/{pa}"));
        Assert.Equal(2, page.QuerySelectorAll("table.appearances tbody tr").Length);
        Assert.Contains("Same date of birth", page.QuerySelector("#changes-h")!.ParentElement!.TextContent, StringComparison.Ordinal);

        // The search finds the merged appearance under the survivor, by either spelling.
        var found = await (await analyst.GetAsync($"/api/v1/search?q={Uri.EscapeDataString($"Stefan {surname}x")}")).Content.ReadFromJsonAsync<SearchResults>(ApiJson.Client);
        Assert.Contains(found!.Groups.Single(g => g.Kind == "people").Hits, h => h.Href == $"/people/{pa}");
        Assert.DoesNotContain(found.Groups.Single(g => g.Kind == "people").Hits, h => h.Href == $"/people/{pb}");
        var audit = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries.Where(e => e.EntityType == "PersonChange" && e.Changes.Contains(pb.ToString())).CountAsync());
        Assert.Equal(1, audit);

        var later = await app.CreateCaseAsync(ivy, With(Samples.Record(name: "Later Death"), $"Stefan {surname}x"));
        Assert.Equal(pa, await PersonOfAsync(later.Id));
    }

    [Fact]
    public async Task Split_MovesTheTickedAppearances_ToANewRecord()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        var (record, surname, _, _, _) = SearchTests.Unique();
        var a = await app.CreateCaseAsync(ivy, record);
        var b = await app.CreateCaseAsync(ivy, With(Samples.Record(name: "Namesake Death"), $"Stephen {surname}"));
        var person = await PersonOfAsync(a.Id);
        Assert.Equal(person, await PersonOfAsync(b.Id));
        var appearance = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().CasePeople.Where(p => p.CaseId == b.Id).Select(p => p.Id).SingleAsync());
        using var analyst = app.ApiClient(ann);
        var all = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().CasePeople.Where(p => p.PersonId == person).Select(p => p.Id).ToListAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.PostAsJsonAsync($"/api/v1/people/{person}/split", new SplitRequest(all, "all of them"), ApiJson.Client)).StatusCode);
        var split = await analyst.PostAsJsonAsync($"/api/v1/people/{person}/split", new SplitRequest([appearance], "Different date of birth: a namesake"), ApiJson.Client);
        Assert.Equal(HttpStatusCode.OK, split.StatusCode);
        var created = (await split.Content.ReadFromJsonAsync<SplitResponse>(ApiJson.Client))!.NewPersonId;
        Assert.Equal(person, await PersonOfAsync(a.Id));
        Assert.Equal(created, await PersonOfAsync(b.Id));
    }

    [Fact]
    public async Task Merge_IsHeardByLinkage_WhoseEngineThenComparesTheTwoAppearancesAsOnePerson()
    {
        PeopleChangeRecorder.Changes.Clear();
        await using var host = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddScoped<IPeopleChangeListener, PeopleChangeRecorder>()));
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        var (record, surname, _, _, _) = SearchTests.Unique("Walter");
        var a = await app.CreateCaseAsync(ivy, With(record, $"Walter {surname}"));
        var b = await app.CreateCaseAsync(ivy, With(Samples.Record(name: "Other Man") with { FoundAt = record.FoundAt.AddDays(30) }, $"Ingrid Brv{surname}", "witness"));
        var (pa, pb) = (await PersonOfAsync(a.Id), await PersonOfAsync(b.Id));
        async Task<string> ExplainAsync() => await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var cases = await db.Cases.AsNoTracking().Include(c => c.People).ThenInclude(p => p.Person).Include(c => c.Toxicology)
                .Where(c => c.Id == a.Id || c.Id == b.Id).ToListAsync();
            var e = await sp.GetRequiredService<LinkageEngine>().ExplainAsync(cases.Single(c => c.Id == b.Id), cases.Single(c => c.Id == a.Id), default);
            return string.Join(" | ", e.Items.Select(i => i.Finding));
        });
        Assert.DoesNotContain("same name", await ExplainAsync(), StringComparison.Ordinal);

        using var analyst = host.CreateClient();
        analyst.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ann.Token);
        Assert.Equal(HttpStatusCode.NoContent, (await analyst.PostAsJsonAsync($"/api/v1/people/{pa}/merge", new MergeRequest(pb, "Known alias"), ApiJson.Client)).StatusCode);
        var change = Assert.Single(PeopleChangeRecorder.Changes, c => c.PersonId == pa);
        Assert.Equal("merge", change.Kind);
        Assert.Equal(new[] { a.Id, b.Id }.Order(), change.CaseIds.Order());
        var after = await ExplainAsync();
        Assert.Contains("same name", after, StringComparison.Ordinal);
        // One person now, written alike in both deaths: named once, with the role in each (the newer death is b's).
        Assert.Contains($"same name: 'Walter {surname}', witness in this death and finder in the earlier one", after, StringComparison.Ordinal);
    }
}

public sealed class PeopleChangeRecorder : IPeopleChangeListener
{
    public static readonly ConcurrentBag<PeopleChanged> Changes = [];

    public Task AfterPeopleChangedAsync(PeopleChanged change, CancellationToken ct) { Changes.Add(change); return Task.CompletedTask; }
}

[Collection(SqliteCollection.Name)]
public sealed class PersonRecordsTests_Sqlite(SqliteApp app) : PersonRecordsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PersonRecordsTests_Postgres(PostgresApp app) : PersonRecordsTests(app);
