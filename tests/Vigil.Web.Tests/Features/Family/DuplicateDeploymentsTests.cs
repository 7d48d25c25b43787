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
/// records why in the case's audit trail. ADR 3256: then, in the same transaction, the unique index over active
/// deployments is made, so none can be made again; the step is owed once, not run at every start.</summary>
public abstract class DuplicateDeploymentsTests(VigilAppFactory app)
{
    [Fact]
    public async Task Migrating_EndsTheLaterDuplicateDeployments_KeepsTheEarliest_AuditsWhy_ThenIndexesActiveDeployments()
    {
        await AsAStoreFromBeforeTheIndexAsync();
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

        // The index is there: a second active deployment of the officer is refused by the store itself.
        Assert.Empty(await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT \"Fix\" AS \"Value\" FROM owed_data_fixes").ToListAsync()));
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            db.FloDeployments.Add(new FloDeployment { CaseId = f.Case.Id, OfficerUserId = f.Flo.Id, OfficerName = "DC Flo thrice", ContactDetails = "x", DeployedAt = first.DeployedAt.AddMinutes(20) });
            await db.SaveChangesAsync();
        }));

        // Once is enough: nothing left to end, nothing more written.
        await DataSetup.MigrateAsync(app.Services);
        Assert.Equal(trail.Count, await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries
            .CountAsync(e => e.CaseId == f.Case.Id && e.EntityType == nameof(FloDeployment))));
    }

    /// <summary>The store as one upgraded from before ADR 3256: no index, and the migration that owes the fix not applied
    /// (the owed table, made by an earlier migration, stays). In words, not the build's names: the test also runs on the
    /// code before the index (red there: the duplicate is made).</summary>
    private Task AsAStoreFromBeforeTheIndexAsync() => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
        "DROP INDEX IF EXISTS \"IX_flo_deployments_one_active\"; DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" LIKE '%_OweOneActiveDeployment'"));
}

[Collection(SqliteCollection.Name)]
public sealed class DuplicateDeploymentsTests_Sqlite(SqliteApp app) : DuplicateDeploymentsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DuplicateDeploymentsTests_Postgres(PostgresApp app) : DuplicateDeploymentsTests(app);
