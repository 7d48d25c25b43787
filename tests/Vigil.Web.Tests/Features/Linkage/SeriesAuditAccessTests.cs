using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Cases;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Features.Oversight;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>A series' rows are on its members' audit trails: the series' summary, each member's reasons (the engine's
/// words, quoting the people of the deaths compared) and the analysts' decision reasons. With a death of the series the
/// reader may not read, the words are withheld there as on the series page (ADR 2804, 2901); a candidate series with such
/// a death, which the series page answers 404, is left out altogether. A series of the reader's own deaths is unchanged.</summary>
public abstract class SeriesAuditAccessTests(VigilAppFactory app)
{
    [Fact]
    public async Task ConfirmedSeriesWithAnotherTeamsDeath_ItsWordsAreWithheld_FromAMembersTrailAndHistory()
    {
        var (ivy, other, analyst) = await UsersAsync();
        var ours = await DeathAsync(ivy, "Owen Carraway");
        var theirs = await DeathAsync(other, "Emlyn Padgett");
        var quoted = Quote();
        var (seriesId, reference) = await SeriesAsync(SeriesStatus.Confirmed, MemberStatus.Confirmed, quoted, ours.Id, theirs.Id);
        using var analystApi = app.ApiClient(analyst);
        Assert.Contains(quoted, await analystApi.GetStringAsync($"/api/v1/cases/{ours.Id}/audit"), StringComparison.Ordinal);

        using var api = app.ApiClient(ivy);
        var trail = (await api.GetFromJsonAsync<List<AuditItem>>($"/api/v1/cases/{ours.Id}/audit", ApiJson.Client))!;
        Assert.DoesNotContain(trail, e => e.Details.Contains(quoted, StringComparison.Ordinal));
        // The entry stays (the case is in the series, as its page says); only the words are withheld.
        Assert.Contains(trail, e => e.EntityType == nameof(LinkedSeriesMember) && e.Details.Contains("[withheld]", StringComparison.Ordinal));
        using var web = await app.SignedInClientAsync(ivy);
        // The series page itself (ADR 2804) withholds the analyst's reason for deciding our member too.
        foreach (var page in new[] { $"/cases/{ours.Id}", $"/cases/{ours.Id}/audit", $"/cases/{ours.Id}/as-known", $"/cases/{ours.Id}/as-known/diff?from=0&to={long.MaxValue}", $"/series/{seriesId}" })
            Assert.DoesNotContain(quoted, await web.GetStringAsync(page), StringComparison.Ordinal);
        Assert.Contains(reference, await web.GetStringAsync($"/cases/{ours.Id}/as-known"), StringComparison.Ordinal);
        foreach (var pdf in new[] { $"/cases/{ours.Id}/as-known/pdf", $"/cases/{ours.Id}/file.pdf" })
            Assert.DoesNotContain(quoted, await PdfTools.TextAsync(await web.GetByteArrayAsync(pdf)), StringComparison.Ordinal);

        // A series of two of our own deaths: its words are ours to read.
        var ownQuote = Quote();
        var first = await DeathAsync(ivy, "Ifor Penhallow");
        var second = await DeathAsync(ivy, "Cai Trevelyan");
        await SeriesAsync(SeriesStatus.Confirmed, MemberStatus.Confirmed, ownQuote, first.Id, second.Id);
        Assert.Contains(ownQuote, await api.GetStringAsync($"/api/v1/cases/{second.Id}/audit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CandidateSeriesWithAnotherTeamsDeath_IsLeftOut_OfAMembersTrailAndHistory()
    {
        var (ivy, other, analyst) = await UsersAsync();
        var ours = await DeathAsync(ivy, "Owen Carraway");
        var theirs = await DeathAsync(other, "Emlyn Padgett");
        var quoted = Quote();
        var (seriesId, reference) = await SeriesAsync(SeriesStatus.Candidate, MemberStatus.Proposed, quoted, ours.Id, theirs.Id);
        using var analystApi = app.ApiClient(analyst);
        Assert.Contains(quoted, await analystApi.GetStringAsync($"/api/v1/cases/{ours.Id}/audit"), StringComparison.Ordinal);

        using var api = app.ApiClient(ivy);
        var trail = (await api.GetFromJsonAsync<List<AuditItem>>($"/api/v1/cases/{ours.Id}/audit", ApiJson.Client))!;
        Assert.DoesNotContain(trail, e => e.EntityType is nameof(LinkedSeries) or nameof(LinkedSeriesMember));
        using var web = await app.SignedInClientAsync(ivy);
        foreach (var page in new[] { $"/cases/{ours.Id}/audit", $"/cases/{ours.Id}/as-known", $"/cases/{ours.Id}/as-known/diff?from=0&to={long.MaxValue}" })
        {
            var html = await web.GetStringAsync(page);
            Assert.DoesNotContain(quoted, html, StringComparison.Ordinal);
            Assert.DoesNotContain(reference, html, StringComparison.Ordinal);
            Assert.DoesNotContain(seriesId.ToString(), html, StringComparison.Ordinal);
        }
    }

    /// <summary>A confirmed series merged into another moves its members' rows (LinkDecisions.ConfirmTogetherAsync); the old
    /// series' own entries stay on the trail of each death that was in it, with the engine's words. The death is no longer
    /// in that series: its entries are left out for a reader who may not read every death (ADR 3011).</summary>
    [Fact]
    public async Task ASeriesMergedAway_ItsEntriesAreLeftOut_OfAFormerMembersTrailAndHistory()
    {
        var (ivy, other, analyst) = await UsersAsync();
        var ours = await DeathAsync(ivy, "Owen Carraway");
        var theirs = await DeathAsync(other, "Emlyn Padgett");
        var quoted = Quote();
        var (oldId, _) = await SeriesAsync(SeriesStatus.Confirmed, MemberStatus.Confirmed, quoted, ours.Id, theirs.Id);
        var (keptId, _) = await SeriesAsync(SeriesStatus.Confirmed, MemberStatus.Confirmed, Quote());
        // As ConfirmTogetherAsync merges the old series into the kept one: its confirmed members' rows move.
        await app.WithDbAsync(async db =>
        {
            foreach (var m in await db.Set<LinkedSeriesMember>().Where(m => m.SeriesId == oldId).ToListAsync()) m.SeriesId = keptId;
            await db.SaveChangesAsync();
        });
        using var analystApi = app.ApiClient(analyst);
        Assert.Contains(quoted, await analystApi.GetStringAsync($"/api/v1/cases/{ours.Id}/audit"), StringComparison.Ordinal);

        using var api = app.ApiClient(ivy);
        Assert.DoesNotContain(quoted, await api.GetStringAsync($"/api/v1/cases/{ours.Id}/audit"), StringComparison.Ordinal);
        using var web = await app.SignedInClientAsync(ivy);
        foreach (var page in new[] { $"/cases/{ours.Id}", $"/cases/{ours.Id}/audit", $"/cases/{ours.Id}/as-known", $"/cases/{ours.Id}/as-known/diff?from=0&to={long.MaxValue}" })
            Assert.DoesNotContain(quoted, await web.GetStringAsync(page), StringComparison.Ordinal);
        foreach (var pdf in new[] { $"/cases/{ours.Id}/as-known/pdf", $"/cases/{ours.Id}/file.pdf" })
            Assert.DoesNotContain(quoted, await PdfTools.TextAsync(await web.GetByteArrayAsync(pdf)), StringComparison.Ordinal);
    }

    private async Task<(TestUser Ours, TestUser Other, TestUser Analyst)> UsersAsync() =>
        (await app.CreateUserAsync(Roles.Investigator), await app.CreateUserAsync(Roles.Investigator), await app.CreateUserAsync(Roles.Analyst));

    /// <summary>A death alike nothing else (a finder and place of its own), so the only series it is in is the test's.</summary>
    private Task<CaseResponse> DeathAsync(TestUser owner, string name) => app.CreateCaseAsync(owner, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 0, name));

    private static string Quote() => "Quoted " + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A series as the engine writes one, with its words and an analyst's reasons quoting <paramref name="quoted"/>.</summary>
    private Task<(Guid Id, string Reference)> SeriesAsync(string status, string memberStatus, string quoted, params Guid[] members) => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<VigilDbContext>();
        var series = new LinkedSeries
        {
            Reference = "LS-A-" + Guid.NewGuid().ToString("N")[..6], Status = status, Kind = AlertKind.Person,
            Summary = $"finder '{quoted}' in {members.Length} deaths", CreatedAt = DateTime.UtcNow, CreatedBy = "engine",
        };
        db.Add(series);
        foreach (var c in members)
            db.Add(new LinkedSeriesMember
            {
                SeriesId = series.Id, CaseId = c, Status = memberStatus, Evidence = AlertKind.Person, AddedAt = DateTime.UtcNow, AddedBy = "engine",
                Reasons = $"Strong evidence: finder '{quoted}' and finder '{quoted}'",
                DecidedAt = memberStatus == MemberStatus.Proposed ? null : DateTime.UtcNow, DecidedBy = memberStatus == MemberStatus.Proposed ? null : "analyst",
                DecisionReason = memberStatus == MemberStatus.Proposed ? null : $"the same finder as {quoted}",
            });
        await db.SaveChangesAsync();
        return (series.Id, series.Reference);
    });
}

[Collection(SqliteCollection.Name)]
public sealed class SeriesAuditAccessTests_Sqlite(SqliteApp app) : SeriesAuditAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SeriesAuditAccessTests_Postgres(PostgresApp app) : SeriesAuditAccessTests(app);
