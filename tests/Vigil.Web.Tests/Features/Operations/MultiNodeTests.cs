using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Operations;

/// <summary>Two `vigil serve` processes on one PostgreSQL database, as behind a load balancer.</summary>
public sealed class TwoNodes : IAsyncLifetime
{
    public SharedStore Store { get; private set; } = null!;
    public VigilNode A { get; private set; } = null!;
    public VigilNode B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = await SharedStore.CreateAsync("postgres");
        // Started together: the migration wrote the key ring's first key under the store's lock (ADR 1131).
        var nodes = await Task.WhenAll(VigilNode.StartAsync(Store), VigilNode.StartAsync(Store));
        (A, B) = (nodes[0], nodes[1]);
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Store.DisposeAsync();
    }
}

public sealed class MultiNodeTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    [Fact]
    public async Task SignInOnOneNode_IsHonouredByTheOther_FormsIncluded()
    {
        var ivy = await nodes.Store.CreateUserAsync(Roles.Investigator, "nodes-team");
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var a = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(nodes.A.BaseUrl) };
        using var b = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(nodes.B.BaseUrl) };
        var login = await Forms.PostAsync(a, "/login", new() { ["Input.UserName"] = ivy.UserName, ["Input.Password"] = VigilAppFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        // Cookies are per host, not per port: node B receives node A's sign-in cookie, as behind one proxy.
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("/cases")).StatusCode);
        // A form rendered by A (antiforgery token from A's key ring) is accepted when posted to B.
        var form = await a.GetStringAsync("/cases/new");
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(form)!,
            ["Form.TeamId"] = ivy.TeamId.ToString(), ["Form.DeceasedName"] = "Nodes Test", ["Form.Sex"] = "male",
            ["Form.FoundAt"] = "2015-06-19T07:20", ["Form.Latitude"] = "51.5362", ["Form.Longitude"] = "0.0765", ["Form.Setting"] = "park",
        };
        var created = await b.PostAsync("/cases/new", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.StartsWith("/cases/", created.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACaseSavedOnOneNode_IsServedByTheOther_WithItsETag()
    {
        var ivy = await nodes.Store.CreateUserAsync(Roles.Investigator, "nodes-team");
        using var a = nodes.A.Client(ivy.Token);
        using var b = nodes.B.Client(ivy.Token);
        var response = await a.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(ivy.TeamId, Samples.Record()), ApiJson.Client);
        response.EnsureSuccessStatusCode();
        var created = (await response.Content.ReadFromJsonAsync<CaseResponse>(ApiJson.Client))!;
        var onB = await b.GetAsync($"/api/v1/cases/{created.Id}");
        Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
        Assert.Equal(response.Headers.ETag, onB.Headers.ETag);

        // An edit on B with A's ETag succeeds once; the same stale ETag on A is refused.
        var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{created.Id}") { Content = JsonContent.Create(new UpdateCaseRequest(created.Record with { Narrative = "edited on B" }), options: ApiJson.Client) };
        edit.Headers.IfMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await b.SendAsync(edit)).StatusCode);
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{created.Id}") { Content = JsonContent.Create(new UpdateCaseRequest(created.Record with { Narrative = "stale on A" }), options: ApiJson.Client) };
        stale.Headers.IfMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await a.SendAsync(stale)).StatusCode);
    }
}
