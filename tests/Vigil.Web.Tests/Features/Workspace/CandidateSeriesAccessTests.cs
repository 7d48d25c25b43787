using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Chart;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Features.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Workspace;

/// <summary>A candidate series is the engine's proposal, for the linkage queue's readers who may read every death in it
/// (ADR 0402, 0706): the chart, the timeline and the missed-opportunity report must not show it to an investigator, nor
/// count the other team's deaths it proposes, when the series page answers 404 to them (ADR 2802).</summary>
public abstract class CandidateSeriesAccessTests(VigilAppFactory app)
{
    [Fact]
    public async Task CandidateSeries_ReachingIntoAnotherTeam_IsNotDrawnForAnInvestigator()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var other = await app.CreateUserAsync(Roles.Investigator);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        // Deaths alike nothing else, so that the one series each is in is the one proposed here.
        var ours = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 0, "Owen Carraway"));
        var theirs = await app.CreateCaseAsync(other, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 0, "Emlyn Padgett"));
        var (seriesId, reference) = await CandidateSeriesSeed.AddAsync(app, AlertKind.Person, ours.Id, theirs.Id);
        using var analystApi = app.ApiClient(analyst);
        Assert.Equal(HttpStatusCode.OK, (await analystApi.GetAsync($"/api/v1/chart?series={seriesId}")).StatusCode);

        using var api = app.ApiClient(ivy);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/series/{seriesId}")).StatusCode);
        var chart = await api.GetStringAsync($"/api/v1/chart?case={ours.Id}");
        Assert.DoesNotContain(ChartKinds.Key(ChartKinds.Series, seriesId.ToString()), chart, StringComparison.Ordinal);
        Assert.DoesNotContain(reference, chart, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/chart?series={seriesId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/chart/expand?node={Uri.EscapeDataString(ChartKinds.Key(ChartKinds.Series, seriesId.ToString()))}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/timeline?series={seriesId}")).StatusCode);
        using var web = await app.SignedInClientAsync(ivy);
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/series/{seriesId}/missed")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/series/{seriesId}/missed.pdf")).StatusCode);
        // Its own death's chart and timeline are still there; the analyst's chart of it shows the proposal.
        Assert.Contains((await api.GetFromJsonAsync<ChartData>($"/api/v1/chart?case={ours.Id}", ApiJson.Client))!.Nodes, n => n.Id == $"c:{ours.Id}");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/timeline?case={ours.Id}")).StatusCode);
        Assert.Contains(reference, await analystApi.GetStringAsync($"/api/v1/chart?case={ours.Id}"), StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CandidateSeriesAccessTests_Sqlite(SqliteApp app) : CandidateSeriesAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CandidateSeriesAccessTests_Postgres(PostgresApp app) : CandidateSeriesAccessTests(app);
