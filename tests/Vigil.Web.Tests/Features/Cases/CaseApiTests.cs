using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Cases;

public abstract class CaseApiTests(VigilAppFactory app)
{
    [Fact]
    public async Task Create_ThenGet_ReturnsTheRecordWithAnETag_AndStartsUnderInvestigation()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy);
        using var client = app.ApiClient(ivy);
        var response = await client.GetAsync($"/api/v1/cases/{created.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var body = (await response.Content.ReadFromJsonAsync<CaseResponse>(ApiJson.Client))!;
        Assert.Equal("unexpected-under-investigation", body.Classification);
        Assert.Equal("Daniel Brook", body.Record.Deceased!.Name);
        Assert.Equal("Margaret Hale", Assert.Single(body.Record.People!).Name);
        Assert.StartsWith("VGL-2015-", body.Reference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaleUpdate_Gets412_AndNothingIsOverwritten()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy);
        using var client = app.ApiClient(ivy);
        var first = await Put(client, created.Id, "\"1\"", created.Record with { Narrative = "first edit" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var stale = await Put(client, created.Id, "\"1\"", created.Record with { Narrative = "stale edit" });
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        var now = (await client.GetFromJsonAsync<CaseResponse>($"/api/v1/cases/{created.Id}", ApiJson.Client))!;
        Assert.Equal("first edit", now.Record.Narrative);
        Assert.Equal(2, now.Version);
    }

    [Fact]
    public async Task UpdateWithoutIfMatch_Gets428()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy);
        using var client = app.ApiClient(ivy);
        var response = await client.PutAsJsonAsync($"/api/v1/cases/{created.Id}", new UpdateCaseRequest(created.Record), ApiJson.Client);
        Assert.Equal((HttpStatusCode)428, response.StatusCode);
    }

    [Fact]
    public async Task InvalidRecord_GetsAValidationProblem()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = app.ApiClient(ivy);
        var bad = Samples.Record() with { Position = "upside-down" };
        var response = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(ivy.TeamId, bad), ApiJson.Client);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("upside-down", problem.RootElement.GetProperty("errors").GetProperty("record")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJson_GetsAProblemDocument()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = app.ApiClient(ivy);
        var response = await client.PostAsync("/api/v1/cases", new StringContent("{\"team_id\": 5", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnotherTeamsCase_IsNotFound_ForAnInvestigator_ButReadableByAnAnalyst()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var other = await app.CreateUserAsync(Roles.Investigator);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var created = await app.CreateCaseAsync(ivy);
        using var otherClient = app.ApiClient(other);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync($"/api/v1/cases/{created.Id}")).StatusCode);
        using var analystClient = app.ApiClient(analyst);
        Assert.Equal(HttpStatusCode.OK, (await analystClient.GetAsync($"/api/v1/cases/{created.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Put(analystClient, created.Id, "\"1\"", created.Record)).StatusCode);
    }

    [Fact]
    public async Task List_FiltersByArea_AndPagesWithACursor()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var area = "Area-" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 5; i++)
            await app.CreateCaseAsync(ivy, Samples.Record(area: area, foundAt: new DateTimeOffset(2020, 1, 1 + i, 0, 0, 0, TimeSpan.Zero)));
        await app.CreateCaseAsync(ivy, Samples.Record(area: "Elsewhere"));
        using var client = app.ApiClient(ivy);
        var first = (await client.GetFromJsonAsync<CasePage>($"/api/v1/cases?area={area}&limit=3", ApiJson.Client))!;
        Assert.Equal(3, first.Items.Count);
        Assert.True(first.Items.Zip(first.Items.Skip(1)).All(p => p.First.FoundAt > p.Second.FoundAt));
        var second = (await client.GetFromJsonAsync<CasePage>($"/api/v1/cases?area={area}&limit=3&after={first.Next}", ApiJson.Client))!;
        Assert.Equal(2, second.Items.Count);
        Assert.Null(second.Next);
        Assert.Empty(first.Items.Select(i => i.Id).Intersect(second.Items.Select(i => i.Id)));
        Assert.All(first.Items.Concat(second.Items), i => Assert.Equal(area, i.Area));
    }

    [Fact]
    public async Task BadCursor_GetsA400Problem()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = app.ApiClient(ivy);
        var response = await client.GetAsync("/api/v1/cases?after=not-a-cursor");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SameFinderInTwoDeaths_IsOnePerson_WithTwoLinks()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var walker = "Walker " + Guid.NewGuid().ToString("N")[..6];
        var finder = new Vigil.Records.RecordPerson { Role = "finder", Name = walker, Phone = "07700 900999" };
        var a = await app.CreateCaseAsync(ivy, Samples.Record() with { People = [finder] });
        var b = await app.CreateCaseAsync(ivy, Samples.Record() with { People = [finder with { Name = walker.ToUpperInvariant(), Phone = "+447700900999" }] });
        using var client = app.ApiClient(ivy);
        var people = (await client.GetFromJsonAsync<List<PersonResponse>>($"/api/v1/people?q={Uri.EscapeDataString(walker)}", ApiJson.Client))!;
        var person = Assert.Single(people);
        Assert.Equal([a.Id, b.Id], person.Cases.Select(c => c.CaseId).Order().ToArray().Order());
    }

    [Fact]
    public async Task ExistingSourceAndRef_Gets409()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var record = Samples.Record(source: "force-x");
        await app.CreateCaseAsync(ivy, record);
        using var client = app.ApiClient(ivy);
        var again = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(ivy.TeamId, record), ApiJson.Client);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_IsServed()
    {
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/api/v1/cases", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> Put(HttpClient client, Guid id, string etag, Vigil.Records.DeathRecord record)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{id}") { Content = JsonContent.Create(new UpdateCaseRequest(record), options: ApiJson.Client) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return client.SendAsync(request);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CaseApiTests_Sqlite(SqliteApp app) : CaseApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CaseApiTests_Postgres(PostgresApp app) : CaseApiTests(app);
