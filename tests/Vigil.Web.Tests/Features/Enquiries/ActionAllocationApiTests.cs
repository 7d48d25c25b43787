using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vigil.Data.Identity;
using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>Issue 9.3 through the API: POST /cases/{id}/actions/allocations allocates several actions at once, all or
/// none, to an officer of the case only, and answers each action's outcome (ADR 1431).</summary>
public abstract class ActionAllocationApiTests(VigilAppFactory app)
{
    [Fact]
    public async Task SeveralActions_AreAllocatedAtOnce_EachWithItsNewVersion()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var colleague = await app.CreateUserAsync(Roles.Investigator, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var api = app.ApiClient(ivy);
        var (a, b) = ((await ActionsAsync(api, c.Id))[0], (await ActionsAsync(api, c.Id))[1]);

        var response = await AllocateAsync(api, c.Id, colleague.UserName.ToUpperInvariant(), new AllocationPick(a.Number, a.Version), new AllocationPick(b.Number, b.Version));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"allocated_to\"", raw, StringComparison.Ordinal);
        var body = JsonSerializer.Deserialize<AllocateActionsResponse>(raw, ApiJson.Client)!;
        Assert.Equal(colleague.UserName, body.AllocatedTo);
        Assert.Equal([(a.Number, "allocated", a.Version + 1), (b.Number, "allocated", b.Version + 1)], body.Actions.Select(x => (x.Number, x.Outcome, x.Version!.Value)));
        var after = await ActionsAsync(api, c.Id);
        Assert.All(after.Where(x => x.Number == a.Number || x.Number == b.Number), x => Assert.Equal(colleague.UserName, x.AllocatedTo));
        Assert.All(after.Where(x => x.Number != a.Number && x.Number != b.Number), x => Assert.Null(x.AllocatedTo));
    }

    [Fact]
    public async Task AStaleVersion_Is409_AndNothingIsAllocated_TheProblemSayingWhichWasRefusedAndWhichHeld()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var api = app.ApiClient(ivy);
        var actions = await ActionsAsync(api, c.Id);
        var (a, b) = (actions[0], actions[1]);

        var response = await AllocateAsync(api, c.Id, ivy.UserName, new AllocationPick(a.Number, a.Version), new AllocationPick(b.Number, b.Version + 1));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("Nothing was allocated", problem.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
        var outcomes = problem.RootElement.GetProperty("actions").EnumerateArray()
            .ToDictionary(x => x.GetProperty("number").GetInt32(), x => (x.GetProperty("outcome").GetString(), x.GetProperty("reason").GetString()));
        Assert.Equal("held", outcomes[a.Number].Item1);
        Assert.Equal("refused", outcomes[b.Number].Item1);
        Assert.Contains("has changed since you read it", outcomes[b.Number].Item2, StringComparison.Ordinal);
        Assert.All(await ActionsAsync(api, c.Id), x => Assert.Null(x.AllocatedTo));
    }

    [Fact]
    public async Task OnlyRealOfficersOfTheCase_AreAllocees_AndBadRequestsAre400()
    {
        var (ivy, outsider, analyst, c, a) = await ArrangeAsync();
        using var api = app.ApiClient(ivy);

        foreach (var nobody in new[] { "DC Smith", outsider.UserName, analyst.UserName })
        {
            var refused = await AllocateAsync(api, c.Id, nobody, new AllocationPick(a.Number, a.Version));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains($"No officer on this case is called \"{nobody}\"", await ProblemTitleAsync(refused), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await AllocateAsync(api, c.Id, "", new AllocationPick(a.Number, a.Version))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await AllocateAsync(api, c.Id, ivy.UserName)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await AllocateAsync(api, c.Id, ivy.UserName, new AllocationPick(a.Number, a.Version), new AllocationPick(a.Number, a.Version))).StatusCode);
        var unknown = await AllocateAsync(api, c.Id, ivy.UserName, new AllocationPick(999, 1));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("A999 is not an action of this case", await ProblemTitleAsync(unknown), StringComparison.Ordinal);
        var unknownMember = await api.PostAsync($"/api/v1/cases/{c.Id}/actions/allocations",
            new StringContent("{\"allocate_to\":\"x\",\"actions\":[],\"officer\":\"x\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, unknownMember.StatusCode);
        Assert.All(await ActionsAsync(api, c.Id), x => Assert.Null(x.AllocatedTo));
    }

    [Fact]
    public async Task TheAccessRules_AreThePages_AnotherTeamsOfficerDoesNotReachTheCase_AnAnalystMayNotAllocate()
    {
        var (ivy, outsider, analyst, c, a) = await ArrangeAsync();
        using var own = app.ApiClient(ivy);
        using var other = app.ApiClient(outsider);
        Assert.Equal(HttpStatusCode.NotFound, (await AllocateAsync(other, c.Id, outsider.UserName, new AllocationPick(a.Number, a.Version))).StatusCode);
        using var reader = app.ApiClient(analyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await AllocateAsync(reader, c.Id, ivy.UserName, new AllocationPick(a.Number, a.Version))).StatusCode);
        Assert.All(await ActionsAsync(own, c.Id), x => Assert.Null(x.AllocatedTo));
    }

    /// <summary>An investigator's Port-like case and its first action, an investigator of another team, an analyst of the case's team.</summary>
    private async Task<(TestUser Ivy, TestUser Outsider, TestUser Analyst, Vigil.Web.Features.Cases.CaseResponse Case, ActionDto First)> ArrangeAsync()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var outsider = await app.CreateUserAsync(Roles.Investigator);
        var analyst = await app.CreateUserAsync(Roles.Analyst, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var api = app.ApiClient(ivy);
        return (ivy, outsider, analyst, c, (await ActionsAsync(api, c.Id))[0]);
    }

    private static Task<HttpResponseMessage> AllocateAsync(HttpClient api, Guid caseId, string officer, params AllocationPick[] picks) =>
        api.PostAsJsonAsync($"/api/v1/cases/{caseId}/actions/allocations", new AllocateActionsRequest(officer, [.. picks]), ApiJson.Client);
}

[Collection(SqliteCollection.Name)]
public sealed class ActionAllocationApiTests_Sqlite(SqliteApp app) : ActionAllocationApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ActionAllocationApiTests_Postgres(PostgresApp app) : ActionAllocationApiTests(app);
