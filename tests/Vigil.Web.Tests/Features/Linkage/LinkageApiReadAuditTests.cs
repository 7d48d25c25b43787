using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>Round 53's review (sec53, ADR 3234): the series page and the comparison page record a view of each death
/// they show; their API twins left one "list" entry naming no case, so a token read the deaths (the members' names,
/// ages and places; the explanation quoting both deaths' people) without a trace on either death's trail.</summary>
public abstract class LinkageApiReadAuditTests(VigilAppFactory app)
{
    [Fact]
    public async Task ASeriesAndAnExplanation_ReadThroughTheApi_AreViewsOnEachDeathsTrail()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var one = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 0, "Owen Carraway"));
        var two = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 1, "Alder Finch"));
        var (seriesId, candidateId) = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var series = new LinkedSeries
            {
                Reference = "LS-RA-" + Guid.NewGuid().ToString("N")[..6], Status = SeriesStatus.Confirmed, Kind = AlertKind.Person,
                Summary = "two deaths", CreatedAt = DateTime.UtcNow, CreatedBy = "engine",
            };
            db.Add(series);
            foreach (var c in new[] { one.Id, two.Id })
                db.Add(new LinkedSeriesMember { SeriesId = series.Id, CaseId = c, Status = MemberStatus.Confirmed, Evidence = AlertKind.Person, AddedAt = DateTime.UtcNow, AddedBy = "engine" });
            var candidate = new LinkCandidate { NewerCaseId = two.Id, EarlierCaseId = one.Id, Probability = 0.9, Summary = "pair", RaisedAt = DateTime.UtcNow };
            db.Add(candidate);
            await db.SaveChangesAsync();
            return (series.Id, candidate.Id);
        });
        using var api = app.ApiClient(analyst);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/series/{seriesId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/linkage/candidates/{candidateId}/explanation")).StatusCode);

        await app.WithDbAsync(async db =>
        {
            var views = await db.AuditEntries.AsNoTracking()
                .Where(e => (e.CaseId == one.Id || e.CaseId == two.Id) && e.Action == "view" && e.Actor.EndsWith(":" + analyst.UserName))
                .Select(e => new { e.CaseId, e.Changes }).ToListAsync();
            foreach (var c in new[] { one.Id, two.Id })
            {
                Assert.Contains(views, v => v.CaseId == c && v.Changes.Contains(seriesId.ToString(), StringComparison.Ordinal));
                Assert.Contains(views, v => v.CaseId == c && v.Changes.Contains(candidateId.ToString(), StringComparison.Ordinal));
            }
        });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LinkageApiReadAuditTests_Sqlite(SqliteApp app) : LinkageApiReadAuditTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LinkageApiReadAuditTests_Postgres(PostgresApp app) : LinkageApiReadAuditTests(app);
