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
    public async Task TheMapsSettingFilter_SaysEachSettingInWords_AndKeepsTheChosenOne()
    {
        using var web = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Analyst));
        var page = Forms.Parse(await web.GetStringAsync("/map?setting=home-own"));
        var options = page.QuerySelectorAll("#setting option").ToDictionary(o => o.GetAttribute("value")!, o => o.TextContent);
        // walk53: the options read the record format's codes, "home-own", "residential-exterior".
        Assert.Equal("Own home", options["home-own"]);
        Assert.Equal("Outside a home", options["residential-exterior"]);
        Assert.DoesNotContain(options.Values, text => text.Contains('-', StringComparison.Ordinal));
        Assert.True(page.QuerySelector("#setting option[value='home-own']")!.HasAttribute("selected"));
    }

    /// <summary>walk53 finding 24: /chart and /timeline without a case answered 400 "Something in the request was not
    /// right. Go back and check what was entered", where nothing had been entered. They ask for a case or a person, and
    /// open on a case reference the reader may see.</summary>
    [Fact]
    public async Task TheChartAndTheTimeline_WithoutASubject_AskForOne_AndOpenOnATypedReference()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var mine = await app.CreateCaseAsync(ivy);
        var theirs = await app.CreateCaseAsync(await app.CreateUserAsync(Roles.Investigator));
        using var web = await app.SignedInClientAsync(ivy);
        foreach (var (page, draws) in new[] { ("/chart", "chart"), ("/timeline", "show on a timeline") })
        {
            var asked = await web.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
            var form = Forms.Parse(await asked.Content.ReadAsStringAsync());
            Assert.Equal($"Choose a case or a person to {draws}", form.QuerySelector("h1")!.TextContent);
            Assert.NotNull(form.QuerySelector("#choose-subject input[name=reference]"));
            Assert.NotNull(form.QuerySelector("a[href='/search']"));

            var opened = await web.GetAsync($"{page}?reference={mine.Reference.ToLowerInvariant()}");
            Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
            Assert.Equal($"{page}?case={mine.Id}", opened.Headers.Location!.OriginalString);
            var refused = Forms.Parse(await web.GetStringAsync($"{page}?reference={theirs.Reference}"));
            Assert.Equal($"No death with the reference {theirs.Reference} that you may see. Check the reference, or search by name.",
                refused.QuerySelector("#reference-error")!.TextContent);
        }
    }

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
        Assert.Contains("1 further death held by other teams is not shown", expanded.Note, StringComparison.Ordinal);
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
    public async Task PlacePicker_DrawsOnlyTheDeathsInTheView_AsCoordinates_Bounded()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        // A spot no other test uses (off New Zealand), so the box holds only this test's deaths.
        var lat = -46.0 - Random.Shared.Next(1000) / 1000.0;
        var inside = Samples.Record(name: "Picker Inside") with { Location = Samples.Record().Location with { Lat = lat, Lon = 170.123456 } };
        var outside = Samples.Record(name: "Picker Outside") with { Location = Samples.Record().Location with { Lat = lat, Lon = 171.5 } };
        await app.CreateCaseAsync(ivy, inside);
        await app.CreateCaseAsync(ivy, outside);
        using var api = app.ApiClient(ivy);
        var box = FormattableString.Invariant($"south={lat - 0.01}&west=170&north={lat + 0.01}&east=170.5");
        var places = (await api.GetFromJsonAsync<MapPlacesData>("/api/v1/map/places?" + box, ApiJson.Client))!;
        var point = Assert.Single(places.Points);
        Assert.Equal([Math.Round(lat, 5), 170.12346], point);
        Assert.Equal("Southwark", Assert.Single(places.Areas).Name);
        Assert.False(places.Truncated);
        // Without a box: the newest deaths anywhere, never more than the cap (the full map's 5,000 are not loaded).
        var first = (await api.GetFromJsonAsync<MapPlacesData>("/api/v1/map/places", ApiJson.Client))!;
        Assert.Equal(500, first.Max);
        Assert.InRange(first.Points.Count, 2, first.Max);
        using var theirs = app.ApiClient(await app.CreateUserAsync(Roles.Investigator));
        Assert.Empty((await theirs.GetFromJsonAsync<MapPlacesData>("/api/v1/map/places?" + box, ApiJson.Client))!.Points);
        foreach (var bad in new[] { "south=1&west=2", "south=10&west=0&north=5&east=1", "south=0&west=10&north=1&east=5", "south=-91&west=0&north=1&east=1", "south=0&west=0&north=1&east=181" })
        {
            var response = await api.GetAsync("/api/v1/map/places?" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
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

    /// <summary>walk55 finding 13 (ADR 3253 carried to the visual timeline): its entries named officers by login
    /// ("A5 allocated to investigator-3f2a…"), where the case page's timeline names them.</summary>
    [Fact]
    public async Task Timeline_NamesTheOfficers_AsTheCasePageDoes()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var name = await app.NameAsync(ivy, "DC Ivy Timeline");
        var c = await app.CreateCaseAsync(ivy, Samples.Record() with { SceneFeatures = [] });
        using var api = app.ApiClient(ivy);
        (await api.PostAsJsonAsync($"/api/v1/cases/{c.Id}/actions", new Vigil.Web.Features.Enquiries.Actions.RaiseActionRequest("Trace the caller", "detail", false, "high", null), ApiJson.Client)).EnsureSuccessStatusCode();
        var raised = (await Enquiries.EnquiryClient.ActionsAsync(api, c.Id)).Single(a => a.Title == "Trace the caller");
        (await Enquiries.EnquiryClient.MoveAsync(api, c.Id, raised.Number, "allocate", ivy.UserName)).EnsureSuccessStatusCode();

        var items = (await api.GetFromJsonAsync<TimelineData>($"/api/v1/timeline?case={c.Id}", ApiJson.Client))!.Items.Select(i => i.Title).ToList();
        Assert.Contains(items, t => t.Contains($"{raised.Label} allocated to {name}", StringComparison.Ordinal));
        Assert.Contains(items, t => t.Contains($"Trace the caller ({name})", StringComparison.Ordinal));
        Assert.DoesNotContain(items, t => t.Contains(ivy.UserName, StringComparison.Ordinal));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ChartMapTimelineTests_Sqlite(SqliteApp app) : ChartMapTimelineTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ChartMapTimelineTests_Postgres(PostgresApp app) : ChartMapTimelineTests(app);
