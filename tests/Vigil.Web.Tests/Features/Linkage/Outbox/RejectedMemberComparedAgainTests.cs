using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Records;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>ADR 1636: the engine tracks a batch's proposals before they are stored, so that the batch's later deaths see
/// them. A death an analyst rejected from a series, compared again, is proposed to it again by its alert; the rejection
/// stands in the store, and must stand in the index too, which left it out before (it is built without rejected rows).</summary>
public sealed class RejectedMemberComparedAgainTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ADeathRejectedFromASeries_ComparedAgain_StaysOutOfItInTheIndex(string provider)
    {
        await using var store = await SharedStore.CreateAsync(provider);
        var ivy = await store.CreateUserAsync(Roles.Investigator, "rejected-team");
        await using var services = store.Services();
        var records = OwnStoreImport.FinderVictims(3, "Rejected Victim");
        await ImportAsync(services, ivy.TeamId, records);
        var third = await OwnStoreImport.LatestCaseAsync(services, ivy.TeamId);
        var series = await OwnStoreImport.WithDbAsync(services, async db =>
        {
            var row = await db.SeriesMembers().SingleAsync(m => m.CaseId == third);
            row.Status = MemberStatus.Rejected;
            await db.SaveChangesAsync();
            return row.SeriesId;
        });
        var engine = services.GetRequiredService<LinkageEngine>();
        Assert.Empty(await engine.SeriesOfAsync(third, default));

        // Corrected, the third death is compared again; its alert reaches the series through the first two.
        await ImportAsync(services, ivy.TeamId, [Corrected(records[2])]);
        Assert.Equal(MemberStatus.Rejected, await OwnStoreImport.WithDbAsync(services, db => db.SeriesMembers().Where(m => m.CaseId == third && m.SeriesId == series).Select(m => m.Status).SingleAsync()));
        Assert.Empty(await engine.SeriesOfAsync(third, default));
    }

    /// <summary>The place corrected by centimetres: a fact linkage reads, so the death is compared again (a narrative
    /// alone is not, ADR 3205), and alike as before.</summary>
    internal static DeathRecord Corrected(DeathRecord r) =>
        r with { Narrative = "Corrected after the scene visit.", Location = r.Location with { Lat = r.Location.Lat + 0.0000001 } };

    private static Task ImportAsync(ServiceProvider services, Guid team, DeathRecord[] records) =>
        OwnStoreImport.ImportAsync(services, team, "rejected-again", records);
}
