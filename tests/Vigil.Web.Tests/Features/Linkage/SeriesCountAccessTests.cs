using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Linkage.Alerts;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>The views that draw a series (its missed-opportunity report, chart, timeline) count the deaths they leave out
/// as the series page does: the confirmed members outside the reader's access (ADR 0402, 3133). Another team's death the
/// engine proposed, or an analyst rejected, is not a member the reader may learn of, even as a number.</summary>
public abstract class SeriesCountAccessTests(VigilAppFactory app)
{
    [Fact]
    public async Task AnotherTeamsProposedAndRejectedDeaths_AreNotCounted_ToASupervisor()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var supervisor = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var other = await app.CreateUserAsync(Roles.Investigator);
        var ours = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 0, "Owen Carraway"));
        var proposed = await app.CreateCaseAsync(other, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 1, "Emlyn Padgett"));
        var rejected = await app.CreateCaseAsync(other, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 2, "Rhys Aldous"));
        var seriesId = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var series = new LinkedSeries
            {
                Reference = "LS-C-" + Guid.NewGuid().ToString("N")[..6], Status = SeriesStatus.Confirmed, Kind = AlertKind.Person,
                Summary = "finder in 2 deaths", CreatedAt = DateTime.UtcNow, CreatedBy = AlertWriter.Engine,
            };
            db.Add(series);
            foreach (var (caseId, status) in new[] { (ours.Id, MemberStatus.Confirmed), (proposed.Id, MemberStatus.Proposed), (rejected.Id, MemberStatus.Rejected) })
                db.Add(new LinkedSeriesMember
                {
                    SeriesId = series.Id, CaseId = caseId, Status = status, Evidence = AlertKind.Person, Probability = 0.9,
                    AddedAt = DateTime.UtcNow, AddedBy = AlertWriter.Engine, Reasons = "finder",
                });
            await db.SaveChangesAsync();
            return series.Id;
        });
        using var web = await app.SignedInClientAsync(supervisor);
        var page = WebUtility.HtmlDecode(await web.GetStringAsync($"/series/{seriesId}"));
        Assert.Contains(ours.Reference, page, StringComparison.Ordinal);

        var missed = WebUtility.HtmlDecode(await web.GetStringAsync($"/series/{seriesId}/missed"));
        Assert.Contains(ours.Reference, missed, StringComparison.Ordinal);
        Assert.DoesNotContain("outside your access", missed, StringComparison.Ordinal);
        using var api = app.ApiClient(supervisor);
        var chart = await api.GetStringAsync($"/api/v1/chart?series={seriesId}");
        Assert.Contains(ours.Reference, chart, StringComparison.Ordinal);
        Assert.DoesNotContain("held by other teams", chart, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SeriesCountAccessTests_Sqlite(SqliteApp app) : SeriesCountAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SeriesCountAccessTests_Postgres(PostgresApp app) : SeriesCountAccessTests(app);
