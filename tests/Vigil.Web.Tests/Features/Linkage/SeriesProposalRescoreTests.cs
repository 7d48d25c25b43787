using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Queue;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>ADR 3145: a death in a candidate series compared again refreshes every undecided row that concerns it — its
/// pairs with the deaths the series proposal names, and every proposal in the series — and leaves decided rows alone.
/// A store of its own, as <see cref="RejectedSeriesSurvivesTests"/>: another test's deaths alike these would take them
/// into a series of that test's.</summary>
public abstract class SeriesProposalRescoreTests(Func<VigilAppFactory> create)
{
    [Fact]
    public Task DeathInACandidateSeries_ComparedAgain_ItsPairsAndTheSeriesProposalsTakeTheNewScores() =>
        LinkageClient.OnOwnStoreAsync(create(), EditAndReadAsync);

    private static async Task EditAndReadAsync(VigilAppFactory app)
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        using var api = app.ApiClient(ivy);
        using var annApi = app.ApiClient(ann);
        var finder = LinkageSamples.UniqueFinder();
        var deaths = await LinkageClient.CreateComparedAsync(app, api, ivy, finder, (0, "Proposal First"), (21, "Proposal Second"), (42, "Proposal Third"));
        var (first, second, third) = (deaths[0], deaths[1], deaths[2]);
        // The second death alerted on the first alone (a pair); the third made the three a candidate series.
        var pair = await LinkageClient.OpenPairAsync(annApi, app, second, first);
        var series = Assert.Single(await ProposalsAsync(app, third.Id)).SeriesId;

        // The second death, edited, still alike: proposed to the series again, its pair with the first takes the new score.
        await LinkageClient.EditAsync(app, api, second.Id, 1, second.Record with { Deceased = second.Record.Deceased! with { Age = 31, Occupation = "roofer" } });
        var rescored = Assert.Single(await LinkageClient.QueueAsync(annApi, second.Id), r => r.Id == pair.Id);
        var now = await annApi.GetFromJsonAsync<ExplanationResponse>($"/api/v1/linkage/candidates/{pair.Id}/explanation", ApiJson.Client);
        Assert.NotEqual(pair.Probability, rescored.Probability, 3);
        Assert.Equal(now!.Probability, rescored.Probability, 3);

        // An analyst rejects the first death's proposal; then the third death, whose comparison proposed the series, is
        // edited into an unalike one. Every proposal still undecided takes its score against the series as it is now.
        var before = await ProposalsAsync(app, third.Id, series);
        Assert.Null(await app.WithScopeAsync(sp => sp.GetRequiredService<LinkDecisions>()
            .DecideMemberAsync(series, first.Id, confirm: false, "the first death was natural", ann.Id, ann.UserName, default)));
        await LinkageClient.EditAsync(app, api, third.Id, 1, Unalike(third.Record));
        var threshold = await app.WithScopeAsync(sp => sp.GetRequiredService<LinkageEngine>().ThresholdAsync(default));
        var after = await ProposalsAsync(app, third.Id, series);
        Assert.Equal(before.Single(m => m.CaseId == first.Id).Probability, after.Single(m => m.CaseId == first.Id).Probability);
        foreach (var m in after.Where(m => m.Status == MemberStatus.Proposed))
        {
            Assert.True(m.Probability < threshold, $"{m.CaseId} proposed at {m.Probability} (was {before.Single(b => b.CaseId == m.CaseId).Probability}), threshold {threshold}");
            Assert.StartsWith("Scored against the series as a whole", m.Reasons, StringComparison.Ordinal);
        }
        var item = Assert.Single((await annApi.GetFromJsonAsync<List<QueueItem>>($"/api/v1/linkage/alerts?caseId={second.Id}", ApiJson.Client))!, i => i.Id == series);
        Assert.True(item.Probability < threshold, $"the series is queued at {item.Probability}");
    }

    private static DeathRecord Unalike(DeathRecord r) => r with
    {
        Deceased = r.Deceased! with { Sex = "female", Age = 88 }, Position = "lying-prone", SceneFeatures = [],
        Toxicology = [], CauseOfDeath = "pneumonia", Manner = "natural",
    };

    private static Task<List<LinkedSeriesMember>> ProposalsAsync(VigilAppFactory app, Guid caseId, Guid? series = null) => app.WithScopeAsync(sp =>
    {
        var db = sp.GetRequiredService<VigilDbContext>();
        return db.SeriesMembers().AsNoTracking()
            .Where(m => series == null ? m.CaseId == caseId : m.SeriesId == series).ToListAsync();
    });
}

public sealed class SeriesProposalRescoreTests_Sqlite() : SeriesProposalRescoreTests(() => new SqliteApp());

public sealed class SeriesProposalRescoreTests_Postgres() : SeriesProposalRescoreTests(() => new PostgresApp());
