using System.Net.Http.Json;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>An alert between a death the reader may see and one of another team's names the other death (its id, and in
/// the engine's explanation its people): it must not reach the reader through the case's audit trail or its history
/// "as known" either, as it does not through the case page (ADR 0402, 2801). An alert between two deaths the reader
/// may see stays.</summary>
public abstract class LinkageAuditAccessTests(VigilAppFactory app)
{
    [Fact]
    public async Task AuditTrail_OfADeathLinkedIntoAnotherTeam_ShowsNoAlertNamingTheOtherDeath()
    {
        var (ours, other, analyst) = await UsersAsync();
        var (theirs, newer) = await PairAsync(other, ours);
        var (ourEarlier, ourNewer) = await PairAsync(ours, ours);
        using var analystApi = app.ApiClient(analyst);
        Assert.Contains(theirs.Id.ToString(), await analystApi.GetStringAsync($"/api/v1/cases/{newer.Id}/audit"), StringComparison.Ordinal);

        using var api = app.ApiClient(ours);
        var trail = (await api.GetFromJsonAsync<List<AuditItem>>($"/api/v1/cases/{newer.Id}/audit", ApiJson.Client))!;
        Assert.DoesNotContain(trail, e => e.Details.Contains(theirs.Id.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(trail, e => e.EntityType == "LinkCandidate");
        using var web = await app.SignedInClientAsync(ours);
        foreach (var page in new[] { $"/cases/{newer.Id}/audit", $"/cases/{newer.Id}" })
            Assert.DoesNotContain(theirs.Id.ToString(), await web.GetStringAsync(page), StringComparison.Ordinal);
        // Between two of our own deaths, the alert is ours to see.
        var own = (await api.GetFromJsonAsync<List<AuditItem>>($"/api/v1/cases/{ourNewer.Id}/audit", ApiJson.Client))!;
        Assert.Contains(own, e => e.EntityType == "LinkCandidate" && e.Details.Contains(ourEarlier.Id.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task AsKnown_OfADeathLinkedIntoAnotherTeam_ShowsNoAlertNamingTheOtherDeath()
    {
        var (ours, other, analyst) = await UsersAsync();
        var (theirs, newer) = await PairAsync(other, ours);
        var (earlier, theirsLater) = await PairAsync(ours, other);
        var (ourEarlier, ourNewer) = await PairAsync(ours, ours);
        using var analystWeb = await app.SignedInClientAsync(analyst);
        Assert.Contains(theirsLater.Id.ToString(), await analystWeb.GetStringAsync($"/cases/{earlier.Id}/as-known"), StringComparison.Ordinal);

        using var web = await app.SignedInClientAsync(ours);
        // The newer death meets the alert through its own entry, the earlier one through the entry's reference to it.
        Assert.DoesNotContain(theirs.Id.ToString(), await web.GetStringAsync($"/cases/{newer.Id}/as-known"), StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.Id.ToString(), await web.GetStringAsync($"/cases/{newer.Id}/as-known/diff?from=0&to={long.MaxValue}"), StringComparison.Ordinal);
        Assert.DoesNotContain(theirsLater.Id.ToString(), await web.GetStringAsync($"/cases/{earlier.Id}/as-known"), StringComparison.Ordinal);
        Assert.Contains(ourEarlier.Id.ToString(), await web.GetStringAsync($"/cases/{ourNewer.Id}/as-known"), StringComparison.Ordinal);
    }

    private async Task<(TestUser Ours, TestUser Other, TestUser Analyst)> UsersAsync() =>
        (await app.CreateUserAsync(Roles.Investigator), await app.CreateUserAsync(Roles.Investigator), await app.CreateUserAsync(Roles.Analyst));

    /// <summary>Two deaths found by the same finder, weeks apart: the newer raises an alert naming the earlier.</summary>
    private async Task<(CaseResponse Earlier, CaseResponse Newer)> PairAsync(TestUser earlierOwner, TestUser newerOwner)
    {
        var finder = LinkageSamples.UniqueFinder();
        var earlier = await app.CreateCaseAsync(earlierOwner, LinkageSamples.Victim(finder, 0, "Owen Carraway"));
        var newer = await app.CreateCaseAsync(newerOwner, LinkageSamples.Victim(finder, 25, "Emlyn Padgett"));
        // The alert is read at once: the newer death may be compared by another test host's worker (ADR 1592).
        await LinkageClient.ComparedAsync(app, newer.Id);
        return (earlier, newer);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LinkageAuditAccessTests_Sqlite(SqliteApp app) : LinkageAuditAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LinkageAuditAccessTests_Postgres(PostgresApp app) : LinkageAuditAccessTests(app);
