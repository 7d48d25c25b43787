using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>An analyst's decisions on a candidate series the engine proposed survive the death being compared again (an
/// edit of the death whose comparison proposed it): the engine does not propose the same deaths afresh as a second
/// candidate series (ADR 3136). Each test has a store of its own: on the suite's shared database another test's deaths
/// alike these could take them into a series of that test's (in round 39's suite the third death went into none this
/// test could see), and the series under test would never be proposed.</summary>
public abstract class RejectedSeriesSurvivesTests(Func<VigilAppFactory> create)
{
    [Fact]
    public Task ACandidateSeriesRejectedMemberByMember_IsNotProposedAgain_WhenItsDeathIsEdited() =>
        LinkageClient.OnOwnStoreAsync(create(), RejectAndEditAsync);

    private static async Task RejectAndEditAsync(VigilAppFactory app)
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        using var api = app.ApiClient(ivy);
        var finder = LinkageSamples.UniqueFinder();
        var third = (await LinkageClient.CreateComparedAsync(app, api, ivy, finder, (0, "Rescored First"), (21, "Rescored Second"), (42, "Rescored Third")))[^1];
        var proposed = await CandidateSeriesOfAsync(app, third.Id);
        var series = Assert.Single(proposed);
        var members = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().SeriesMembers()
            .Where(m => m.SeriesId == series).Select(m => m.CaseId).ToListAsync());
        Assert.True(members.Count >= 3, $"{members.Count} members proposed");
        foreach (var member in members)
            Assert.Null(await app.WithScopeAsync(sp => sp.GetRequiredService<LinkDecisions>()
                .DecideMemberAsync(series, member, confirm: false, "the finder is the park keeper: not an offender", ann.Id, ann.UserName, default)));

        // A fact linkage reads, so the death is compared again (a narrative alone is not, ADR 3205).
        await LinkageClient.EditAsync(app, api, third.Id, third.Version, Outbox.RejectedMemberComparedAgainTests.Corrected(third.Record) with { Narrative = "found by the park keeper on his rounds" });

        // The edited death may be proposed into another test's series on the shared database (the engine scores it
        // against every series): what must not happen is a series holding it again with a death rejected beside it.
        var others = members.Where(m => m != third.Id).ToList();
        foreach (var candidate in (await CandidateSeriesOfAsync(app, third.Id)).Where(s => s != series))
            Assert.False(await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().SeriesMembers()
                .AnyAsync(m => m.SeriesId == candidate && others.Contains(m.CaseId))), "the rejected deaths are proposed again as a second series");
        Assert.False(await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().SeriesMembers()
            .AnyAsync(m => others.Contains(m.CaseId) && m.Status == MemberStatus.Proposed)), "a rejected death is proposed again");
        Assert.Equal(MemberStatus.Rejected, await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().SeriesMembers()
            .Where(m => m.SeriesId == series && m.CaseId == third.Id).Select(m => m.Status).SingleAsync()));
    }

    private static Task<List<Guid>> CandidateSeriesOfAsync(VigilAppFactory app, Guid caseId) => app.WithScopeAsync(sp =>
    {
        var db = sp.GetRequiredService<VigilDbContext>();
        return db.SeriesMembers().Where(m => m.CaseId == caseId)
            .Join(db.Series().Where(s => s.Status == SeriesStatus.Candidate), m => m.SeriesId, s => s.Id, (m, s) => s.Id).Distinct().ToListAsync();
    });
}

public sealed class RejectedSeriesSurvivesTests_Sqlite() : RejectedSeriesSurvivesTests(() => new SqliteApp());

public sealed class RejectedSeriesSurvivesTests_Postgres() : RejectedSeriesSurvivesTests(() => new PostgresApp());
