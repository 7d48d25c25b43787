using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>Issue 9: a supervisor declines an override request through the API as the case page does; only a
/// supervisor of the case's team reaches it, the decline is logged and audited, and an answered request is 409, and a stale one (the case changed category) can be declined but not signed.</summary>
public abstract class DeclineOverrideApiTests(VigilAppFactory app)
{
    private static string DeclinePath(Guid caseId, Guid requestId) => $"/api/v1/cases/{caseId}/decisions/{requestId}/decline";

    private async Task<(TestUser Ivy, TestUser Sam, CaseResponse Case, DecisionDto Request)> PendingOverrideAsync()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var investigator = app.ApiClient(ivy);
        Assert.Equal(HttpStatusCode.Accepted, (await ClassifyAsync(investigator, c.Id, "unexpected-not-suspicious", "Family ask for release of the body")).StatusCode);
        return (ivy, sam, c, Assert.Single(await DecisionsAsync(investigator, c.Id)));
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)expected, doc.RootElement.GetProperty("status").GetInt32());
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task ASupervisorDeclines_TheCategoryStays_TheLogAndAuditSayWhy_AndTheRequestIsAnswered()
    {
        var (ivy, sam, c, request) = await PendingOverrideAsync();
        using var supervisor = app.ApiClient(sam);
        using var investigator = app.ApiClient(ivy);

        await ProblemAsync(await PostSeenAsync(supervisor, DeclinePath(c.Id, request.Id), new DeclineRequest(" ")), HttpStatusCode.BadRequest);
        var declined = await PostSeenAsync(supervisor, DeclinePath(c.Id, request.Id), new DeclineRequest("Toxicology is still outstanding"));
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        var outcome = (await declined.Content.ReadFromJsonAsync<DecisionOutcomeDto>(ApiJson.Client))!;
        Assert.Equal(("declined", "unexpected-under-investigation"), (outcome.Outcome, outcome.Classification));

        var log = await DecisionsAsync(investigator, c.Id);
        Assert.Equal(["override-requested", "override-declined"], log.Select(d => d.Kind));
        Assert.Equal((request.Id, sam.UserName, "Toxicology is still outstanding"), (log[1].Signs, log[1].DecidedBy, log[1].Rationale));
        Assert.Equal("unexpected-under-investigation", (await investigator.GetFromJsonAsync<CaseResponse>($"/api/v1/cases/{c.Id}", ApiJson.Client))!.Classification);
        var audit = await investigator.GetStringAsync($"/api/v1/cases/{c.Id}/audit");
        Assert.Contains("override-declined", audit, StringComparison.Ordinal);
        Assert.Contains("Toxicology is still outstanding", audit, StringComparison.Ordinal);

        await ProblemAsync(await PostSeenAsync(supervisor, DeclinePath(c.Id, request.Id), new DeclineRequest("again")), HttpStatusCode.Conflict);
        using var sue = app.ApiClient(await app.CreateUserAsync(Roles.Supervisor, ivy.Team));
        await ProblemAsync(await PostSeenAsync(sue, $"/api/v1/cases/{c.Id}/decisions/{request.Id}/sign", new SignRequest("too late")), HttpStatusCode.Conflict);
        Assert.Equal(2, (await DecisionsAsync(investigator, c.Id)).Count);
    }

    [Fact]
    public async Task OnlyASupervisorOfTheCasesTeam_CanDecline_OthersAreRefusedAndNothingIsLogged()
    {
        var (ivy, _, c, request) = await PendingOverrideAsync();
        foreach (var role in new[] { Roles.Investigator, Roles.Analyst, Roles.FamilyLiaison, Roles.Reviewer, Roles.Administrator })
        {
            using var client = app.ApiClient(await app.CreateUserAsync(role, ivy.Team));
            await ProblemAsync(await PostSeenAsync(client, DeclinePath(c.Id, request.Id), new DeclineRequest("no")), HttpStatusCode.Forbidden);
        }
        using var requester = app.ApiClient(ivy);
        await ProblemAsync(await PostSeenAsync(requester, DeclinePath(c.Id, request.Id), new DeclineRequest("no")), HttpStatusCode.Forbidden);
        using var otherTeam = app.ApiClient(await app.CreateUserAsync(Roles.Supervisor));
        await ProblemAsync(await PostSeenAsync(otherTeam, DeclinePath(c.Id, request.Id), new DeclineRequest("no")), HttpStatusCode.NotFound);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostSeenAsync(anonymous, DeclinePath(c.Id, request.Id), new DeclineRequest("no"))).StatusCode);
        Assert.Equal(["override-requested"], (await DecisionsAsync(requester, c.Id)).Select(d => d.Kind));
    }

    [Fact]
    public async Task AStaleETag_IsRefused_AnUnknownRequestIs404_AndAStaleRequestCanBeDeclinedButNotSigned()
    {
        var (ivy, sam, c, request) = await PendingOverrideAsync();
        using var supervisor = app.ApiClient(sam);
        var stale = new HttpRequestMessage(HttpMethod.Post, DeclinePath(c.Id, request.Id)) { Content = JsonContent.Create(new DeclineRequest("no"), options: ApiJson.Client) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"999\""));
        await ProblemAsync(await supervisor.SendAsync(stale), HttpStatusCode.PreconditionFailed);
        await ProblemAsync(await PostSeenAsync(supervisor, DeclinePath(c.Id, Guid.NewGuid()), new DeclineRequest("no")), HttpStatusCode.NotFound);

        // The case moves on (a homicide needs no override): signing the request would mean nothing, so it is refused,
        // but a supervisor can still decline it, so that it does not stay in the supervisors' list for ever.
        using var investigator = app.ApiClient(ivy);
        (await ClassifyAsync(investigator, c.Id, "homicide")).EnsureSuccessStatusCode();
        using var sue = app.ApiClient(await app.CreateUserAsync(Roles.Supervisor, ivy.Team));
        var problem = await ProblemAsync(await PostSeenAsync(sue, $"/api/v1/cases/{c.Id}/decisions/{request.Id}/sign", new SignRequest("late")), HttpStatusCode.Conflict);
        Assert.Contains("category has changed", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal("homicide", (await investigator.GetFromJsonAsync<CaseResponse>($"/api/v1/cases/{c.Id}", ApiJson.Client))!.Classification);

        Assert.Equal(HttpStatusCode.OK, (await PostSeenAsync(supervisor, DeclinePath(c.Id, request.Id), new DeclineRequest("Overtaken: now a homicide"))).StatusCode);
        Assert.Equal(["override-requested", "classification", "override-declined"], (await DecisionsAsync(investigator, c.Id)).Select(d => d.Kind));
        Assert.Equal("homicide", (await investigator.GetFromJsonAsync<CaseResponse>($"/api/v1/cases/{c.Id}", ApiJson.Client))!.Classification);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DeclineOverrideApiTests_Sqlite(SqliteApp app) : DeclineOverrideApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DeclineOverrideApiTests_Postgres(PostgresApp app) : DeclineOverrideApiTests(app);
