using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>ADR 1660: a death whose alert reaches a series is proposed to that series as one item, and an earlier death it
/// is alike to OUTSIDE that series is still a pair to compare. Before, the whole alert went to the series and the outside
/// death was cut without a trace (found by round 64's CI: a test death reached another test's series on the shared
/// PostgreSQL store, and its own pair was never raised). Here by design: one finder's three deaths make a candidate series;
/// a death of another finder at the same place, and the newest death of that finder, are alike to all of them. On a store
/// of its own: which earlier deaths the third death's strongest signal joins into the series depends on every death in the
/// store (the first whole run on the shared SQLite store put the other finder's death in the series too).</summary>
public abstract class SeriesProposalKeepsOtherPairsTests(Func<VigilAppFactory> create)
{
    [Fact]
    public Task ADeathReachingASeries_StillHasAPair_WithAnAlikeDeathOutsideIt() => LinkageClient.OnOwnStoreAsync(create(), async app =>
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var api = app.ApiClient(ivy);
        var (seriesFinder, otherFinder) = (LinkageSamples.UniqueFinder(), LinkageSamples.UniqueFinder());
        var (lat, lon, _) = LinkageSamples.PlaceOf(seriesFinder.Finder);
        var spot = new LinkageSamples.Spot(LinkageSamples.StartOf(seriesFinder.Finder), lat, lon);
        var outside = await LinkageClient.CreateAsync(api, ivy, LinkageSamples.Victim(otherFinder, 0, "Outside Earlier", spot));
        await LinkageClient.ComparedAsync(app, outside.Id);
        var members = await LinkageClient.CreateComparedAsync(app, api, ivy, seriesFinder, (7, "Series First"), (14, "Series Second"), (21, "Series Third"));
        var newest = await LinkageClient.CreateAsync(api, ivy, LinkageSamples.Victim(otherFinder, 28, "Newest Alike", spot));
        await LinkageClient.ComparedAsync(app, newest.Id);

        var proposal = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var own = await db.SeriesMembers().AsNoTracking().SingleAsync(m => m.CaseId == newest.Id);
            var inSeries = await db.SeriesMembers().AsNoTracking().Where(m => m.SeriesId == own.SeriesId && m.CaseId != newest.Id).Select(m => m.CaseId).ToListAsync();
            return (own.ComparedWithCaseId, InSeries: inSeries);
        });
        // The scene as designed: the newest death reached the series of the first finder's three, and the outside death is not in it.
        Assert.Equal(members.Select(m => m.Id).Order(), proposal.InSeries.Order());
        // The series item opens a pair of the series (ADR 3329), not the outside death's.
        Assert.Contains(proposal.ComparedWithCaseId!.Value, proposal.InSeries);

        using var annApi = app.ApiClient(await app.CreateUserAsync(Roles.Analyst));
        var pairs = (await LinkageClient.QueueAsync(annApi, newest.Id)).Where(r => r.NewerRef == newest.Reference).Select(r => r.EarlierRef).ToList();
        Assert.Equal([outside.Reference], pairs);
    });
}

public sealed class SeriesProposalKeepsOtherPairsTests_Sqlite() : SeriesProposalKeepsOtherPairsTests(() => new SqliteApp());

public sealed class SeriesProposalKeepsOtherPairsTests_Postgres() : SeriesProposalKeepsOtherPairsTests(() => new PostgresApp());
