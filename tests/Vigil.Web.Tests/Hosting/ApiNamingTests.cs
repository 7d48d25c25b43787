using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>Issue 14, point 5 (ADR 1361): the whole /api/v1 surface speaks the death-record format's snake_case, and
/// a request member the document does not list is refused with a problem naming it.</summary>
public abstract partial class ApiNamingTests(VigilAppFactory app)
{
    [Fact]
    public async Task EveryPropertyName_InTheDocument_IsSnakeCase()
    {
        using var client = app.CreateClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var wrong = new SortedSet<string>(StringComparer.Ordinal);
        Walk(doc.RootElement.GetProperty("components").GetProperty("schemas"), "#/components/schemas", wrong);
        Walk(doc.RootElement.GetProperty("paths"), "#/paths", wrong);
        Assert.True(wrong.Count == 0, "not snake_case:\n" + string.Join("\n", wrong));
        Assert.True(doc.RootElement.GetProperty("components").GetProperty("schemas").EnumerateObject().Count() > 20);
    }

    [Fact]
    public async Task AnUnknownMember_IsRefused_WithAProblemNamingIt_AndTheDocumentSaysSo()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var client = app.ApiClient(ivy);
        var c = await app.CreateCaseAsync(ivy);
        var body = """{"title":"Trace the caller","priority":"medium","mandatory":false,"asignee":"x"}""";
        var response = await client.PostAsync($"/api/v1/cases/{c.Id}/actions", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("asignee", text, StringComparison.Ordinal);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var schema = doc.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("RaiseActionRequest");
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
    }

    /// <summary>Every key of a "properties" object anywhere in the document.</summary>
    private static void Walk(JsonElement e, string at, ISet<string> wrong)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in e.EnumerateArray()) Walk(item, $"{at}/{i++}", wrong);
            return;
        }
        if (e.ValueKind != JsonValueKind.Object) return;
        foreach (var p in e.EnumerateObject())
        {
            if (p.Name == "properties" && p.Value.ValueKind == JsonValueKind.Object)
                foreach (var name in p.Value.EnumerateObject().Where(n => !SnakeCase().IsMatch(n.Name)))
                    wrong.Add($"{at}: {name.Name}");
            Walk(p.Value, $"{at}/{p.Name}", wrong);
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();
}

[Collection(SqliteCollection.Name)]
public sealed class ApiNamingTests_Sqlite(SqliteApp app) : ApiNamingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ApiNamingTests_Postgres(PostgresApp app) : ApiNamingTests(app);
