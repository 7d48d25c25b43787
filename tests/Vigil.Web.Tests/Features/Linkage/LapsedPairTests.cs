using System.Net;
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

/// <summary>ADR 3142: a death edited so that an undecided pair of it no longer reaches the alert threshold takes the
/// pair's new score and lapses — out of the open queue, listed as "no longer alike" with the reason, on the audit
/// trail — and alike again it is open again; a pair an analyst decided keeps the decision and its score.</summary>
public abstract class LapsedPairTests(VigilAppFactory app)
{
    [Fact]
    public async Task EditedDeathNoLongerAlike_PairLapsesWithItsNewScore_ShowsAsNoLongerAlike_AndReopensWhenAlikeAgain()
    {
        var (ivy, ann, first, second, row) = await AlertedPairAsync();
        using var ivyApi = app.ApiClient(ivy);
        using var annApi = app.ApiClient(ann);

        await EditAsync(ivyApi, second.Id, 1, Unalike());
        Assert.DoesNotContain(await LinkageClient.QueueAsync(annApi, second.Id), r => r.Id == row.Id);
        var lapsed = Assert.Single(await LinkageClient.QueueAsync(annApi, second.Id, "lapsed"), r => r.Id == row.Id);
        var threshold = await app.WithScopeAsync(sp => sp.GetRequiredService<LinkageEngine>().ThresholdAsync(default));
        Assert.True(lapsed.Probability < threshold, $"{lapsed.Probability} against threshold {threshold}");
        Assert.True(lapsed.Probability < row.Probability);
        Assert.StartsWith("No longer alike enough to alert", lapsed.Summary, StringComparison.Ordinal);

        using (var page = await LinkageWorkflowTests.SignedInAsync(app, ann))
        {
            var open = await page.GetStringAsync("/linkage");
            Assert.DoesNotContain(second.Reference, open, StringComparison.Ordinal);
            var html = await page.GetStringAsync("/linkage?status=lapsed");
            Assert.Contains(second.Reference, html, StringComparison.Ordinal);
            Assert.Contains("No longer alike enough to alert", html, StringComparison.Ordinal);
            Assert.Contains("[no longer alike]", html, StringComparison.Ordinal);
        }
        var audited = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries
            .Where(e => e.EntityType == nameof(LinkCandidate) && e.EntityId == row.Id.ToString() && e.Action == "update").Select(e => e.Changes).ToListAsync());
        Assert.Contains(audited, changes => changes.Contains("lapsed", StringComparison.Ordinal));

        await EditAsync(ivyApi, second.Id, 2, second.Record);
        var reopened = Assert.Single(await LinkageClient.QueueAsync(annApi, second.Id), r => r.Id == row.Id);
        Assert.True(reopened.Probability >= threshold);
        Assert.Empty(await LinkageClient.QueueAsync(annApi, second.Id, "lapsed"));
    }

    [Fact]
    public async Task EditedDeathNoLongerAlike_PairAnAnalystDecided_KeepsTheDecisionAndItsScore()
    {
        var (ivy, ann, _, second, row) = await AlertedPairAsync();
        using var annApi = app.ApiClient(ann);
        var decided = await annApi.PostAsJsonAsync($"/api/v1/linkage/candidates/{row.Id}/decision", new DecisionRequest(false, "different circumstances"), ApiJson.Client);
        Assert.Equal(HttpStatusCode.NoContent, decided.StatusCode);

        using var ivyApi = app.ApiClient(ivy);
        await EditAsync(ivyApi, second.Id, 1, Unalike());
        var kept = Assert.Single(await LinkageClient.QueueAsync(annApi, second.Id, "rejected"), r => r.Id == row.Id);
        Assert.Equal((row.Probability, row.Summary), (kept.Probability, kept.Summary));
        Assert.Empty(await LinkageClient.QueueAsync(annApi, second.Id, "lapsed"));
    }

    [Fact]
    public async Task LapsedPair_IsStillUndecided_AndAnAnalystMayDecideIt()
    {
        var (ivy, ann, _, second, row) = await AlertedPairAsync();
        using var ivyApi = app.ApiClient(ivy);
        await EditAsync(ivyApi, second.Id, 1, Unalike());
        using var annApi = app.ApiClient(ann);
        Assert.Single(await LinkageClient.QueueAsync(annApi, second.Id, "lapsed"), r => r.Id == row.Id);
        var decided = await annApi.PostAsJsonAsync($"/api/v1/linkage/candidates/{row.Id}/decision", new DecisionRequest(true, "same finder, whatever the score"), ApiJson.Client);
        Assert.Equal(HttpStatusCode.NoContent, decided.StatusCode);
        Assert.Single(await LinkageClient.QueueAsync(annApi, second.Id, "confirmed"), r => r.Id == row.Id);
    }

    private async Task<(TestUser Ivy, TestUser Ann, CaseResponse First, CaseResponse Second, QueueRow Row)> AlertedPairAsync()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        var finder = LinkageSamples.UniqueFinder();
        using var ivyApi = app.ApiClient(ivy);
        var first = await LinkageClient.CreateAsync(ivyApi, ivy, LinkageSamples.Victim(finder, 0, "Lapse First"));
        var second = await LinkageClient.CreateAsync(ivyApi, ivy, LinkageSamples.Victim(finder, 21, "Lapse Second"));
        using var annApi = app.ApiClient(ann);
        return (ivy, ann, first, second, await LinkageClient.OpenPairAsync(annApi, app, second, first));
    }

    /// <summary>The second death as it turned out: an old woman's natural death at home, far away, with her own doctor.</summary>
    private static DeathRecord Unalike()
    {
        var (lat, lon, area) = LinkageSamples.PlaceOf("elsewhere " + Guid.NewGuid().ToString("N"));
        return Samples.Record(name: "Irene Lapse", area: area) with
        {
            Location = new RecordLocation { Lat = lat, Lon = lon, Setting = "home-own", Area = area },
            Deceased = new RecordDeceased { Name = "Irene Lapse", Sex = "female", Age = 91 },
            Toxicology = [], CauseOfDeath = "pneumonia", Manner = "natural", SceneFeatures = [], Position = "lying-supine",
            People = [new RecordPerson { Role = "certifying-doctor", Name = "Dr " + Guid.NewGuid().ToString("N")[..8] }],
        };
    }

    /// <summary>An investigator's edit through the API, then its comparison (linkage is asynchronous after an edit).</summary>
    private async Task EditAsync(HttpClient client, Guid id, int version, DeathRecord record)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{id}") { Content = JsonContent.Create(new UpdateCaseRequest(record), options: ApiJson.Client) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await LinkageClient.ComparedAsync(app, id);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LapsedPairTests_Sqlite(SqliteApp app) : LapsedPairTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LapsedPairTests_Postgres(PostgresApp app) : LapsedPairTests(app);
