using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Web.Features.People;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Features.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.People;

/// <summary>A person page lists each merge and split of the person with the analyst's reason, which speaks of the
/// appearances it moved: withheld from a reader who may not read every one of them (ADR 2906). The analyst reads it, and
/// so does the reader of every appearance moved.</summary>
public abstract class PersonChangeAccessTests(VigilAppFactory app)
{
    [Fact]
    public async Task MergeThatMovedAnotherTeamsAppearance_ShowsNoReason_ToAnInvestigator()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var other = await app.CreateUserAsync(Roles.Investigator);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var ours = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 0, "Owen Carraway"));
        var ourSecond = await app.CreateCaseAsync(ivy, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 0, "Ifor Penhallow"));
        var theirs = await app.CreateCaseAsync(other, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 0, "Emlyn Padgett"));
        var (person, ourOther, theirPerson) = (await FinderAsync(ours.Id), await FinderAsync(ourSecond.Id), await FinderAsync(theirs.Id));
        var (hidden, shown) = (Guid.NewGuid().ToString("N")[..10], Guid.NewGuid().ToString("N")[..10]);
        using var analystApi = app.ApiClient(analyst);
        Assert.Equal(HttpStatusCode.NoContent, (await analystApi.PostAsJsonAsync($"/api/v1/people/{person}/merge", new MergeRequest(theirPerson, $"the same man, {hidden}"), ApiJson.Client)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await analystApi.PostAsJsonAsync($"/api/v1/people/{person}/merge", new MergeRequest(ourOther, $"the same man, {shown}"), ApiJson.Client)).StatusCode);
        using var analystWeb = await app.SignedInClientAsync(analyst);
        Assert.Contains(hidden, await analystWeb.GetStringAsync($"/people/{person}"), StringComparison.Ordinal);

        using var web = await app.SignedInClientAsync(ivy);
        var page = await web.GetStringAsync($"/people/{person}");
        Assert.DoesNotContain(hidden, page, StringComparison.Ordinal);
        Assert.Contains("reason withheld", page, StringComparison.Ordinal);
        // The merge that moved only our own death's appearance keeps its reason.
        Assert.Contains(shown, page, StringComparison.Ordinal);
    }

    /// <summary>Scope before state (ADR 3012): a supervisor (who may merge and split, in their own teams) learns nothing of
    /// another team's person records from the answers: an already merged record, a split of one with nothing to split and
    /// the merged record's page answer as a record that does not exist; the analyst, who may change both, still hears why.</summary>
    [Fact]
    public async Task AnotherTeamsPersonRecords_AnswerAsIfAbsent_WhateverTheirState()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        var other = await app.CreateUserAsync(Roles.Investigator);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var first = await app.CreateCaseAsync(other, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 0, "Owen Carraway"));
        var second = await app.CreateCaseAsync(other, LinkageSamples.Victim(LinkageSamples.UniqueFinder(), 0, "Ifor Penhallow"));
        var (kept, merged) = (await FinderAsync(first.Id), await FinderAsync(second.Id));
        using var analystApi = app.ApiClient(analyst);
        Assert.Equal(HttpStatusCode.NoContent, (await analystApi.PostAsJsonAsync($"/api/v1/people/{kept}/merge", new MergeRequest(merged, "the same man"), ApiJson.Client)).StatusCode);
        // The analyst may change both records: told it is already merged.
        Assert.Equal(HttpStatusCode.Conflict, (await analystApi.PostAsJsonAsync($"/api/v1/people/{merged}/merge", new MergeRequest(kept, "again"), ApiJson.Client)).StatusCode);

        using var api = app.ApiClient(supervisor);
        var nobody = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"/api/v1/people/{nobody}/merge", new MergeRequest(kept, "same"), ApiJson.Client)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"/api/v1/people/{merged}/merge", new MergeRequest(kept, "same"), ApiJson.Client)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"/api/v1/people/{kept}/merge", new MergeRequest(merged, "same"), ApiJson.Client)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"/api/v1/people/{nobody}/split", new SplitRequest([Guid.NewGuid()], "other"), ApiJson.Client)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"/api/v1/people/{kept}/split", new SplitRequest([Guid.NewGuid()], "other"), ApiJson.Client)).StatusCode);
        using var web = await app.SignedInClientAsync(supervisor);
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/people/{merged}")).StatusCode);
        using var analystWeb = await app.SignedInClientAsync(analyst);
        Assert.Equal(HttpStatusCode.Redirect, (await analystWeb.GetAsync($"/people/{merged}")).StatusCode);
    }

    private Task<Guid> FinderAsync(Guid caseId) => app.WithScopeAsync(sp =>
        sp.GetRequiredService<VigilDbContext>().CasePeople.Where(p => p.CaseId == caseId && p.Role == "finder").Select(p => p.PersonId).FirstAsync());
}

[Collection(SqliteCollection.Name)]
public sealed class PersonChangeAccessTests_Sqlite(SqliteApp app) : PersonChangeAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PersonChangeAccessTests_Postgres(PostgresApp app) : PersonChangeAccessTests(app);
