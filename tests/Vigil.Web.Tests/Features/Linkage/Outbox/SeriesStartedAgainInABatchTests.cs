using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Records;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>ADR 1636 with ADR 3136: a death compared again whose signal connects it with earlier deaths goes back to the
/// candidate series its first comparison proposed, but the engine, comparing the batch, tracked it into a new series of
/// its own so that the batch's later deaths could see one. A later death of the same batch proposed to that new series
/// goes to the one the writer kept: the new one is never stored, and the index forgets it once the batch commits.</summary>
public sealed class SeriesStartedAgainInABatchTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ALaterDeathOfTheBatch_ProposedToTheSeriesAnEditedDeathStarted_GoesToTheSeriesKept(string provider)
    {
        await using var store = await SharedStore.CreateAsync(provider);
        var ivy = await store.CreateUserAsync(Roles.Investigator, "started-again-team");
        await using var services = store.Services();
        var records = OwnStoreImport.FinderVictims(4, "Started Again Victim");
        await ImportAsync(services, ivy.TeamId, records[..3]);
        // The analyst rejected the proposal member by member, so the index holds none of it (as one built from the store).
        var series = await OwnStoreImport.WithDbAsync(services, async db =>
        {
            var rows = await db.SeriesMembers().Where(m => db.Cases.Any(c => c.Id == m.CaseId && c.TeamId == ivy.TeamId)).ToListAsync();
            Assert.Equal(3, rows.Count);
            foreach (var row in rows) row.Status = MemberStatus.Rejected;
            await db.SaveChangesAsync();
            return Assert.Single(rows.Select(r => r.SeriesId).Distinct());
        });
        var third = await OwnStoreImport.LatestCaseAsync(services, ivy.TeamId);
        var engine = services.GetRequiredService<LinkageEngine>();

        // One batch: the third death corrected (compared again: back to its first proposal) and the finder's fourth.
        await ImportAsync(services, ivy.TeamId, [RejectedMemberComparedAgainTests.Corrected(records[2]), records[3]]);

        var fourth = await OwnStoreImport.LatestCaseAsync(services, ivy.TeamId);
        var memberships = await OwnStoreImport.WithDbAsync(services, db => db.SeriesMembers().Where(m => m.CaseId == fourth).Select(m => new { m.SeriesId, m.Status }).ToListAsync());
        var only = Assert.Single(memberships);
        Assert.Equal((series, MemberStatus.Proposed), (only.SeriesId, only.Status));
        Assert.Equal(1, await OwnStoreImport.WithDbAsync(services, db => db.Series().CountAsync(s => db.SeriesMembers().Any(m => m.SeriesId == s.Id && m.CaseId == third))));
        Assert.Equal([series], await engine.SeriesOfAsync(fourth, default));
        Assert.Empty(await engine.SeriesOfAsync(third, default));
    }

    private static Task ImportAsync(ServiceProvider services, Guid team, DeathRecord[] records) =>
        OwnStoreImport.ImportAsync(services, team, "started-again", records);
}
