using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>A confirmed series is shown to anyone who may read one of its deaths, the others counted, never named (ADR
/// 0402, 0706). The engine's words on it (the series' summary, each member's reasons) compare deaths and quote their
/// people: with a death outside the reader's scope they are withheld too (ADR 2804).</summary>
public abstract class SeriesPageAccessTests(VigilAppFactory app)
{
    [Fact]
    public async Task SeriesWithAnotherTeamsDeath_DoesNotQuoteTheEnginesWords_ToAnInvestigator()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var other = await app.CreateUserAsync(Roles.Investigator);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var ours = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 0, "Owen Carraway"));
        var theirs = await app.CreateCaseAsync(other, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 0, "Emlyn Padgett"));
        var quoted = "Quoted " + Guid.NewGuid().ToString("N")[..8];
        var seriesId = await ConfirmedSeriesAsync(quoted, ours.Id, theirs.Id);
        using var analystApi = app.ApiClient(analyst);
        Assert.Contains(quoted, await analystApi.GetStringAsync($"/api/v1/series/{seriesId}"), StringComparison.Ordinal);

        using var api = app.ApiClient(ivy);
        var series = await api.GetStringAsync($"/api/v1/series/{seriesId}");
        Assert.Contains(ours.Reference, series, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.Reference, series, StringComparison.Ordinal);
        Assert.DoesNotContain(quoted, series, StringComparison.Ordinal);
        using var web = await app.SignedInClientAsync(ivy);
        var page = await web.GetStringAsync($"/series/{seriesId}");
        Assert.Contains(ours.Reference, page, StringComparison.Ordinal);
        Assert.DoesNotContain(quoted, page, StringComparison.Ordinal);
    }

    /// <summary>ADR 3114 (sec29's leftovers): a member rejected later may still be quoted by the series' words, so with
    /// another team's rejected death the summary, the reasons and a pair decision's reason between the reader's own two
    /// deaths are withheld, as on the audit trail (ADR 2901). Before, the page's rule left rejected members out.</summary>
    [Fact]
    public async Task SeriesWithAnotherTeamsRejectedDeath_WithholdsTheWords_AndAPairDecisionsReason()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var other = await app.CreateUserAsync(Roles.Investigator);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var one = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 0, "Owen Carraway"));
        var two = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 1, "Alder Finch"));
        var theirs = await app.CreateCaseAsync(other, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 2, "Emlyn Padgett"));
        var quoted = "Quoted " + Guid.NewGuid().ToString("N")[..8];
        var pairReason = "Pair " + Guid.NewGuid().ToString("N")[..8];
        var seriesId = await ConfirmedSeriesAsync(quoted, one.Id, two.Id, theirs.Id);
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var member = db.Set<LinkedSeriesMember>().Single(m => m.SeriesId == seriesId && m.CaseId == theirs.Id);
            member.Status = MemberStatus.Rejected;
            var candidate = new LinkCandidate { NewerCaseId = two.Id, EarlierCaseId = one.Id, Probability = 0.9, Summary = "pair", Explanation = "{}", RaisedAt = DateTime.UtcNow, Status = LinkStatus.Confirmed };
            db.Add(candidate);
            db.Add(new LinkDecision { CandidateId = candidate.Id, Confirmed = true, Reason = $"{pairReason}: as in {theirs.Reference}", DecidedBy = analyst.Id, DecidedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return true;
        });
        using var analystWeb = await app.SignedInClientAsync(analyst);
        var full = await analystWeb.GetStringAsync($"/series/{seriesId}");
        Assert.Contains(quoted, full, StringComparison.Ordinal);
        Assert.Contains(pairReason, full, StringComparison.Ordinal);

        using var web = await app.SignedInClientAsync(ivy);
        var page = await web.GetStringAsync($"/series/{seriesId}");
        Assert.Contains(one.Reference, page, StringComparison.Ordinal);
        Assert.DoesNotContain(quoted, page, StringComparison.Ordinal);
        Assert.DoesNotContain(pairReason, page, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.Reference, page, StringComparison.Ordinal);
        using var api = app.ApiClient(ivy);
        Assert.DoesNotContain(quoted, await api.GetStringAsync($"/api/v1/series/{seriesId}"), StringComparison.Ordinal);
    }

    /// <summary>A series the engine proposed and an analyst confirmed: its summary and reasons as the engine writes them.</summary>
    private Task<Guid> ConfirmedSeriesAsync(string quoted, params Guid[] members) => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<VigilDbContext>();
        var series = new LinkedSeries
        {
            Reference = "LS-Q-" + Guid.NewGuid().ToString("N")[..6], Status = SeriesStatus.Confirmed, Kind = AlertKind.Person,
            Summary = $"finder '{quoted}' in 2 deaths", CreatedAt = DateTime.UtcNow, CreatedBy = "engine",
        };
        db.Add(series);
        foreach (var c in members)
            db.Add(new LinkedSeriesMember
            {
                SeriesId = series.Id, CaseId = c, Status = MemberStatus.Confirmed, Evidence = AlertKind.Person, AddedAt = DateTime.UtcNow, AddedBy = "engine",
                Reasons = $"Strong evidence: finder '{quoted}' and finder '{quoted}'", DecidedAt = DateTime.UtcNow, DecidedBy = "analyst",
            });
        await db.SaveChangesAsync();
        return series.Id;
    });
}

[Collection(SqliteCollection.Name)]
public sealed class SeriesPageAccessTests_Sqlite(SqliteApp app) : SeriesPageAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SeriesPageAccessTests_Postgres(PostgresApp app) : SeriesPageAccessTests(app);
