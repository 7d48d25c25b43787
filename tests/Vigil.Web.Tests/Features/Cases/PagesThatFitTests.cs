using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Cases;

/// <summary>Pages that fit (issue 9.4): a page for an unknown case, a reversed date range said in words, the case
/// list's card layout hooks, and a timeline whose same-instant entries keep one order.</summary>
public abstract class PagesThatFitTests(VigilAppFactory app)
{
    [Fact]
    public async Task UnknownCase_ShowsAPage_WhileTheApiAnswersAProblemDocument()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var web = await app.SignedInClientAsync(ivy);
        var page = await web.GetAsync($"/cases/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = Forms.Parse(await page.Content.ReadAsStringAsync());
        Assert.Equal("Page not found", html.QuerySelector("h1")!.TextContent);
        Assert.Equal("/enquiries/my-work", html.QuerySelector("main a")!.GetAttribute("href"));

        using var api = app.ApiClient(ivy);
        var problem = await api.GetAsync($"/api/v1/cases/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>walk55 finding 12: with a supervisor's menu at 1280 px the header's search box shows 28 characters, and
    /// its placeholder was cut ("Search people, phones, places"); the button beside it says "Search".</summary>
    [Fact]
    public async Task TheHeaderSearchHint_FitsTheBoxBesideASupervisorsMenu()
    {
        using var web = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Supervisor));
        var hint = Forms.Parse(await web.GetStringAsync("/enquiries/supervision")).QuerySelector("#header-q")!.GetAttribute("placeholder")!;
        Assert.True(hint.Length <= 28, $"\"{hint}\" is {hint.Length} characters");
        Assert.Contains("phones", hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPortalPage_ShowsThePortalsOwnPage()
    {
        var (client, _) = await Family.FamilyKit.FamilySessionAsync(app, await Family.FamilyKit.CaseAsync(app));
        var response = await client.GetAsync("/family/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = Forms.Parse(await response.Content.ReadAsStringAsync());
        Assert.NotNull(html.QuerySelector("body.portal"));
        Assert.Equal("/family", html.QuerySelector("main a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task ReversedDateRange_IsSaidInWords_OnThePageAndInTheApi()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        await app.CreateCaseAsync(ivy);
        using var web = await app.SignedInClientAsync(ivy);
        var page = Forms.Parse(await web.GetStringAsync("/cases?from=2015-04-01&to=2015-03-01"));
        var summary = page.QuerySelector("[data-error-summary]")!;
        Assert.Contains("is after 'Found to'", summary.TextContent, StringComparison.Ordinal);
        Assert.Equal("#From", summary.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("true", page.QuerySelector("#From")!.GetAttribute("aria-invalid"));
        Assert.Empty(page.QuerySelectorAll("table.cases tbody tr"));
        Assert.DoesNotContain("No cases match", page.Body!.TextContent, StringComparison.Ordinal);

        using var api = app.ApiClient(ivy);
        var response = await api.GetAsync("/api/v1/cases?from=2015-04-01&to=2015-03-01");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(ApiJson.Client);
        Assert.Contains("from", problem!.Errors.Keys);
    }

    [Fact]
    public async Task CaseList_RowsCarryTheirLabels_ForTheNarrowScreenCards()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, Samples.Record() with { Location = Samples.Record().Location with { Setting = "home-own" } });
        using var web = await app.SignedInClientAsync(ivy);
        var page = Forms.Parse(await web.GetStringAsync($"/cases?q={c.Reference}"));
        var row = Assert.Single(page.QuerySelectorAll("table.cases.stack tbody tr"));
        Assert.Equal("own home", row.QuerySelector("td[data-label=Setting]")!.TextContent.Trim());
        Assert.DoesNotContain("home-own", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimelineEntriesAtTheSameInstant_KeepTheOrderTheyWereWritten()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy);
        var at = new DateTime(2015, 3, 2, 9, 0, 0, DateTimeKind.Utc);
        // Version-7 ids carry the millisecond they were made, so the order written is the order of their ids. Each is made
        // for its own millisecond: a pause between them did not ensure one (CI, round 49: a 3 ms Task.Delay measured on a
        // coarse clock came back within the same millisecond, and entries 1 and 2 drew their random bits the other way).
        var written = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(1, 4).Select(i => new TimelineEvent
        {
            Id = NewId.Version7(written.AddMilliseconds(i)), CaseId = c.Id, OccurredAt = at, Kind = "note", Description = $"same-minute entry {i}",
        }).ToList();
        // Stored newest first, so a query that relies on storage order shows them backwards.
        await app.WithDbAsync(async db =>
        {
            foreach (var e in Enumerable.Reverse(events)) { db.TimelineEvents.Add(e); await db.SaveChangesAsync(); }
        });
        using var web = await app.SignedInClientAsync(ivy);
        for (var load = 0; load < 2; load++)
        {
            var page = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}"));
            var shown = page.QuerySelectorAll("ol.timeline li").Select(li => li.TextContent).Where(t => t.Contains("same-minute entry", StringComparison.Ordinal))
                .Select(t => t[(t.IndexOf("entry ", StringComparison.Ordinal) + 6)..].Trim()[..1]).ToList();
            Assert.Equal(["1", "2", "3", "4"], shown);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PagesThatFitTests_Sqlite(SqliteApp app) : PagesThatFitTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PagesThatFitTests_Postgres(PostgresApp app) : PagesThatFitTests(app);
