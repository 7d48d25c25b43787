using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Compare;
using Vigil.Web.Features.Linkage.Queue;
using Vigil.Web.Features.Shared;
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

        await LinkageClient.EditAsync(app, ivyApi, second.Id, 1, Unalike());
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

        await LinkageClient.EditAsync(app, ivyApi, second.Id, 2, second.Record);
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
        await LinkageClient.EditAsync(app, ivyApi, second.Id, 1, Unalike());
        var kept = Assert.Single(await LinkageClient.QueueAsync(annApi, second.Id, "rejected"), r => r.Id == row.Id);
        Assert.Equal((row.Probability, row.Summary), (kept.Probability, kept.Summary));
        Assert.Empty(await LinkageClient.QueueAsync(annApi, second.Id, "lapsed"));
    }

    [Fact]
    public async Task LapsedPair_IsStillUndecided_AndAnAnalystMayDecideIt()
    {
        var (ivy, ann, _, second, row) = await AlertedPairAsync();
        using var ivyApi = app.ApiClient(ivy);
        await LinkageClient.EditAsync(app, ivyApi, second.Id, 1, Unalike());
        using var annApi = app.ApiClient(ann);
        Assert.Single(await LinkageClient.QueueAsync(annApi, second.Id, "lapsed"), r => r.Id == row.Id);
        var decided = await annApi.PostAsJsonAsync($"/api/v1/linkage/candidates/{row.Id}/decision", new DecisionRequest(true, "same finder, whatever the score"), ApiJson.Client);
        Assert.Equal(HttpStatusCode.NoContent, decided.StatusCode);
        Assert.Single(await LinkageClient.QueueAsync(annApi, second.Id, "confirmed"), r => r.Id == row.Id);
    }

    /// <summary>ADR 3146: the queue keeps the date a pair was first raised and says when it last changed status, in the
    /// API (both lists) and on the page; before, a lapsed or reopened pair read as raised when it first was, and nothing
    /// said when it left or came back to the open queue.</summary>
    [Fact]
    public async Task LapsedThenReopenedPair_KeepsItsFirstRaisedDate_AndSaysWhenItsStatusChanged()
    {
        var (ivy, ann, _, second, row) = await AlertedPairAsync();
        using var ivyApi = app.ApiClient(ivy);
        using var annApi = app.ApiClient(ann);
        var raised = await TimesAsync(annApi, second.Id, LinkStatus.Open, row.Id);
        Assert.Null(raised.Changed);

        await LinkageClient.EditAsync(app, ivyApi, second.Id, 1, Unalike());
        var lapsed = await TimesAsync(annApi, second.Id, LinkStatus.Lapsed, row.Id);
        Assert.Equal(raised.Raised, lapsed.Raised);
        Assert.True(lapsed.Changed > lapsed.Raised, $"lapsed at {lapsed.Changed}, raised {lapsed.Raised}");
        await PageShowsAsync(ann, "/linkage?status=lapsed", row.Id, lapsed.Raised, "lapsed", lapsed.Changed!.Value);

        await LinkageClient.EditAsync(app, ivyApi, second.Id, 2, second.Record);
        var reopened = await TimesAsync(annApi, second.Id, LinkStatus.Open, row.Id);
        Assert.Equal(raised.Raised, reopened.Raised);
        Assert.True(reopened.Changed > lapsed.Changed, $"open again at {reopened.Changed}, lapsed {lapsed.Changed}");
        await PageShowsAsync(ann, "/linkage", row.Id, reopened.Raised, "open again", reopened.Changed!.Value);

        var decided = await annApi.PostAsJsonAsync($"/api/v1/linkage/candidates/{row.Id}/decision", new DecisionRequest(false, "different circumstances"), ApiJson.Client);
        Assert.Equal(HttpStatusCode.NoContent, decided.StatusCode);
        var rejected = await TimesAsync(annApi, second.Id, LinkStatus.Rejected, row.Id);
        Assert.Equal(raised.Raised, rejected.Raised);
        Assert.True(rejected.Changed >= reopened.Changed, $"rejected at {rejected.Changed}, open again {reopened.Changed}");
    }

    /// <summary>ADR 3150: the comparison page says when the pair was raised and when its status changed, as the queue
    /// does. A pair decided before changes were noted takes its decision's time; one that lapsed then says it lapsed
    /// before they were. On main the page gave neither date.</summary>
    [Fact]
    public async Task ComparisonPage_SaysWhenThePairsStatusChanged_AndAPairDecidedBeforeThatWasNoted_TakesItsDecisionsTime()
    {
        var (ivy, ann, _, second, row) = await AlertedPairAsync();
        using var ivyApi = app.ApiClient(ivy);
        using var annApi = app.ApiClient(ann);
        var time = app.Services.GetRequiredService<ForceTime>();
        await LinkageClient.EditAsync(app, ivyApi, second.Id, 1, Unalike());
        var lapsed = await TimesAsync(annApi, second.Id, LinkStatus.Lapsed, row.Id);
        await ComparisonShowsAsync(ann, row.Id, $"Raised {time.Show(lapsed.Raised)} · lapsed {time.Show(lapsed.Changed!.Value)}");

        // As a pair that lapsed before the column existed.
        await ForgetStatusChangeAsync(row.Id);
        await ComparisonShowsAsync(ann, row.Id, $"lapsed before {time.Show(CompareModel.StatusChangesNotedSince)}");

        var decided = await annApi.PostAsJsonAsync($"/api/v1/linkage/candidates/{row.Id}/decision", new DecisionRequest(false, "different circumstances"), ApiJson.Client);
        Assert.Equal(HttpStatusCode.NoContent, decided.StatusCode);
        var rejected = (await TimesAsync(annApi, second.Id, LinkStatus.Rejected, row.Id)).Changed!.Value;
        await ComparisonShowsAsync(ann, row.Id, $"rejected {time.Show(rejected)}");
        await ForgetStatusChangeAsync(row.Id);
        var decidedAt = await app.WithDbAsync(db => db.Decisions().Where(d => d.CandidateId == row.Id).Select(d => d.DecidedAt).SingleAsync());
        await ComparisonShowsAsync(ann, row.Id, $"rejected {time.Show(decidedAt)}");
    }

    private async Task ComparisonShowsAsync(TestUser analyst, Guid id, string text)
    {
        using var page = await LinkageWorkflowTests.SignedInAsync(app, analyst);
        Assert.Contains(text, System.Net.WebUtility.HtmlDecode(await page.GetStringAsync($"/linkage/candidates/{id}")), StringComparison.Ordinal);
    }

    private Task ForgetStatusChangeAsync(Guid id) => app.WithDbAsync(async db =>
    {
        var pair = await db.Candidates().SingleAsync(c => c.Id == id);
        pair.StatusChangedAt = null;
        await db.SaveChangesAsync();
    });

    [Fact]
    public async Task OpenApiDocument_SaysWhenAQueuedItemChangedStatus()
    {
        using var doc = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"));
        var schemas = doc.RootElement.GetProperty("components").GetProperty("schemas");
        foreach (var schema in new[] { nameof(QueueRow), nameof(QueueItem) })
        {
            var properties = schemas.GetProperty(schema).GetProperty("properties");
            Assert.True(properties.TryGetProperty("raised_at", out _), $"{schema} has no raised_at");
            Assert.True(properties.TryGetProperty("status_changed_at", out _), $"{schema} has no status_changed_at");
        }
    }

    /// <summary>The pair's raised and status-changed times as the API's JSON gives them, in the pairs list and in the one
    /// list of every kind of alert, which must agree.</summary>
    private static async Task<(DateTime Raised, DateTime? Changed)> TimesAsync(HttpClient api, Guid caseId, string status, Guid id)
    {
        (DateTime, DateTime?) Read(JsonElement e) => (e.GetProperty("raised_at").GetDateTime(),
            e.TryGetProperty("status_changed_at", out var c) && c.ValueKind != JsonValueKind.Null ? c.GetDateTime() : null);
        var pairs = await api.GetFromJsonAsync<List<JsonElement>>($"/api/v1/linkage/candidates?status={status}&caseId={caseId}");
        var items = await api.GetFromJsonAsync<List<JsonElement>>($"/api/v1/linkage/alerts?status={status}&caseId={caseId}");
        var pair = Read(Assert.Single(pairs!, e => e.GetProperty("id").GetGuid() == id));
        Assert.Equal(pair, Read(Assert.Single(items!, e => e.GetProperty("id").GetGuid() == id)));
        Assert.True(items!.All(e => e.TryGetProperty("status_changed_at", out _)), "the alerts list says when each item changed status");
        return pair;
    }

    /// <summary>The pair's own row on the page says when it was raised and when its status changed. The store is shared
    /// with other tests' pairs, ranked above or below it: the pages are read until the row is found.</summary>
    private async Task PageShowsAsync(TestUser analyst, string path, Guid id, DateTime raised, string change, DateTime changed)
    {
        var time = app.Services.GetRequiredService<ForceTime>();
        using var page = await LinkageWorkflowTests.SignedInAsync(app, analyst);
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        for (var n = 1; n <= 40; n++)
        {
            var html = await page.GetStringAsync($"{path}{separator}size={Vigil.Web.Features.Shared.Paged<Vigil.Web.Features.Linkage.Queue.QueueItem>.MaxSize}&page={n}");
            var at = html.IndexOf(id.ToString(), StringComparison.Ordinal);
            if (at < 0)
            {
                if (!html.Contains("<tr", StringComparison.Ordinal)) break;
                continue;
            }
            var row = html[html.LastIndexOf("<tr", at, StringComparison.Ordinal)..html.IndexOf("</tr>", at, StringComparison.Ordinal)];
            Assert.Contains(time.Show(raised), row, StringComparison.Ordinal);
            Assert.Contains($"{change} {time.Show(changed)}", row, StringComparison.Ordinal);
            return;
        }
        Assert.Fail($"pair {id} is on no page of {path}");
    }

    private async Task<(TestUser Ivy, TestUser Ann, CaseResponse First, CaseResponse Second, QueueRow Row)> AlertedPairAsync()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        var finder = LinkageSamples.UniqueFinder();
        using var ivyApi = app.ApiClient(ivy);
        // Found on the finder's own dates, years from most other tests' (LinkageSamples.StartOf; rounds 41-43).
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
}

[Collection(SqliteCollection.Name)]
public sealed class LapsedPairTests_Sqlite(SqliteApp app) : LapsedPairTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LapsedPairTests_Postgres(PostgresApp app) : LapsedPairTests(app);
