using Vigil.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Json;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Oversight;

/// <summary>The reviewer's register: findings with evidence, shared only with those granted them, answered by the
/// force; and the reviewer still changes no case.</summary>
public abstract class RegisterTests(VigilAppFactory app)
{
    private async Task<(CaseResponse Case, TestUser Owner, HttpClient Reviewer, string FindingUrl)> FindingAsync()
    {
        var owner = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(owner);
        var reviewer = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));
        var entry = await OversightKit.LastSequenceAsync(app);
        var response = await Forms.PostAsync(reviewer, "/reviews/new", new()
        {
            ["Form.Subject"] = created.Reference, ["Form.Title"] = "Bottle never tested", ["Form.Severity"] = "high",
            ["Form.Detail"] = "The bottle found at the scene was not sent for testing.", ["Form.Recommendation"] = "Test every bottle.",
            ["Form.ResponseDue"] = "2027-01-31", ["Form.Evidence"] = $"#{entry} the case as created\nExhibit EX-01 'NOT TESTED'",
        }, getUrl: "/reviews/new");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (created, owner, reviewer, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AReviewerRecordsAFinding_WithEvidence_AndTheRegisterListsIt()
    {
        var (created, _, reviewer, url) = await FindingAsync();
        var page = await reviewer.GetStringAsync(url);
        Assert.Contains("Bottle never tested", page, StringComparison.Ordinal);
        Assert.Contains("Audit entry #", page, StringComparison.Ordinal);
        Assert.Contains("EX-01", page, StringComparison.Ordinal);
        Assert.Contains(created.Reference, page, StringComparison.Ordinal);
        Assert.Contains("Bottle never tested", await reviewer.GetStringAsync("/reviews"), StringComparison.Ordinal);
    }

    /// <summary>ADR 3225: the evidence said who by login ("ivy (API)"); it says who as the audit history does, the recorded
    /// actor in the title.</summary>
    [Fact]
    public async Task TheEvidence_SaysWhoAsTheAuditHistoryDoes()
    {
        var owner = await app.CreateUserAsync(Roles.Investigator);
        var name = await app.NameAsync(owner, "DC Owen Evidence");
        var created = await app.CreateCaseAsync(owner);
        var entry = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.CaseId == created.Id && e.Action == "create" && e.EntityType == "DeathCase")
            .Select(e => e.Sequence).SingleAsync());
        using var reviewer = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));
        var response = await Forms.PostAsync(reviewer, "/reviews/new", new()
        {
            ["Form.Subject"] = created.Reference, ["Form.Title"] = "Who recorded it", ["Form.Severity"] = "low",
            ["Form.Detail"] = "The record's author.", ["Form.ResponseDue"] = "2027-01-31", ["Form.Evidence"] = $"#{entry} the case as created",
        }, getUrl: "/reviews/new");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var who = Forms.Parse(await reviewer.GetStringAsync(response.Headers.Location!.OriginalString)).QuerySelector(".evidence .actor")!;
        Assert.Equal($"API token 'test' of {name} ({owner.UserName})", who.TextContent.Trim());
        Assert.EndsWith($":{owner.Id}:{owner.UserName}", who.GetAttribute("title"), StringComparison.Ordinal);
    }

    /// <summary>walk53 finding 12: the finding read "raised … by reviewer", a login, and an audit entry of another record
    /// (a data protection key) was shown as evidence of a finding about a death without a word. Names, the login in the
    /// title; and a note on evidence that is not of the finding's subject.</summary>
    [Fact]
    public async Task AFinding_NamesWhoRaisedAndAnsweredIt_AndSaysWhenEvidenceIsOfAnotherRecord()
    {
        var owner = await app.CreateUserAsync(Roles.Investigator);
        var ownerName = await app.NameAsync(owner, "DC Owen Answers");
        var created = await app.CreateCaseAsync(owner);
        var second = await app.CreateCaseAsync(owner);
        Task<long> CreatedAsync(Guid id) => app.WithDbAsync(db => db.AuditEntries.Where(e => e.CaseId == id && e.Action == "create" && e.EntityType == "DeathCase")
            .Select(e => e.Sequence).SingleAsync());
        var (own, another) = (await CreatedAsync(created.Id), await CreatedAsync(second.Id));
        var reviewerUser = await app.CreateUserAsync(Roles.Reviewer);
        var reviewerName = await app.NameAsync(reviewerUser, "Helen Raises");
        using var reviewer = await app.SignedInClientAsync(reviewerUser);
        var response = await Forms.PostAsync(reviewer, "/reviews/new", new()
        {
            ["Form.Subject"] = created.Reference, ["Form.Title"] = "Evidence of two records", ["Form.Severity"] = "low",
            ["Form.Detail"] = "One entry is the case's, one another's.", ["Form.ResponseDue"] = "2027-01-31",
            ["Form.Evidence"] = $"#{own} the case as created\n#{another} another death",
        }, getUrl: "/reviews/new");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var url = response.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(reviewer, url + "?handler=Grant", new() { ["UserName"] = owner.UserName }, getUrl: url)).StatusCode);
        using (var force = await app.SignedInClientAsync(owner))
            Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(force, url + "?handler=Respond", new() { ["Text"] = "Noted." }, getUrl: url)).StatusCode);

        var page = Forms.Parse(await reviewer.GetStringAsync(url));
        var raised = page.QuerySelector("h1 + p span[title]")!;
        Assert.Equal((reviewerName, reviewerUser.UserName), (raised.TextContent, raised.GetAttribute("title")));
        Assert.Contains($"{ownerName}: Noted.", page.QuerySelector("#responses-h ~ ol")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector($"#evidence-{own}-elsewhere"));
        Assert.Equal($"This entry is not of {created.Reference}: it is of another case. Check it is the evidence you meant.",
            page.QuerySelector($"#evidence-{another}-elsewhere")?.TextContent);
    }

    /// <summary>ADR 1618: the register pages with its total; before, it listed the newest 500 and said nothing of the rest.</summary>
    [Fact]
    public async Task TheRegister_PageByPage_ListsEveryFindingOnce()
    {
        var (_, _, reviewer, _) = await FindingAsync();
        await FindingAsync();
        await FindingAsync();
        var whole = FindingLinks(await reviewer.GetStringAsync("/reviews?size=500"));
        var first = await reviewer.GetStringAsync("/reviews?size=2");
        var pages = (whole.Count + 1) / 2;
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Page 1 of {pages:N0} ({whole.Count:N0} in all)"), first, StringComparison.Ordinal);
        var paged = new List<string>(FindingLinks(first));
        for (var n = 2; n <= pages; n++) paged.AddRange(FindingLinks(await reviewer.GetStringAsync($"/reviews?size=2&page={n}")));
        Assert.True(whole.Count >= 3, $"{whole.Count} findings");
        Assert.Equal(whole, paged);
    }

    /// <summary>sec53 (ADR 3234): the status form rewrote the status whatever had happened since the page was opened.</summary>
    [Fact]
    public async Task AStatus_SetFromAPageAnotherReviewerOvertook_IsRefused_NotWrittenOverIt()
    {
        var (_, _, reviewer, url) = await FindingAsync();
        var opened = await reviewer.GetStringAsync(url);
        using var second = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));
        Assert.Equal(HttpStatusCode.Redirect, (await PostStatusAsync(second, url, await second.GetStringAsync(url), "accepted")).StatusCode);

        var stale = await PostStatusAsync(reviewer, url, opened, "closed");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains(" · accepted · ", await reviewer.GetStringAsync(url), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PostStatusAsync(reviewer, url, await reviewer.GetStringAsync(url), "closed")).StatusCode);
        Assert.Contains(" · closed · ", await reviewer.GetStringAsync(url), StringComparison.Ordinal);
    }

    /// <summary>The status form as the browser holds it (its hidden fields from the page it was opened on), a status chosen.</summary>
    private static Task<HttpResponseMessage> PostStatusAsync(HttpClient client, string url, string page, string status) =>
        Forms.PostHeldAsync(client, url, page, "Status", new() { ["Status"] = status });

    private static List<string> FindingLinks(string page) =>
        [.. Forms.Parse(page).QuerySelectorAll("table.register a[href^='/reviews/']").Select(a => a.GetAttribute("href")!)];

    [Fact]
    public async Task AnInvestigatorCannotReadTheRegister_UntilGranted_ThenTheForceResponds()
    {
        var (_, owner, reviewer, url) = await FindingAsync();
        var supervisor = await app.CreateUserAsync(Roles.Supervisor, owner.Team);
        using var ivy = await app.SignedInClientAsync(owner);
        using var sup = await app.SignedInClientAsync(supervisor);
        Assert.Equal(HttpStatusCode.NotFound, (await ivy.GetAsync(url)).StatusCode);
        Assert.DoesNotContain("Bottle never tested", await ivy.GetStringAsync("/reviews"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await sup.GetAsync(url)).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(reviewer, $"{url}?handler=Grant", new() { ["UserName"] = supervisor.UserName }, getUrl: url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sup.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ivy.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(sup, $"{url}?handler=Respond", new() { ["Text"] = "Accepted: bottles now go to the lab." }, getUrl: url)).StatusCode);
        var page = await reviewer.GetStringAsync(url);
        Assert.Contains("Accepted: bottles now go to the lab.", page, StringComparison.Ordinal);
        Assert.Contains("responded", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReviewerStillChangesNoCase_AndCannotAnswerForTheForce()
    {
        var (created, _, reviewer, url) = await FindingAsync();
        var reviewerUser = await app.CreateUserAsync(Roles.Reviewer);
        using var api = app.ApiClient(reviewerUser);
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{created.Id}") { Content = JsonContent.Create(new UpdateCaseRequest(created.Record), options: ApiJson.Client) };
        put.Headers.TryAddWithoutValidation("If-Match", $"\"{created.Version}\"");
        Assert.Equal(HttpStatusCode.Forbidden, (await api.SendAsync(put)).StatusCode);
        var respond = await Forms.PostAsync(reviewer, $"{url}?handler=Respond", new() { ["Text"] = "The reviewer answering" }, getUrl: url);
        Assert.True(respond.StatusCode == HttpStatusCode.Forbidden || respond.Headers.Location?.OriginalString.Contains("/denied", StringComparison.Ordinal) == true,
            $"a reviewer's response must be refused, got {(int)respond.StatusCode} {respond.Headers.Location}");
        Assert.DoesNotContain("The reviewer answering", await reviewer.GetStringAsync(url), StringComparison.Ordinal);
        // The status form as the page gives it, with the finding's version (sec53, ADR 3234).
        Assert.Equal(HttpStatusCode.Redirect, (await PostStatusAsync(reviewer, url, await reviewer.GetStringAsync(url), "closed")).StatusCode);
    }

    [Fact]
    public async Task AFindingWithAnUnknownSubjectOrEntry_IsRefused_AndNothingIsRecorded()
    {
        using var reviewer = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));
        var response = await Forms.PostAsync(reviewer, "/reviews/new", new()
        {
            ["Form.Subject"] = "VGL-0000-NOPE", ["Form.Title"] = "t", ["Form.Severity"] = "high", ["Form.Detail"] = "d", ["Form.Evidence"] = "#999999999",
        }, getUrl: "/reviews/new");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("No case or linked series", body, StringComparison.Ordinal);
        Assert.Contains("no audit entry #999999999", body, StringComparison.Ordinal);
    }

    /// <summary>Found by walk30's browser test: a finding sent with nothing typed (the empty fields bound as null) was a
    /// server error; it is refused with the page's error summary, each field's problem listed.</summary>
    [Fact]
    public async Task AFindingSentEmpty_IsRefusedWithTheErrorSummary_NotAServerError()
    {
        using var reviewer = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));
        var response = await Forms.PostAsync(reviewer, "/reviews/new", new()
        {
            ["Form.Subject"] = "", ["Form.Title"] = "", ["Form.Severity"] = "medium", ["Form.Detail"] = "", ["Form.Evidence"] = "",
        }, getUrl: "/reviews/new");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = Forms.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("form [data-error-summary]")!.TextContent;
        foreach (var message in new[] { "Name the case or linked series", "Give the finding a title", "Describe the finding" })
            Assert.Contains(message, summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Evidence", summary, StringComparison.Ordinal); // optional: a finding may cite none
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RegisterTests_Sqlite(SqliteApp app) : RegisterTests(app);

[Collection(PostgresCollection.Name)]
public sealed class RegisterTests_Postgres(PostgresApp app) : RegisterTests(app);
