using System.Net;
using System.Text.Json;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>Issue 14, point 5 (ADR 1261): a query value the API cannot use is a 400 problem naming the parameter;
/// control characters are refused in query strings and form posts as they are in JSON bodies.</summary>
public abstract class BadInputTests(VigilAppFactory app)
{
    [Theory]
    [InlineData("from=junk", "from", "yyyy-mm-dd")]
    [InlineData("from=&to=&after=junk", "from", "yyyy-mm-dd")]
    [InlineData("to=2024-13-45", "to", "yyyy-mm-dd")]
    [InlineData("after=%3C%3Ejunk", "after", "cursor")]
    [InlineData("team=not-a-guid", "team", "GUID")]
    [InlineData("limit=ten", "limit", "whole number")]
    [InlineData("limit=-1", "limit", "between 1 and 200")]
    [InlineData("limit=0", "limit", "between 1 and 200")]
    [InlineData("limit=100000", "limit", "between 1 and 200")]
    [InlineData("q=%1B%5B31mred", "q", "Control characters")]
    [InlineData("area=bell%11", "area", "Control characters")]
    public async Task ABadQueryValue_IsAProblemNamingTheParameter(string query, string parameter, string says)
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = app.ApiClient(ivy);
        var response = await client.GetAsync("/api/v1/cases?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = doc.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(parameter, out var messages), $"no error for {parameter}: {doc.RootElement}");
        Assert.Contains(says, messages[0].GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("limit=200")]
    [InlineData("q=tab%09and%0Aline")]
    public async Task EmptyFiltersAndTheRangeEnds_AreFine(string query)
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = app.ApiClient(ivy);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/cases?" + query)).StatusCode);
    }

    [Fact]
    public async Task ANonGuidId_IsANotFoundProblem()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = app.ApiClient(ivy);
        var response = await client.GetAsync("/api/v1/cases/not-a-guid");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ControlCharacters_InAFormPost_AreRefused_WithTheSameMessage_TabsAndLineBreaksAreNot()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var browser = await app.SignedInClientAsync(ivy);
        var refused = await Forms.PostAsync(browser, "/cases/new", new() { ["Form.Narrative"] = "Found\u001b[31m at dawn" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Control characters (other than tab and line breaks) are not allowed", page, StringComparison.Ordinal);
        Assert.Contains("Form.Narrative", page, StringComparison.Ordinal);

        var fine = await Forms.PostAsync(browser, "/cases/new", new() { ["Form.Narrative"] = "Found at dawn.\r\n\tThe gate was open." });
        Assert.DoesNotContain("Control characters", await fine.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class BadInputTests_Sqlite(SqliteApp app) : BadInputTests(app);

[Collection(PostgresCollection.Name)]
public sealed class BadInputTests_Postgres(PostgresApp app) : BadInputTests(app);
