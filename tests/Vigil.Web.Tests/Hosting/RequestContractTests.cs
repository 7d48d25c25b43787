using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>Issue 14 point 5 (ADR 1461): the request constraints the OpenAPI document states are the ones the API
/// enforces. For every operation that takes a JSON body, a body breaking each stated constraint is refused with a
/// 400 problem document, and the smallest and fullest bodies the document accepts are not refused as malformed.</summary>
public abstract class RequestContractTests(VigilAppFactory app)
{
    [Fact]
    public async Task EveryStatedBodyConstraint_IsRefusedWith400_AndBodiesTheDocumentAccepts_AreNot()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        var c = await app.CreateCaseAsync(supervisor);
        using var client = app.ApiClient(supervisor);
        // A token never mints a token (403 by policy): tokens are made from a signed-in session.
        using var session = await app.SignedInClientAsync(supervisor);
        var doc = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var bodies = new RequestBodies(doc["components"]!["schemas"]!.AsObject(), name => name switch
        {
            "team_id" => JsonValue.Create(supervisor.TeamId.ToString()),
            "allocate_to" => JsonValue.Create(supervisor.UserName), // an officer on the case: no schema can say who is
            _ => null,
        });
        var failures = new List<string>();
        var (operations, constraints) = (0, 0);
        foreach (var (template, item) in doc["paths"]!.AsObject())
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation?["requestBody"]?["content"]?["application/json"]?["schema"] is not { } schema || RequestBodies.Type(bodies.Resolve(schema)) != "object") continue;
                operations++;
                var caller = template == "/api/v1/tokens" ? session : client;
                var path = template.Replace("{id}", c.Id.ToString(), StringComparison.Ordinal).Replace("{number}", "1", StringComparison.Ordinal);
                path = System.Text.RegularExpressions.Regex.Replace(path, @"\{[A-Za-z]+\}", _ => Guid.NewGuid().ToString());
                foreach (var full in new[] { false, true })
                {
                    var valid = bodies.Valid(schema, full)!;
                    if (full) valid["record"]?.AsObject().Remove("classification"); // a category change is a decision, not an edit
                    var (status, text) = await SendAsync(caller, method, path, valid);
                    if (status is 400 or >= 500) failures.Add($"{method} {template} refused a body its document accepts ({status}): {valid.ToJsonString()} → {text}");
                }
                foreach (var (broken, body) in bodies.Violations(schema, bodies.Valid(schema, full: false)!))
                {
                    constraints++;
                    var (status, text) = await SendAsync(caller, method, path, body);
                    if (status != 400 || !text.Contains("\"status\":400", StringComparison.Ordinal))
                        failures.Add($"{method} {template} {broken}: {status} {text[..Math.Min(200, text.Length)]}");
                }
            }
        Assert.True(operations >= 15, $"only {operations} operations with a JSON body");
        Assert.True(constraints >= 60, $"only {constraints} constraints stated");
        Assert.True(failures.Count == 0, $"{failures.Count} of {constraints} constraints:\n" + string.Join("\n", failures));
    }

    private async Task<(int, string)> SendAsync(HttpClient client, string method, string path, JsonNode body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        // A PUT replaces the case as read: send its current ETag so the body, not the precondition, decides.
        if (request.Method == HttpMethod.Put)
        {
            using var current = await client.GetAsync(path);
            request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag?.Tag ?? "\"0\"");
        }
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RequestContractTests_Sqlite(SqliteApp app) : RequestContractTests(app);

[Collection(PostgresCollection.Name)]
public sealed class RequestContractTests_Postgres(PostgresApp app) : RequestContractTests(app);
