using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Linkage.Alerts;
using Vigil.Web.Features.Linkage.Queue;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>The analysts' queue pages its items and counts them all (ADR 1618): before, the page and the API gave the 200
/// most probable items and said nothing of the rest, so an alert below them could not be reached from the queue.</summary>
public abstract partial class QueuePagingTests(VigilAppFactory app)
{
    [Fact]
    public async Task AlertsOfACase_PageByPage_GiveEveryItemOnce_InTheOrderOfOneList()
    {
        var (analyst, caseId, probabilities) = await CaseWithAlertsAsync();
        using var api = app.ApiClient(analyst);

        var whole = (await api.GetFromJsonAsync<List<QueueItem>>($"/api/v1/linkage/alerts?caseId={caseId}&size=500", ApiJson.Client))!;
        Assert.Equal([.. probabilities.OrderDescending()], whole.Select(i => i.Probability).ToList());
        Assert.Single(whole, i => i.Link.StartsWith("/series/", StringComparison.Ordinal));

        var paged = new List<QueueItem>();
        for (var page = 1; page <= 3; page++)
        {
            using var response = await api.GetAsync($"/api/v1/linkage/alerts?caseId={caseId}&size=2&page={page}");
            response.EnsureSuccessStatusCode();
            Assert.Equal("6", response.Headers.GetValues("X-Total-Count").Single());
            var links = response.Headers.TryGetValues("Link", out var l) ? string.Join(",", l) : "";
            Assert.Equal(page < 3, links.Contains("rel=\"next\"", StringComparison.Ordinal));
            Assert.Equal(page > 1, links.Contains("rel=\"prev\"", StringComparison.Ordinal));
            var items = (await response.Content.ReadFromJsonAsync<List<QueueItem>>(ApiJson.Client))!;
            Assert.Equal(2, items.Count);
            paged.AddRange(items);
        }
        Assert.Equal(whole.Select(i => i.Id), paged.Select(i => i.Id));

        using var pairs = await api.GetAsync($"/api/v1/linkage/candidates?caseId={caseId}&size=4&page=2");
        Assert.Equal("5", pairs.Headers.GetValues("X-Total-Count").Single());
        Assert.Single((await pairs.Content.ReadFromJsonAsync<List<QueueRow>>(ApiJson.Client))!);
    }

    [Fact]
    public async Task QueuePage_SaysHowManyAlertsThereAre_AndLinksToTheNextPage()
    {
        var (analyst, _, _) = await CaseWithAlertsAsync();
        using var api = app.ApiClient(analyst);
        using var counted = await api.GetAsync("/api/v1/linkage/alerts?size=1");
        var total = int.Parse(counted.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(total >= 6, $"{total} open alerts");

        using var web = await app.SignedInClientAsync(analyst);
        var page = await web.GetStringAsync("/linkage?size=2");
        Assert.Contains($"1–2 of {N(total)} open alerts, most probable first.", System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Equal(2, QueueRows().Matches(page).Count);
        Assert.Contains("rel=\"next\" href=\"/linkage?size=2&amp;page=2\"", page, StringComparison.Ordinal);
        var last = (total + 1) / 2;
        var end = await web.GetStringAsync($"/linkage?size=2&page={last}");
        Assert.Contains($"{N(2 * last - 1)}–{N(total)} of {N(total)} open alerts", System.Net.WebUtility.HtmlDecode(end), StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"next\"", end, StringComparison.Ordinal);
    }

    /// <summary>A case with five open pair alerts and one death proposed to an engine's candidate series, at distinct
    /// probabilities, the series' in the middle.</summary>
    private async Task<(TestUser Analyst, Guid CaseId, double[] Probabilities)> CaseWithAlertsAsync()
    {
        var investigator = await app.CreateUserAsync(Roles.Investigator);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var newer = await app.CreateCaseAsync(investigator, Unremarkable(0));
        var earlier = new List<Guid>();
        for (var i = 1; i <= 6; i++) earlier.Add((await app.CreateCaseAsync(investigator, Unremarkable(i))).Id);
        double[] pairs = [0.91, 0.83, 0.62, 0.44, 0.31];
        const double series = 0.7;
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            for (var i = 0; i < pairs.Length; i++)
                db.Add(new LinkCandidate { NewerCaseId = newer.Id, EarlierCaseId = earlier[i], Probability = pairs[i], Summary = "paging", Explanation = "{}", RaisedAt = DateTime.UtcNow });
            var s = new LinkedSeries
            {
                Reference = "LS-P-" + Guid.NewGuid().ToString("N")[..6], Status = SeriesStatus.Candidate, Kind = AlertKind.Person,
                Summary = "finder in 2 deaths", CreatedAt = DateTime.UtcNow, CreatedBy = AlertWriter.Engine,
            };
            db.Add(s);
            db.Add(new LinkedSeriesMember { SeriesId = s.Id, CaseId = earlier[5], Status = MemberStatus.Proposed, Evidence = AlertKind.Person, Probability = series, AddedAt = DateTime.UtcNow, AddedBy = AlertWriter.Engine, Reasons = "paging" });
            db.Add(new LinkedSeriesMember { SeriesId = s.Id, CaseId = newer.Id, Status = MemberStatus.Proposed, Evidence = AlertKind.Person, Probability = series, AddedAt = DateTime.UtcNow, AddedBy = AlertWriter.Engine, Reasons = "paging" });
            await db.SaveChangesAsync();
            return true;
        });
        return (analyst, newer.Id, [.. pairs, series]);
    }

    /// <summary>A natural death at home with no one named, at a place of its own and years from the others: nothing the
    /// engine would raise an alert on, so the case's alerts are the test's own.</summary>
    private static Vigil.Records.DeathRecord Unremarkable(int i)
    {
        var (lat, lon, area) = LinkageSamples.PlaceOf(Guid.NewGuid().ToString("N"));
        return Samples.Record(name: $"Alwyn Q{Guid.NewGuid().ToString("N")[..6]}", foundAt: new DateTimeOffset(1990 + 3 * i, 6, 1, 9, 0, 0, TimeSpan.Zero), area: area) with
        {
            Location = new Vigil.Records.RecordLocation { Lat = lat, Lon = lon, Setting = "home-own", Description = "in bed", Area = area },
            SceneFeatures = [], Toxicology = [], Position = "lying-supine", People = [], Exhibits = [], CauseOfDeath = "ischaemic heart disease",
            Narrative = "Found in bed by a neighbour's call.",
        };
    }

    /// <summary>A count as the page writes it, thousands grouped (a shared store's queue can pass 1,000).</summary>
    private static string N(int n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("<tr class=\"alert-")]
    private static partial Regex QueueRows();
}

[Collection(SqliteCollection.Name)]
public sealed class QueuePagingTests_Sqlite(SqliteApp app) : QueuePagingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class QueuePagingTests_Postgres(PostgresApp app) : QueuePagingTests(app);
