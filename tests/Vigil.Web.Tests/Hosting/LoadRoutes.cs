using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>vigil-load's eight routes, each with the client that sends it and a way to prepare one more request, over a
/// case with a raised action in a team of an investigator and a supervisor (who imports): what the in-process route
/// measurements send (<see cref="StatementBudgetTests"/>, <see cref="RouteCpuTests"/>).</summary>
internal sealed class LoadRoutes : IDisposable
{
    private readonly HttpClient[] clients;

    private LoadRoutes(HttpClient[] clients, (string Route, HttpClient Client, Func<Task<HttpRequestMessage>> Prepare)[] routes) =>
        (this.clients, Routes) = (clients, routes);

    public (string Route, HttpClient Client, Func<Task<HttpRequestMessage>> Prepare)[] Routes { get; }

    public static async Task<LoadRoutes> PrepareAsync(VigilAppFactory app)
    {
        var investigator = await app.CreateUserAsync("investigator");
        var supervisor = await app.CreateUserAsync("supervisor", investigator.Team);
        var c = await app.CreateCaseAsync(investigator);
        var api = app.ApiClient(investigator);
        var page = await app.SignedInClientAsync(investigator);
        var importer = app.ApiClient(supervisor);
        (await api.PostAsJsonAsync($"/api/v1/cases/{c.Id}/actions", new RaiseActionRequest("Trace the caller", "detail", false, "high", null), ApiJson.Client)).EnsureSuccessStatusCode();
        return new LoadRoutes([api, page, importer],
        [
            ("GET /cases", page, () => Get("/cases")),
            ("GET /cases?q=", page, () => Get("/cases?q=Brook")),
            ("GET /cases/{id}", page, () => Get($"/cases/{c.Id}")),
            ("GET /api/v1/cases/{id}", api, () => Get($"/api/v1/cases/{c.Id}")),
            ("PUT /api/v1/cases/{id}", api, () => PutAsync(api, c.Id)),
            ("GET /api/v1/cases/{id}/actions", api, () => Get($"/api/v1/cases/{c.Id}/actions")),
            ("POST /api/v1/cases/{id}/actions/{n}/transitions", api, () => AllocateAsync(api, c.Id, investigator.UserName)),
            ("POST /api/v1/imports", importer, () => Task.FromResult(Import(supervisor))),
        ]);
    }

    public void Dispose()
    {
        foreach (var client in clients) client.Dispose();
    }

    private static Task<HttpRequestMessage> Get(string path) => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>vigil-load's edit: the case read for its ETag, its narrative changed, sent with If-Match (also
    /// <see cref="PutAllocationTests"/>'s edit). <paramref name="edit"/>: another change in its place (a narrative alone
    /// is not compared again by linkage, ADR 3205).</summary>
    public static async Task<HttpRequestMessage> PutAsync(HttpClient api, Guid id, Action<JsonNode>? edit = null)
    {
        var read = await api.GetAsync($"/api/v1/cases/{id}");
        read.EnsureSuccessStatusCode();
        var record = JsonNode.Parse(await read.Content.ReadAsStringAsync())!["record"]!;
        (edit ?? (r => r["narrative"] = $"edit {Guid.NewGuid():N}"))(record);
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{id}")
        {
            Content = new StringContent(new JsonObject { ["record"] = record.DeepClone() }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.ToString());
        return request;
    }

    /// <summary>An edit linkage compares again (ADR 3205) without changing what it finds: the place moved by centimetres.</summary>
    public static void MovePlace(JsonNode record) => record["location"]!["lat"] = (double)record["location"]!["lat"]! + 0.0000001;

    public static async Task<HttpRequestMessage> AllocateAsync(HttpClient api, Guid id, string officer)
    {
        var actions = JsonNode.Parse(await api.GetStringAsync($"/api/v1/cases/{id}/actions"))!.AsArray();
        var action = actions.First(a => (string?)a!["status"] is "raised" or "allocated")!;
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{id}/actions/{(int)action["number"]!}/transitions")
        {
            Content = JsonContent.Create(new MoveActionRequest("allocate", officer, null), options: ApiJson.Client),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{(int)action["version"]!}\"");
        return request;
    }

    public static HttpRequestMessage Import(TestUser supervisor)
    {
        var records = Enumerable.Range(0, 5).Select(_ => Samples.Record(source: "budget")).Select(DeathRecordWriter.ToJson);
        var body = new StringContent(string.Join('\n', records), Encoding.UTF8, "application/x-ndjson");
        return new HttpRequestMessage(HttpMethod.Post, $"/api/v1/imports?team={supervisor.TeamId}&source=budget") { Content = body };
    }
}
