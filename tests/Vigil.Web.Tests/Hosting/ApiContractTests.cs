using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>Issue 14, point 5: the OpenAPI document lists the problem answers every API operation can give, and text
/// with control characters is refused with a problem rather than stored.</summary>
public abstract class ApiContractTests(VigilAppFactory app)
{
    [Fact]
    public async Task EveryApiOperation_DeclaresItsProblemAnswers_401_403_AndForAPathWithAnId_404()
    {
        using var client = app.CreateClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var missing = new List<string>();
        var operations = 0;
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
            foreach (var operation in path.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "delete" or "patch"))
            {
                operations++;
                var responses = operation.Value.GetProperty("responses");
                var expected = new List<string> { "401", "403" };
                if (path.Name.Contains('{', StringComparison.Ordinal)) expected.Add("404");
                if (operation.Name is "post" or "put" && operation.Value.TryGetProperty("requestBody", out _)) expected.Add("400");
                foreach (var status in expected)
                {
                    if (!responses.TryGetProperty(status, out var response))
                        missing.Add($"{operation.Name.ToUpperInvariant()} {path.Name}: no {status}");
                    else if (!response.TryGetProperty("content", out var content) || !content.EnumerateObject().Any(c => c.Name == "application/problem+json"))
                        missing.Add($"{operation.Name.ToUpperInvariant()} {path.Name}: {status} is not a problem document");
                }
            }
        Assert.True(operations >= 40, $"only {operations} API operations in the document");
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Theory]
    [InlineData("\u001b[31mred")]
    [InlineData("bell\u0011")]
    [InlineData("del\u007f")]
    public async Task ControlCharacters_InText_AreA400Problem_AndNothingIsStored(string text)
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = app.ApiClient(ivy);
        var record = Samples.Record(name: "Ellis " + text);
        var created = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(ivy.TeamId, record), ApiJson.Client);
        await AssertProblemAsync(created, "deceased.name");
        var list = (await client.GetFromJsonAsync<CasePage>($"/api/v1/cases?q={record.Ref}", ApiJson.Client))!;
        Assert.Empty(list.Items);

        var c = await app.CreateCaseAsync(ivy);
        var raised = await client.PostAsJsonAsync($"/api/v1/cases/{c.Id}/actions", new RaiseActionRequest("Trace " + text, null, false, "medium", null), ApiJson.Client);
        await AssertProblemAsync(raised, "title");
    }

    [Fact]
    public async Task TabsAndLineBreaks_AreStillText()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy, Samples.Record() with { Narrative = "Found at dawn.\r\n\tThe gate was open.\nNo note." });
        Assert.Contains("\tThe gate", created.Record.Narrative, StringComparison.Ordinal);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(doc.RootElement.GetProperty("errors").EnumerateObject().Any(e => e.Name.EndsWith(field, StringComparison.OrdinalIgnoreCase)),
            $"no error for {field}: {doc.RootElement}");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApiContractTests_Sqlite(SqliteApp app) : ApiContractTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ApiContractTests_Postgres(PostgresApp app) : ApiContractTests(app);
