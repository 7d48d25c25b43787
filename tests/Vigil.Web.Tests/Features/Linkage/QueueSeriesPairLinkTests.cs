using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Queue;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>walk61 finding 10 (ADR 3329): the queue's top item, a series whose "why" is a pair's evidence, opened the
/// series page; a new analyst's first click landed on a series, not on the two deaths side by side. The item now opens
/// the pair its "why" gives the evidence of, side by side; the series stays its "Linked to" link. A store of its own, as
/// <see cref="SeriesProposalRescoreTests"/>: another test's deaths alike these would join the series.</summary>
public abstract class QueueSeriesPairLinkTests(Func<VigilAppFactory> create)
{
    [Fact]
    public Task ASeriesItemWhoseWhyIsAPairsEvidence_OpensThatPairSideBySide() => LinkageClient.OnOwnStoreAsync(create(), async app =>
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        using var api = app.ApiClient(ivy);
        var finder = LinkageSamples.UniqueFinder();
        // The third death makes the three a candidate series; each earlier death's reasons are its comparison with the
        // third: the first's "found 42 days apart", the second's "found 21 days apart".
        var deaths = await LinkageClient.CreateComparedAsync(app, api, ivy, finder, (0, "Pairlink First"), (21, "Pairlink Second"), (42, "Pairlink Third"));
        var (first, second, third) = (deaths[0], deaths[1], deaths[2]);
        var series = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().SeriesMembers()
            .Where(m => m.CaseId == third.Id).Select(m => m.SeriesId).SingleAsync());
        // Two members confirmed make it a confirmed series: the first death, still proposed, is the item, its reasons the "why".
        foreach (var confirmed in new[] { third.Id, second.Id })
            Assert.Null(await app.WithScopeAsync(sp => sp.GetRequiredService<LinkDecisions>()
                .DecideMemberAsync(series, confirmed, confirm: true, "same finder, same wall", ann.Id, ann.UserName, default)));

        using var web = await app.SignedInClientAsync(ann);
        var row = Assert.Single(Forms.Parse(await web.GetStringAsync("/linkage")).QuerySelectorAll("table.queue tbody tr"),
            r => r.QuerySelector($"td[data-label='Linked to'] a[href='/series/{series}']") is not null);
        var why = row.QuerySelector("td[data-label=Why]")!.TextContent;
        Assert.Contains("found 42 days apart", why, StringComparison.Ordinal);
        Assert.DoesNotContain("found 21 days apart", why, StringComparison.Ordinal);
        var pair = $"/series/{series}/compare/{first.Id}?with={third.Id}";
        Assert.Equal(pair, row.QuerySelector("td.card-title a")!.GetAttribute("href"));
        Assert.Contains($"Compare {first.Reference} with {third.Reference}", await web.GetStringAsync(pair), StringComparison.Ordinal);

        // The API's item opens the same comparison.
        using var annApi = app.ApiClient(ann);
        var items = (await annApi.GetFromJsonAsync<List<QueueItem>>($"/api/v1/linkage/alerts?caseId={first.Id}", ApiJson.Client))!;
        Assert.Equal(pair, Assert.Single(items, i => i.Id == series).Link);
    });
}

public sealed class QueueSeriesPairLinkTests_Sqlite() : QueueSeriesPairLinkTests(() => new SqliteApp());

public sealed class QueueSeriesPairLinkTests_Postgres() : QueueSeriesPairLinkTests(() => new PostgresApp());
