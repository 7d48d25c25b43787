using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Queue;
using Vigil.Web.Features.Linkage.Series;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>Alert → analyst's comparison → confirm → linked series on every member, officers told, review action
/// raised, "linked-series" published; and a rejection that teaches the model in use.</summary>
public abstract class LinkageWorkflowTests(VigilAppFactory app)
{
    private Task<(TestUser Ivy, TestUser Ann, (string Finder, string Phone) Finder, CaseResponse First, CaseResponse Second, QueueRow Row)> AlertedPairAsync(
        WebApplicationFactory<Program> host) => LinkageClient.AlertedPairAsync(app, host);

    [Fact]
    public async Task SecondDeath_Alerts_AnalystConfirms_SeriesShowsOnBothCases_OfficersTold_ActionAndEventRaised()
    {
        await using var host = Recorder.Around(app);
        var (ivy, ann, finder, first, second, row) = await AlertedPairAsync(host);
        using var annApi = LinkageClient.Api(host, ann);
        Assert.True(row.Probability >= 0.4, $"probability {row.Probability}");

        using var browser = await SignedInAsync(host, ann);
        var compare = Forms.Parse(await browser.GetStringAsync($"/linkage/candidates/{row.Id}"));
        Assert.Contains(finder.Finder, compare.QuerySelector(".shared-people")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("same phone", compare.QuerySelector("table.explanation")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(compare.QuerySelector("#compare-map[data-points]"));

        var noReason = await Forms.PostAsync(browser, $"/linkage/candidates/{row.Id}", new() { ["Decision"] = "confirm", ["Reason"] = " " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("reason", await noReason.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var confirmed = await Forms.PostAsync(browser, $"/linkage/candidates/{row.Id}", new() { ["Decision"] = "confirm", ["Reason"] = "Same finder, same wall, three weeks apart" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);

        using var ivyBrowser = await SignedInAsync(host, ivy);
        foreach (var (self, other) in new[] { (first, second), (second, first) })
        {
            var panel = Forms.Parse(await ivyBrowser.GetStringAsync($"/cases/{self.Id}")).QuerySelector(".linkage-panel")!.TextContent;
            Assert.Contains("LS-", panel, StringComparison.Ordinal);
            Assert.Contains(other.Reference, panel, StringComparison.Ordinal);
            Assert.Contains(Recorder.Actions, a => a.CaseId == self.Id && a.Kind == "linked-series-review" && a.Mandatory);
            Assert.Contains(Recorder.Events, e => e.CaseId == self.Id && e.Kind == "linked-series");
        }
        var inbox = Forms.Parse(await ivyBrowser.GetStringAsync("/notifications")).QuerySelectorAll(".notifications li").Select(l => l.TextContent).ToList();
        Assert.Contains(inbox, t => t.Contains(first.Reference, StringComparison.Ordinal));
        Assert.Contains(inbox, t => t.Contains(second.Reference, StringComparison.Ordinal));
        Assert.DoesNotContain(await LinkageClient.QueueAsync(annApi, second.Id), r => r.Id == row.Id);
        Assert.Contains(await LinkageClient.QueueAsync(annApi, second.Id, "confirmed"), r => r.Id == row.Id);
    }

    /// <summary>walk51: a confirmation or rejection returned the analyst to the queue with nothing on it to say it was
    /// recorded (the pair only vanished from a list of a hundred). The queue now says which link, and what became of it.</summary>
    [Fact]
    public async Task AnAnalystsDecision_IsSaidOnTheQueueTheyReturnTo()
    {
        await using var host = Recorder.Around(app);
        var (_, ann, _, first, second, row) = await AlertedPairAsync(host);

        using var browser = await SignedInAsync(host, ann);
        var rejected = await Forms.PostAsync(browser, $"/linkage/candidates/{row.Id}", new() { ["Decision"] = "reject", ["Reason"] = "Different finders on record" });
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        Assert.Equal("/linkage", rejected.Headers.Location!.OriginalString);
        var queue = Forms.Parse(await browser.GetStringAsync("/linkage"));
        var said = queue.QuerySelector("[data-flash]")!.TextContent;
        Assert.Contains($"{second.Reference} and {first.Reference} rejected", said, StringComparison.Ordinal);
        Assert.Null(Forms.Parse(await browser.GetStringAsync("/linkage")).QuerySelector("[data-flash]"));
    }

    /// <summary>A decision made on a comparison another analyst decided since the page was opened is refused with the page
    /// and why, as before; it is now a 409, as every write the store's state refuses (ADR 3273), where it answered 200.</summary>
    [Fact]
    public async Task ADecision_OnAPairAnotherAnalystDecidedSinceThePageOpened_IsRefusedAsAConflict()
    {
        await using var host = Recorder.Around(app);
        var (_, ann, _, _, _, row) = await AlertedPairAsync(host);
        var bob = await app.CreateUserAsync(Roles.Analyst);
        using var first = await SignedInAsync(host, ann);
        using var second = await SignedInAsync(host, bob);
        var url = $"/linkage/candidates/{row.Id}";
        var held = await second.GetStringAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(first, url, new() { ["Decision"] = "confirm", ["Reason"] = "Same finder, same wall" })).StatusCode);
        var late = await second.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(held)!, ["Decision"] = "reject", ["Reason"] = "Different finders on record " + row.Id,
        }));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains(LinkDecisions.CandidateDecided.Title, Forms.Parse(await late.Content.ReadAsStringAsync()).QuerySelector("[data-error-summary]")!.TextContent,
            StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Changes.Contains("Different finders on record " + row.Id))));
    }

    /// <summary>Round 29's walk-through: Razor's validation summary ("All") rendered <c>&lt;li style="display:none"&gt;</c>
    /// on the comparison, the series page and the review register's forms, which the CSP (no unsafe-inline) refuses: a
    /// console error on every visit. The pages use the one error summary (ADR 0650): nothing when nothing is wrong.</summary>
    [Fact]
    public async Task DecisionPages_CarryNoInlineStyle_AndSayARefusalInTheErrorSummary()
    {
        await using var host = Recorder.Around(app);
        var (_, ann, _, first, _, row) = await AlertedPairAsync(host);

        using var browser = await SignedInAsync(host, ann);
        var compare = Forms.Parse(await browser.GetStringAsync($"/linkage/candidates/{row.Id}"));
        Assert.Empty(compare.QuerySelectorAll("[style]"));
        Assert.Null(compare.QuerySelector(".error-summary"));
        var refused = Forms.Parse(await (await Forms.PostAsync(browser, $"/linkage/candidates/{row.Id}", new() { ["Decision"] = "confirm", ["Reason"] = " " })).Content.ReadAsStringAsync());
        Assert.Empty(refused.QuerySelectorAll("[style]"));
        Assert.Contains("reason", refused.QuerySelector("[data-error-summary]")!.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(browser, $"/linkage/candidates/{row.Id}", new() { ["Decision"] = "confirm", ["Reason"] = "Same finder" })).StatusCode);

        var series = Forms.Parse(await browser.GetStringAsync($"/cases/{first.Id}")).QuerySelector(".linkage-panel a[href^='/series/']")!.GetAttribute("href")!;
        Assert.Empty(Forms.Parse(await browser.GetStringAsync(series)).QuerySelectorAll("[style]"));
        using var reviewer = await SignedInAsync(host, await app.CreateUserAsync(Roles.Reviewer));
        Assert.Empty(Forms.Parse(await reviewer.GetStringAsync("/reviews/new")).QuerySelectorAll("[style]"));
    }

    /// <summary>walk51: a death without an occupation read "male, 73," on the comparison (the case page reads "male, 73").</summary>
    [Fact]
    public async Task Comparison_WithoutAnOccupation_EndsTheDeceasedAtTheAge()
    {
        await using var host = Recorder.Around(app);
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        var finder = LinkageSamples.UniqueFinder();
        DeathRecord NoOccupation(DeathRecord r) => r with { Deceased = r.Deceased! with { Occupation = null } };
        using var ivyApi = LinkageClient.Api(host, ivy);
        var first = await LinkageClient.CreateAsync(ivyApi, ivy, NoOccupation(LinkageSamples.Victim(finder, 0, "Mateo Lindqvist")));
        var second = await LinkageClient.CreateAsync(ivyApi, ivy, NoOccupation(LinkageSamples.Victim(finder, 21, "Rhys Albright")));
        using var annApi = LinkageClient.Api(host, ann);
        var row = await LinkageClient.OpenPairAsync(annApi, app, second, first);

        using var browser = await SignedInAsync(host, ann);
        var deceased = Forms.Parse(await browser.GetStringAsync($"/linkage/candidates/{row.Id}")).QuerySelectorAll(".compare .death dl.facts dd")
            .Where(dd => dd.PreviousElementSibling?.TextContent == "Deceased").Select(dd => dd.TextContent.Trim()).ToList();
        Assert.Equal(["male, 24", "male, 24"], deceased);
    }

    /// <summary>walk51 finding 10b: the pair page said codes and keys ("same setting (care-home)", "same area
    /// (redbridge)", certifying-doctor "Dr Hugh Bell" twice) and the place twice ("care home Redbridge · care home").
    /// The page says them in words, each once (ADR 3218); the stored explanation keeps the engine's words.</summary>
    [Fact]
    public async Task Comparison_SaysTheSettingAreaAndPersonInCommon_InWords_EachOnce()
    {
        await using var host = Recorder.Around(app);
        var (_, ann, finder, first, _, row) = await AlertedPairAsync(host);
        var area = LinkageSamples.PlaceOf(finder.Finder).Area;
        Assert.Contains($"same area ({area.ToLowerInvariant()})", await app.WithDbAsync(db => db.Set<Vigil.Data.Linkage.LinkCandidate>().Where(c => c.Id == row.Id).Select(c => c.Explanation).SingleAsync()), StringComparison.Ordinal);

        using var browser = await SignedInAsync(host, ann);
        var page = Forms.Parse(await browser.GetStringAsync($"/linkage/candidates/{row.Id}"));
        var why = page.QuerySelector(".explanation-summary")!.TextContent + page.QuerySelector("table.explanation")!.TextContent;
        Assert.Contains("same setting: churchyard", why, StringComparison.Ordinal);
        Assert.Contains($"same area: {area}", why, StringComparison.Ordinal);
        Assert.DoesNotContain("same setting (", why, StringComparison.Ordinal);
        Assert.DoesNotContain("same area (", why, StringComparison.Ordinal);
        Assert.Equal($"same person on record: {finder.Finder}, finder in both", page.QuerySelector(".shared-people li")!.TextContent.Trim());
        var where = page.QuerySelectorAll(".compare .death dl.facts dd").Where(dd => dd.PreviousElementSibling?.TextContent == "Where").Select(dd => dd.TextContent.Trim());
        Assert.All(where, w => Assert.Equal($"against the churchyard wall, {area}", w));
    }

    /// <summary>ADR 3225 (round 52's demo): the engine keeps the cause and the substances as lower-case keys and the scene
    /// features as codes ("same cause (ghb toxicity)", "both show ghb", "shared scene features (clothing-anomaly, …)"); the pair
    /// page says them as the deaths record them ("GHB toxicity", "GHB") and in words, the stored words unchanged.</summary>
    [Fact]
    public async Task Comparison_SaysTheCauseSubstancesAndSceneFeatures_AsTheDeathsRecordThem()
    {
        await using var host = Recorder.Around(app);
        var (_, ann, _, _, _, row) = await AlertedPairAsync(host);
        var stored = await app.WithDbAsync(db => db.Set<Vigil.Data.Linkage.LinkCandidate>().Where(c => c.Id == row.Id).Select(c => c.Explanation).SingleAsync());
        foreach (var key in new[] { "same cause (ghb toxicity)", "both show ghb (", "shared scene features (clothing-anomaly, body-moved)" })
            Assert.Contains(key, stored, StringComparison.Ordinal);

        using var browser = await SignedInAsync(host, ann);
        var page = Forms.Parse(await browser.GetStringAsync($"/linkage/candidates/{row.Id}"));
        var why = page.QuerySelector(".explanation-summary")!.TextContent + page.QuerySelector("table.explanation")!.TextContent;
        foreach (var said in new[] { "same cause: GHB toxicity", "both show GHB (seen in", "shared scene features: clothing out of place, body moved" })
            Assert.Contains(said, why, StringComparison.Ordinal);
        foreach (var key in new[] { "same cause (", "ghb", "body-moved" })
            Assert.DoesNotContain(key, why, StringComparison.Ordinal);
    }

    /// <summary>The comparison's two deaths side by side say the record's codes in words, as the case page does (ADR 0651;
    /// round 29 walk-through: "sitting-propped", "clothing-anomaly", "pending" were shown raw).</summary>
    [Fact]
    public async Task Comparison_ShowsBothDeathsFacts_InWords_NotCodes()
    {
        await using var host = Recorder.Around(app);
        var (_, ann, _, _, _, row) = await AlertedPairAsync(host);

        using var browser = await SignedInAsync(host, ann);
        var deaths = Forms.Parse(await browser.GetStringAsync($"/linkage/candidates/{row.Id}")).QuerySelectorAll(".compare .death");
        Assert.Equal(2, deaths.Length);
        foreach (var death in deaths.Select(d => d.TextContent))
        {
            foreach (var words in new[] { "sitting, propped up", "body moved, clothing out of place", "pending (not yet decided)", "Finder: " })
                Assert.Contains(words, death, StringComparison.Ordinal);
            foreach (var code in new[] { "sitting-propped", "clothing-anomaly", "body-moved" })
                Assert.DoesNotContain(code, death, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AfterASeriesIsConfirmed_TheNextDeath_IsScoredAgainstTheSeries_AsOneItem_AndConfirmedFromIt()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        var finder = LinkageSamples.UniqueFinder();
        using var ivyApi = app.ApiClient(ivy);
        using var annApi = app.ApiClient(ann);
        var first = await LinkageClient.CreateAsync(ivyApi, ivy, LinkageSamples.Victim(finder, 0, "Victim 0"));
        var second = await LinkageClient.CreateAsync(ivyApi, ivy, LinkageSamples.Victim(finder, 20, "Victim 20"));
        var pair = await LinkageClient.OpenPairAsync(annApi, app, second, first);
        Assert.Equal(HttpStatusCode.NoContent, (await annApi.PostAsJsonAsync($"/api/v1/linkage/candidates/{pair.Id}/decision", new DecisionRequest(true, "same finder"), ApiJson.Client)).StatusCode);

        var third = await LinkageClient.CreateAsync(ivyApi, ivy, LinkageSamples.Victim(finder, 40, "Victim 40"));
        // ONE queue item for the series, scored against it as a whole — not a pair row per member.
        await LinkageClient.ComparedAsync(app, third.Id);
        var items = await annApi.GetFromJsonAsync<List<QueueItem>>($"/api/v1/linkage/alerts?caseId={third.Id}", ApiJson.Client);
        var item = Assert.Single(items!);
        Assert.Equal("series", item.Kind);
        Assert.StartsWith("/series/", item.Link, StringComparison.Ordinal);
        Assert.Contains("Scored against the series as a whole", item.Summary, StringComparison.Ordinal);
        Assert.Contains(finder.Finder, item.Summary, StringComparison.Ordinal);
        Assert.Empty(await LinkageClient.QueueAsync(annApi, third.Id));

        var decided = await annApi.PostAsJsonAsync($"/api/v1/series/{item.Id}/members/{third.Id}/decision", new DecisionRequest(true, "same finder, same wall"), ApiJson.Client);
        Assert.Equal(HttpStatusCode.NoContent, decided.StatusCode);
        var members = await app.WithScopeAsync(async sp => await sp.GetRequiredService<VigilDbContext>().SeriesMembers()
            .Where(m => m.SeriesId == item.Id && m.Status == "confirmed").Select(m => m.CaseId).ToListAsync());
        Assert.Equal(new[] { first.Id, second.Id, third.Id }.Order(), members.Order());
        var series = (await annApi.GetFromJsonAsync<SeriesResponse>($"/api/v1/series/{item.Id}", ApiJson.Client))!;
        Assert.Equal("confirmed", series.Status);
        Assert.Contains(series.Shared, f => f.What == "person" && f.Members == 3);
    }

    [Fact]
    public async Task Reject_NeedsAReason_IsFinal_AndLowersTheModelsScoreForThatPattern()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        var finder = LinkageSamples.UniqueFinder();
        var first = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(finder, 0, "A"));
        var second = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(finder, 30, "B"));
        using var annApi = app.ApiClient(ann);
        var row = await LinkageClient.OpenPairAsync(annApi, app, second, first);
        var before = (await annApi.GetFromJsonAsync<ExplanationResponse>($"/api/v1/linkage/candidates/{row.Id}/explanation", ApiJson.Client))!;

        var empty = await annApi.PostAsJsonAsync($"/api/v1/linkage/candidates/{row.Id}/decision", new DecisionRequest(false, ""), ApiJson.Client);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var rejected = await annApi.PostAsJsonAsync($"/api/v1/linkage/candidates/{row.Id}/decision", new DecisionRequest(false, "Finder is the park warden"), ApiJson.Client);
        Assert.Equal(HttpStatusCode.NoContent, rejected.StatusCode);
        var again = await annApi.PostAsJsonAsync($"/api/v1/linkage/candidates/{row.Id}/decision", new DecisionRequest(true, "changed my mind"), ApiJson.Client);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var after = (await annApi.GetFromJsonAsync<ExplanationResponse>($"/api/v1/linkage/candidates/{row.Id}/explanation", ApiJson.Client))!;
        Assert.True(after.Weight < before.Weight, $"weight {after.Weight} should be below {before.Weight}");
        var decision = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Decisions().SingleAsync(d => d.CandidateId == row.Id));
        Assert.False(decision.Confirmed);
        Assert.Equal("Finder is the park warden", decision.Reason);
        Assert.Equal(ann.Id, decision.DecidedBy);
    }

    [Fact]
    public async Task CaseSavedByAnotherProcess_IsInTheIndex_WhenTheNextCaseIsCompared()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        await app.CreateCaseAsync(ivy, Samples.Record()); // this app's index is built now
        var finder = LinkageSamples.UniqueFinder();
        CaseResponse first;
        await using (var other = Recorder.Around(app)) // another process on the same database
        using (var otherApi = LinkageClient.Api(other, ivy))
            first = await LinkageClient.CreateAsync(otherApi, ivy, LinkageSamples.Victim(finder, 0, "Elsewhere"));
        var second = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(finder, 14, "Here"));
        using var annApi = app.ApiClient(ann);
        await LinkageClient.ComparedAsync(app, second.Id);
        Assert.Contains(await LinkageClient.QueueAsync(annApi, second.Id), r => r.EarlierRef == first.Reference);
    }

    [Fact]
    public async Task UnrelatedDeath_RaisesNoAlert()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        var elderly = Samples.Record(name: "Irene Old", area: "Brent") with
        {
            Location = new Vigil.Records.RecordLocation { Lat = 51.5588, Lon = -0.2817, Setting = "home-own", Area = "Brent" },
            Deceased = new Vigil.Records.RecordDeceased { Name = "Irene Old", Sex = "female", Age = 91 },
            Toxicology = [], CauseOfDeath = "pneumonia", Manner = "natural", SceneFeatures = [], Position = "lying-supine",
            People = [new Vigil.Records.RecordPerson { Role = "certifying-doctor", Name = "Dr " + Guid.NewGuid().ToString("N")[..8] }],
        };
        var c = await app.CreateCaseAsync(ivy, elderly);
        using var annApi = app.ApiClient(ann);
        await LinkageClient.ComparedAsync(app, c.Id);
        Assert.DoesNotContain(await LinkageClient.QueueAsync(annApi, c.Id), r => r.NewerRef == c.Reference || r.EarlierRef == c.Reference);
    }

    internal static async Task<HttpClient> SignedInAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> host, TestUser user)
    {
        var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await Forms.PostAsync(client, "/login", new() { ["Input.UserName"] = user.UserName, ["Input.Password"] = VigilAppFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LinkageWorkflowTests_Sqlite(SqliteApp app) : LinkageWorkflowTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LinkageWorkflowTests_Postgres(PostgresApp app) : LinkageWorkflowTests(app);
