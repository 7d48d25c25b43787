using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Family;
using Vigil.Web.Features.Family;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>ADR 3122: stores made before 51c8fb8 may hold two active deployments of one officer on one case. The step run
/// after migrations ends every later one, keeps the earliest, leaves other officers and ended deployments alone, and
/// records why in the case's audit trail.</summary>
public abstract class DuplicateDeploymentsTests(VigilAppFactory app)
{
    [Fact]
    public async Task Migrating_EndsTheLaterDuplicateDeployments_KeepsTheEarliest_AndAuditsWhy()
    {
        var f = await FamilyKit.CaseAsync(app);
        var other = await app.CreateUserAsync(Vigil.Data.Identity.Roles.FamilyLiaison, f.Flo.Team);
        var first = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().FloDeployments.SingleAsync(d => d.CaseId == f.Case.Id));
        // As the old page did it: the same officer deployed again, twice, and once more long ago but ended.
        var seconds = new[] { first.DeployedAt.AddMinutes(5), first.DeployedAt.AddMinutes(9) }
            .Select(at => new FloDeployment { CaseId = f.Case.Id, OfficerUserId = f.Flo.Id, OfficerName = "DC Flo again", ContactDetails = "07700 900009", DeployedAt = at }).ToList();
        var ended = new FloDeployment { CaseId = f.Case.Id, OfficerUserId = f.Flo.Id, OfficerName = "DC Flo before", ContactDetails = "x", DeployedAt = first.DeployedAt.AddDays(-9), EndedAt = first.DeployedAt.AddDays(-8) };
        var colleague = new FloDeployment { CaseId = f.Case.Id, OfficerUserId = other.Id, OfficerName = "DC Other", ContactDetails = "07700 900010", DeployedAt = first.DeployedAt.AddMinutes(1) };
        await app.WithDbAsync(async db =>
        {
            db.FloDeployments.AddRange([.. seconds, ended, colleague]);
            await db.SaveChangesAsync();
        });

        await DataSetup.MigrateAsync(app.Services);

        var after = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().FloDeployments.AsNoTracking().Where(d => d.CaseId == f.Case.Id).ToListAsync());
        Assert.Null(after.Single(d => d.Id == first.Id).EndedAt);
        Assert.Null(after.Single(d => d.Id == colleague.Id).EndedAt);
        Assert.All(seconds, s => Assert.NotNull(after.Single(d => d.Id == s.Id).EndedAt));
        Assert.Equal(ended.EndedAt, after.Single(d => d.Id == ended.Id).EndedAt);
        var trail = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.CaseId == f.Case.Id && e.EntityType == nameof(FloDeployment)).Select(e => new { e.EntityId, e.Action, e.Actor, e.Changes }).ToListAsync());
        foreach (var s in seconds)
        {
            Assert.Contains(trail, e => e.EntityId == s.Id.ToString() && e.Action == "deployment-ended" && e.Changes.Contains("the earliest stays", StringComparison.Ordinal));
            Assert.Contains(trail, e => e.EntityId == s.Id.ToString() && e.Actor == DuplicateDeployments.Actor && e.Changes.Contains("EndedAt", StringComparison.Ordinal));
        }

        // Once is enough: nothing left to end, nothing more written.
        Assert.Equal(0, await DuplicateDeployments.EndAsync(app.Services, default));
        Assert.Equal(trail.Count, await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries
            .CountAsync(e => e.CaseId == f.Case.Id && e.EntityType == nameof(FloDeployment))));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DuplicateDeploymentsTests_Sqlite(SqliteApp app) : DuplicateDeploymentsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DuplicateDeploymentsTests_Postgres(PostgresApp app) : DuplicateDeploymentsTests(app);
