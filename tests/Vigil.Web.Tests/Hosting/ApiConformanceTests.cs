using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Tests.Infrastructure;
using Vigil.Web.Tests.Infrastructure.Contract;

namespace Vigil.Web.Tests.Hosting;

/// <summary>Issue 14, point 5 (ADR 1261): every API answer the integration tests receive is held against the OpenAPI
/// document by <see cref="ApiConformance"/>; these tests drive the answers the document used to miss (409, 412, 428,
/// binding failures) and show the check itself fails on an answer the document does not describe.</summary>
public abstract class ApiConformanceTests(VigilAppFactory app)
{
    [Fact]
    public async Task StateAnswers_409_412_428_AreListed_AndEveryAnswerSoFarConforms()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = app.ApiClient(ivy);
        var record = Samples.Record(source: "old-cms");
        var c = await app.CreateCaseAsync(ivy, record);
        var duplicate = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(ivy.TeamId, record), ApiJson.Client);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var unconditional = await client.PutAsJsonAsync($"/api/v1/cases/{c.Id}", new UpdateCaseRequest(c.Record), ApiJson.Client);
        Assert.Equal((HttpStatusCode)428, unconditional.StatusCode);
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{c.Id}") { Content = JsonContent.Create(new UpdateCaseRequest(c.Record), options: ApiJson.Client) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"999\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(stale)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/cases/{c.Id}/actions")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/cases?from=junk")).StatusCode);

        Assert.NotEmpty(app.Contract.Exchanges);
        Assert.True(app.Contract.Violations.IsEmpty, string.Join("\n", app.Contract.Violations));
    }

    [Fact]
    public async Task TheCheck_Fails_ForAnUnlistedStatus_AWrongBody_OrAnUnknownOperation()
    {
        var doc = await app.Contract.DocumentAsync();
        var id = Guid.NewGuid();
        Assert.Contains("does not list 412", doc.Check(new ApiExchange("GET", $"/api/v1/cases/{id}/actions", 412, "application/problem+json", "{}"u8.ToArray())));
        Assert.Contains("schema", doc.Check(new ApiExchange("GET", $"/api/v1/cases/{id}", 200, "application/json", """{"id":5}"""u8.ToArray())));
        Assert.Contains("no DELETE", doc.Check(new ApiExchange("DELETE", "/api/v1/cases", 200, null, [])));
        Assert.Contains("is not among", doc.Check(new ApiExchange("GET", $"/api/v1/cases/{id}", 404, "text/html", "<p>"u8.ToArray())));
        Assert.Null(doc.Check(new ApiExchange("GET", $"/api/v1/cases/{id}", 404, "application/problem+json", """{"status":404,"title":"Not Found"}"""u8.ToArray())));
    }

    [Fact]
    public async Task TheDocument_ListsStateAnswersWhereTheyOccur_AndTheLimitRange()
    {
        using var client = app.CreateClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths");
        string[] Statuses(string path, string method) => [.. paths.GetProperty(path).GetProperty(method).GetProperty("responses").EnumerateObject().Select(r => r.Name)];
        Assert.Superset(new HashSet<string> { "409", "412", "428" }, Statuses("/api/v1/cases/{id}", "put").ToHashSet());
        Assert.Contains("409", Statuses("/api/v1/cases", "post"));
        Assert.DoesNotContain("412", Statuses("/api/v1/cases/{id}/actions", "get"));
        Assert.DoesNotContain("409", Statuses("/api/v1/cases", "get"));
        Assert.Contains("400", Statuses("/api/v1/cases", "get"));
        var limit = paths.GetProperty("/api/v1/cases").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString()!.Equals("limit", StringComparison.OrdinalIgnoreCase)).GetProperty("schema");
        Assert.Equal(CaseSearch.MinLimit, limit.GetProperty("minimum").GetInt32());
        Assert.Equal(CaseSearch.MaxLimit, limit.GetProperty("maximum").GetInt32());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApiConformanceTests_Sqlite(SqliteApp app) : ApiConformanceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ApiConformanceTests_Postgres(PostgresApp app) : ApiConformanceTests(app);
