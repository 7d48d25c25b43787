using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Web.Features.Demo;
using Vigil.Web.Tests.Features.Oversight;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Demo;

/// <summary>Issue 9: the demo imports its deaths, and an import names no officer in charge (ADR 1401); the demo names
/// one for every case from its own officers of the case's team (ADR 1632), audited like any naming.</summary>
public abstract class DemoOfficerInChargeTests
{
    protected abstract VigilAppFactory NewApp();

    [Fact]
    public void EachTeam_IsLedByItsOwnInvestigator()
    {
        Assert.Equal("investigator", DemoCommand.OfficerInChargeFor("East Area MIT"));
        Assert.Equal("investigator-central", DemoCommand.OfficerInChargeFor("Central Area MIT"));
    }

    [Fact]
    public async Task EveryDemoCase_HasAnOfficerInChargeOfItsTeam_AndTheAuditRebuildsIt()
    {
        await using var app = NewApp();
        await DemoStoreSeed.SeedAsync(app, 60);

        var cases = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            return await db.Cases.AsNoTracking().Select(c => new { c.Id, Team = c.Team!.Name, Lead = c.OfficerInCharge!.UserName, LeadId = c.OfficerInChargeId }).ToListAsync();
        });
        Assert.True(cases.Count >= 60);
        Assert.All(cases, c => Assert.NotNull(c.LeadId));
        Assert.All(cases, c => Assert.Equal(DemoCommand.OfficerInChargeFor(c.Team), c.Lead));
        Assert.Contains(cases, c => c.Lead == "investigator");
        Assert.Contains(cases, c => c.Lead == "investigator-central");
        var lead = DemoCommand.Users.Single(u => u.User == "investigator");
        Assert.Contains("East Area MIT", lead.Teams);
        Assert.Equal(Roles.Investigator, lead.Role);

        // The naming went through the audited command: a case rebuilt from the audit trail has the same officer in charge.
        foreach (var c in cases.Take(5)) Assert.Empty(await OversightKit.CompareNowAsync(app, c.Id));
    }
}

public sealed class DemoOfficerInChargeTests_Sqlite : DemoOfficerInChargeTests
{
    protected override VigilAppFactory NewApp() => new SqliteApp { Settings = DemoStoreSeed.HostSettings };
}

public sealed class DemoOfficerInChargeTests_Postgres : DemoOfficerInChargeTests
{
    protected override VigilAppFactory NewApp() => new PostgresApp { Settings = DemoStoreSeed.HostSettings };
}
