using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>ADR 3111: a decision or an action's move through the API is made against what the caller read. Without
/// If-Match it is refused (428), with an old ETag refused (412); nothing is recorded over the change they did not see.</summary>
public abstract class UnseenWriteApiTests(VigilAppFactory app)
{
    private static async Task<HttpResponseMessage> PostAsync<T>(HttpClient client, string path, T body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: ApiJson.Client) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    private static async Task<int> StatusOfProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("status").GetInt32();
    }

    [Fact]
    public async Task ADecision_OverOneTheCallerHasNotSeen_IsRefused_WithoutIfMatch428_WithAnOldETag412()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var a = app.ApiClient(ivy);
        using var b = app.ApiClient(sam);
        var seen = (await a.GetAsync($"/api/v1/cases/{c.Id}")).Headers.ETag!.ToString();
        Assert.Equal(HttpStatusCode.OK, (await ClassifyAsync(b, c.Id, "homicide")).StatusCode);

        var decision = new ClassifyRequest("unexpected-under-investigation", "Back to open", null, null);
        var path = $"/api/v1/cases/{c.Id}/classification";
        var blind = await PostAsync(a, path, decision, null);
        Assert.Equal(HttpStatusCode.PreconditionRequired, blind.StatusCode);
        Assert.Equal(428, await StatusOfProblemAsync(blind));
        var stale = await PostAsync(a, path, decision, seen);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(["classification"], (await DecisionsAsync(a, c.Id)).Select(d => d.Kind));
        Assert.Equal("homicide", (await a.GetFromJsonAsync<CaseResponse>($"/api/v1/cases/{c.Id}", ApiJson.Client))!.Classification);
        Assert.Equal(HttpStatusCode.OK, (await ClassifyAsync(a, c.Id, "unexpected-under-investigation")).StatusCode); // read, then decided
    }

    [Fact]
    public async Task SigningOrDecliningAnOverride_WithoutIfMatch_Is428_AndTheRequestStaysOpen()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var investigator = app.ApiClient(ivy);
        using var supervisor = app.ApiClient(sam);
        Assert.Equal(HttpStatusCode.Accepted, (await ClassifyAsync(investigator, c.Id, "unexpected-not-suspicious", "Coroner asks for an interim category")).StatusCode);
        var request = Assert.Single(await DecisionsAsync(investigator, c.Id));

        Assert.Equal(HttpStatusCode.PreconditionRequired,
            (await PostAsync(supervisor, $"/api/v1/cases/{c.Id}/decisions/{request.Id}/sign", new SignRequest("agreed"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired,
            (await PostAsync(supervisor, $"/api/v1/cases/{c.Id}/decisions/{request.Id}/decline", new DeclineRequest("no"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed,
            (await PostAsync(supervisor, $"/api/v1/cases/{c.Id}/decisions/{request.Id}/sign", new SignRequest("agreed"), "\"999\"")).StatusCode);
        Assert.Equal(["override-requested"], (await DecisionsAsync(investigator, c.Id)).Select(d => d.Kind));
        Assert.Equal(HttpStatusCode.OK, (await PostSeenAsync(supervisor, $"/api/v1/cases/{c.Id}/decisions/{request.Id}/sign", new SignRequest("agreed"))).StatusCode);
    }

    /// <summary>The state machine allows allocated → allocated, so a move without If-Match reallocated an action over
    /// another officer's allocation unseen; and an If-Match that was not a number was ignored.</summary>
    [Fact]
    public async Task AnActionsMove_WithoutIfMatch_Is428_AndOneNotAVersionIs412_TheAllocationStands()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var investigator = app.ApiClient(ivy);
        using var supervisor = app.ApiClient(sam);
        var number = (await ActionsAsync(investigator, c.Id)).First().Number;
        (await MoveAsync(supervisor, c.Id, number, "allocate", sam.UserName)).EnsureSuccessStatusCode();

        var path = $"/api/v1/cases/{c.Id}/actions/{number}/transitions";
        var move = new MoveActionRequest("allocate", ivy.UserName, null);
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await PostAsync(investigator, path, move, null)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PostAsync(investigator, path, move, "*")).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PostAsync(investigator, path, move, "\"1\"")).StatusCode);
        Assert.Equal(sam.UserName, (await ActionsAsync(investigator, c.Id)).First(x => x.Number == number).AllocatedTo);
    }

    [Fact]
    public async Task TheOpenApiDocument_SaysWhichWritesRequireIfMatch()
    {
        using var client = app.ApiClient(await app.CreateUserAsync(Roles.Investigator));
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/api/v1/cases/{id}/classification", "post"), ("/api/v1/cases/{id}/decisions/{decisionId}/sign", "post"),
            ("/api/v1/cases/{id}/decisions/{decisionId}/decline", "post"), ("/api/v1/cases/{id}/actions/{number}/transitions", "post"),
            ("/api/v1/cases/{id}", "put"), ("/api/v1/cases/{id}/officer-in-charge", "put"),
        })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.True(operation.GetProperty("responses").TryGetProperty("428", out _), $"{method} {path} does not list 428");
            Assert.Contains(operation.GetProperty("parameters").EnumerateArray(),
                p => p.GetProperty("name").GetString() == "If-Match" && p.GetProperty("in").GetString() == "header" && p.GetProperty("required").GetBoolean());
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class UnseenWriteApiTests_Sqlite(SqliteApp app) : UnseenWriteApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class UnseenWriteApiTests_Postgres(PostgresApp app) : UnseenWriteApiTests(app);
