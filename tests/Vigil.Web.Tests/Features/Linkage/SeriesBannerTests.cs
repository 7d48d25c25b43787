using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>ADR 3236 (sec53's leftover): /series/{id}?done= showed its query text as a success banner, so a link could
/// make Vigil's page say anything ("LS-7 confirmed: no further action"). What a decision did now travels in the flash.</summary>
public abstract class SeriesBannerTests(VigilAppFactory app)
{
    [Fact]
    public async Task ASeriesPage_ShowsNoTextFromItsAddress_AndADecision_IsStillSaid()
    {
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var first = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 0, "Owen Carraway"));
        var second = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 1, "Alder Finch"));
        var seriesId = await SeriesAsync(first.Id, second.Id);
        using var web = await app.SignedInClientAsync(analyst);
        var page = $"/series/{seriesId}";

        var planted = "Series closed by the SIO: no further action " + Guid.NewGuid().ToString("N")[..6];
        var crafted = await web.GetAsync($"{page}?done={Uri.EscapeDataString(planted)}");
        Assert.Equal(HttpStatusCode.OK, crafted.StatusCode);
        Assert.DoesNotContain(planted, await crafted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var decided = await Forms.PostAsync(web, page, new() { ["CaseId"] = second.Id.ToString(), ["Decision"] = "reject", ["Reason"] = "a different finder" }, page);
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        Assert.DoesNotContain("done=", decided.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var after = await web.GetStringAsync(decided.Headers.Location!.OriginalString);
        Assert.Contains($"{second.Reference} rejected.", after, StringComparison.Ordinal);
        Assert.DoesNotContain($"{second.Reference} rejected.", await web.GetStringAsync(page), StringComparison.Ordinal);
    }

    /// <summary>A candidate series: the first death confirmed, the second proposed, for the analyst to decide.</summary>
    private Task<Guid> SeriesAsync(Guid confirmed, Guid proposed) => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<VigilDbContext>();
        var series = new LinkedSeries
        {
            Reference = "LS-B-" + Guid.NewGuid().ToString("N")[..6], Status = SeriesStatus.Candidate, Kind = AlertKind.Person,
            Summary = "finder in 2 deaths", CreatedAt = DateTime.UtcNow, CreatedBy = "engine",
        };
        db.Add(series);
        foreach (var (c, status) in new[] { (confirmed, MemberStatus.Confirmed), (proposed, MemberStatus.Proposed) })
            db.Add(new LinkedSeriesMember
            {
                SeriesId = series.Id, CaseId = c, Status = status, Evidence = AlertKind.Person, AddedAt = DateTime.UtcNow, AddedBy = "engine",
                Reasons = "Strong evidence: the same finder",
            });
        await db.SaveChangesAsync();
        return series.Id;
    });
}

[Collection(SqliteCollection.Name)]
public sealed class SeriesBannerTests_Sqlite(SqliteApp app) : SeriesBannerTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SeriesBannerTests_Postgres(PostgresApp app) : SeriesBannerTests(app);
