using Vigil.Web.Hosting;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Linkage.Queue;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>Deaths of one series for linkage tests: the same rarely-named finder with the same phone, GHB, young men,
/// close in place and time. Names, places and areas are unique per test so tests sharing a database do not link to
/// each other (every GHB death at one churchyard would, rightly, be a cluster).</summary>
public static class LinkageSamples
{
    public static (string Finder, string Phone) UniqueFinder()
    {
        var tag = Guid.NewGuid().ToString("N");
        var digits = string.Concat(tag.Where(char.IsAsciiDigit).Concat("1234567890"))[..6];
        return ($"Barbara Q{tag[..7]}", $"07700 9{digits[..2]} {digits[2..]}");
    }

    public static DeathRecord Victim((string Finder, string Phone) finder, int day, string name)
    {
        var (lat, lon, area) = PlaceOf(finder.Finder);
        return Samples.Record(name: name, foundAt: new DateTimeOffset(2015, 3, 2, 7, 20, 0, TimeSpan.Zero).AddDays(day), area: area) with
        {
            Location = new RecordLocation { Lat = lat + day * 0.0001, Lon = lon, Setting = "churchyard", Description = "against the churchyard wall", Area = area },
            People = [new RecordPerson { Role = "finder", Name = finder.Finder, Phone = finder.Phone }],
        };
    }

    /// <summary>A place and area of the test's own, tens of kilometres from any other test's (from the finder's tag).</summary>
    public static (double Lat, double Lon, string Area) PlaceOf(string tag)
    {
        var h = (uint)tag.Aggregate(17, (acc, ch) => unchecked(acc * 31 + ch));
        return (50.0 + h % 4000 / 1000.0, -3.0 + h / 4000 % 5000 / 1000.0, "Test area " + tag[^7..]);
    }
}

/// <summary>Records actions and events raised by the linkage capability, whatever module is registered for them.</summary>
public sealed class Recorder : ICaseActionSink, ICaseEventListener
{
    public static readonly ConcurrentBag<ActionRequest> Actions = [];
    public static readonly ConcurrentBag<CaseEvent> Events = [];

    public Task RaiseAsync(VigilDbContext db, ActionRequest request, CancellationToken ct) { Actions.Add(request); return Task.CompletedTask; }

    public Task OnCaseEventAsync(VigilDbContext db, CaseEvent e, CancellationToken ct) { Events.Add(e); return Task.CompletedTask; }

    /// <summary>The same app and database with the recorder as action sink and as an event listener.</summary>
    public static WebApplicationFactory<Program> Around(VigilAppFactory app) => app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
    {
        s.AddScoped<ICaseActionSink, Recorder>();
        s.AddScoped<ICaseEventListener, Recorder>();
    }));
}

public static class LinkageClient
{
    public static HttpClient Api(WebApplicationFactory<Program> host, TestUser user)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return client;
    }

    public static async Task<CaseResponse> CreateAsync(HttpClient client, TestUser user, DeathRecord record)
    {
        var response = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(user.TeamId, record), ApiJson.Client);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CaseResponse>(ApiJson.Client))!;
    }

    public static async Task<List<QueueRow>> QueueAsync(HttpClient client, Guid caseId, string status = "open") =>
        (await client.GetFromJsonAsync<List<QueueRow>>($"/api/v1/linkage/candidates?status={status}&caseId={caseId}", ApiJson.Client))!;
}
