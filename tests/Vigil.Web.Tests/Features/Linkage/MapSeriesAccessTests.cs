using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Map;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>ADR 3115 (sec28's leftover): the map draws a series' line only where the series page answers the reader
/// (a candidate series only for the queue's readers who may read every death in it), and never through a rejected
/// member. Before, every series joining two drawn deaths was drawn, with its reference.</summary>
public abstract class MapSeriesAccessTests(VigilAppFactory app)
{
    [Fact]
    public async Task TheMap_DrawsASeries_OnlyWhereItsPageAnswers_AndNeverThroughARejectedMember()
    {
        var sam = await app.CreateUserAsync(Roles.Supervisor);
        var ivy = await app.CreateUserAsync(Roles.Investigator, sam.Team);
        var other = await app.CreateUserAsync(Roles.Investigator);
        var one = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 0, "Owen Carraway"));
        var two = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 1, "Alder Finch"));
        var three = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 2, "Corin Vale"));
        var theirs = await app.CreateCaseAsync(other, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 3, "Emlyn Padgett"));
        var (candidate, _) = await CandidateSeriesSeed.AddAsync(app, AlertKind.Person, one.Id, two.Id, theirs.Id);
        var confirmed = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var series = new LinkedSeries
            {
                Reference = "LS-M-" + Guid.NewGuid().ToString("N")[..6], Status = SeriesStatus.Confirmed, Kind = AlertKind.Person,
                Summary = "confirmed", CreatedAt = DateTime.UtcNow, CreatedBy = "engine",
            };
            db.Add(series);
            foreach (var (c, status) in new[] { (one.Id, MemberStatus.Confirmed), (two.Id, MemberStatus.Confirmed), (three.Id, MemberStatus.Rejected) })
                db.Add(new LinkedSeriesMember { SeriesId = series.Id, CaseId = c, Status = status, Evidence = AlertKind.Person, AddedAt = DateTime.UtcNow, AddedBy = "engine" });
            await db.SaveChangesAsync();
            return series.Id;
        });

        foreach (var reader in new[] { sam, ivy })
        {
            using var api = app.ApiClient(reader);
            var map = (await api.GetFromJsonAsync<MapData>("/api/v1/map", ApiJson.Client))!;
            Assert.Contains(map.Points, p => p.Id == three.Id);
            Assert.DoesNotContain(map.Series, s => s.Id == candidate);
            var line = Assert.Single(map.Series, s => s.Id == confirmed);
            Assert.Equal(new[] { one.Id, two.Id }.Order(), line.Members.Order());
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MapSeriesAccessTests_Sqlite(SqliteApp app) : MapSeriesAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MapSeriesAccessTests_Postgres(PostgresApp app) : MapSeriesAccessTests(app);
