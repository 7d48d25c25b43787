using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Chart;
using Vigil.Web.Features.Map;
using Vigil.Web.Features.Timelines;
using Vigil.Web.Tests.Features.Search;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Workspace;

/// <summary>The data behind the link chart, the map and the timeline, through the real API: what each draws, and that
/// another team's deaths are counted, never drawn.</summary>
public abstract class ChartMapTimelineTests(VigilAppFactory app)
{
    [Fact]
    public async Task Chart_OpensFromADeath_WithRolesOnTheEdges_AndExpandsOneHop()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var other = await app.CreateUserAsync(Roles.Investigator);
        var (record, surname, _, _, _) = SearchTests.Unique("Victor");
        var c = await app.CreateCaseAsync(ivy, record);
        await app.CreateCaseAsync(other, Samples.Record(name: "Elsewhere Death") with { People = record.People });
        using var api = app.ApiClient(ivy);
        var chart = (await api.GetFromJsonAsync<ChartData>($"/api/v1/chart?case={c.Id}", ApiJson.Client))!;
        var person = Assert.Single(chart.Nodes, n => n.Kind == ChartKinds.Person && n.Label == $"Victor {surname}");
        Assert.Contains(chart.Edges, e => e.Source == person.Id && e.Target == $"c:{c.Id}" && e.Label == "finder");
        Assert.Contains(chart.Nodes, n => n.Kind == ChartKinds.Phone);
        Assert.Contains(chart.Nodes, n => n.Kind == ChartKinds.Place && n.Label == "Southwark");
        var expanded = (await api.GetFromJsonAsync<ChartData>($"/api/v1/chart/expand?node={Uri.EscapeDataString(person.Id)}", ApiJson.Client))!;
        Assert.Single(expanded.Nodes, n => n.Kind == ChartKinds.Case);
        Assert.Contains("1 further death(s) held by other teams", expanded.Note, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/chart")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsJsonAsync("/api/v1/chart/exports", new ChartExport("graphml", person.Id, 4, 3), ApiJson.Client)).StatusCode);
    }

    [Fact]
    public async Task Map_FiltersByTheEnginesKindOfDeath_AndShowsOnlyWhatTheReaderMaySee()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var outsider = await app.CreateUserAsync(Roles.Investigator);
        var ghb = await app.CreateCaseAsync(ivy, Samples.Record(name: "Ghb Death"));
        var hanging = await app.CreateCaseAsync(ivy, Samples.Record(name: "Other Death") with
        {
            Toxicology = [], CauseOfDeath = "hanging", Manner = "suicide", SceneFeatures = ["ligature"],
        });
        using var api = app.ApiClient(ivy);
        var map = (await api.GetFromJsonAsync<MapData>("/api/v1/map?kind=ghb&area=Southwark", ApiJson.Client))!;
        Assert.Contains(map.Points, p => p.Id == ghb.Id);
        Assert.DoesNotContain(map.Points, p => p.Id == hanging.Id);
        Assert.Contains(map.Areas, a => a.Name == "Southwark");
        Assert.Contains((await api.GetFromJsonAsync<MapData>("/api/v1/map?kind=injury", ApiJson.Client))!.Points, p => p.Id == hanging.Id);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/map?kind=unicorn")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/map?from=2020-02-01&to=2020-01-01")).StatusCode);
        using var theirs = app.ApiClient(outsider);
        Assert.DoesNotContain((await theirs.GetFromJsonAsync<MapData>("/api/v1/map?kind=ghb", ApiJson.Client))!.Points, p => p.Id == ghb.Id);
    }

    [Fact]
    public async Task Timeline_OfAPerson_HasALanePerDeath_InLondonWallClockTime()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var (record, _, _, _, _) = SearchTests.Unique();
        var summer = record with { FoundAt = new DateTimeOffset(2015, 7, 2, 7, 20, 0, TimeSpan.Zero) };
        var c = await app.CreateCaseAsync(ivy, summer);
        using var api = app.ApiClient(ivy);
        var timeline = (await api.GetFromJsonAsync<TimelineData>($"/api/v1/timeline?case={c.Id}", ApiJson.Client))!;
        Assert.Single(timeline.Lanes);
        // 07:20 UTC in July is 08:20 BST: shown as London wall-clock time.
        Assert.Contains(timeline.Items, i => i.Kind == "found" && i.Start == "2015-07-02T08:20:00Z" && i.When.Contains("BST", StringComparison.Ordinal));
        Assert.Equal("Europe/London", timeline.Zone);
        using var outsider = app.ApiClient(await app.CreateUserAsync(Roles.Investigator));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/timeline?case={c.Id}")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ChartMapTimelineTests_Sqlite(SqliteApp app) : ChartMapTimelineTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ChartMapTimelineTests_Postgres(PostgresApp app) : ChartMapTimelineTests(app);
