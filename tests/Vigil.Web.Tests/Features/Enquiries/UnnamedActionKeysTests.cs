using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Enquiries.Rules;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>ADR 1631: a store whose unnamed people's action keys were counted across a rule's roles has them renumbered
/// per role once, audited; after it the rules raise nothing again for the same people.</summary>
public abstract class UnnamedActionKeysTests(VigilAppFactory app)
{
    private const string Rule = "tie-last-seen";

    [Fact]
    public async Task KeysCountedAcrossRoles_AreRenumberedPerRole_Audited_AndTheRulesRaiseNothingAgain()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, Samples.Record() with
        {
            People = [new RecordPerson { Role = "last-seen-with" }, new RecordPerson { Role = "present-at-death" }],
        });
        Assert.Equal([$"{Rule}|person:unnamed:last-seen-with:1", $"{Rule}|person:unnamed:present-at-death:1"], await KeysAsync(c.Id));

        // As the engine before round 41 keyed them when it read the last-seen person first: one count for both roles.
        var old = $"{Rule}|person:unnamed:present-at-death:2";
        await app.WithDbAsync(db => db.CaseActions.Where(a => a.CaseId == c.Id && a.TriggerKey == $"{Rule}|person:unnamed:present-at-death:1")
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.TriggerKey, old)));

        Assert.True(await UnnamedActionKeys.RenumberAsync(app.Services, default) >= 1);
        Assert.Equal([$"{Rule}|person:unnamed:last-seen-with:1", $"{Rule}|person:unnamed:present-at-death:1"], await KeysAsync(c.Id));
        var recorded = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.CaseId == c.Id && e.Action == "action-key-renumbered").Select(e => new { e.Actor, e.Changes }).ToListAsync());
        var entry = Assert.Single(recorded);
        Assert.Equal("system:data-fix", entry.Actor);
        Assert.Contains(old, entry.Changes, StringComparison.Ordinal);

        await UnnamedActionKeys.RenumberAsync(app.Services, default);
        Assert.Single(await app.WithDbAsync(db => db.AuditEntries.Where(e => e.CaseId == c.Id && e.Action == "action-key-renumbered").ToListAsync()));
        var actions = await app.WithDbAsync(db => db.CaseActions.CountAsync(a => a.CaseId == c.Id));
        await app.Services.GetRequiredService<RulesApply>().RunAsync(new RulesApplyScope(ivy.TeamId), dryRun: false, null, default);
        Assert.Equal(actions, await app.WithDbAsync(db => db.CaseActions.CountAsync(a => a.CaseId == c.Id)));
    }

    /// <summary>The fix must survive a crash: before, the marker migration was recorded first and the renumbering run
    /// after it, so a node that died (or failed) in between left the store with the marker applied and its keys never
    /// renumbered; the next start saw nothing pending and the first save of such a case raised its actions again.</summary>
    [Fact]
    public async Task ARenumberingThatFails_IsRunAgainAtTheNextStart_BeforeTheMarkerIsRecorded()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, Samples.Record() with
        {
            People = [new RecordPerson { Role = "last-seen-with" }, new RecordPerson { Role = "present-at-death" }],
        });
        var old = $"{Rule}|person:unnamed:present-at-death:2";
        var sqlite = await app.WithDbAsync(db => Task.FromResult(db.Database.IsSqlite()));
        await app.WithDbAsync(async db =>
        {
            await db.CaseActions.Where(a => a.CaseId == c.Id && a.TriggerKey == $"{Rule}|person:unnamed:present-at-death:1")
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.TriggerKey, old));
            // A store upgraded from before round 41: the marker is pending. The renumbering's writes fail this time.
            await db.Database.ExecuteSqlRawAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{Vigil.Data.Enquiries.UnnamedActionKeysMarker.Id}'");
            await db.Database.ExecuteSqlRawAsync(sqlite
                ? "CREATE TRIGGER renumber_fails BEFORE UPDATE OF \"TriggerKey\" ON case_actions BEGIN SELECT RAISE(ABORT, 'the node died'); END;"
                : "CREATE FUNCTION renumber_fails() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'the node died'; END$$; "
                  + "CREATE TRIGGER renumber_fails BEFORE UPDATE OF \"TriggerKey\" ON case_actions FOR EACH ROW EXECUTE FUNCTION renumber_fails();");
        });
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Vigil.Web.Hosting.DataSetup.MigrateAsync(app.Services));
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sqlite
                ? "DROP TRIGGER renumber_fails;"
                : "DROP TRIGGER renumber_fails ON case_actions; DROP FUNCTION renumber_fails();"));
        }

        await Vigil.Web.Hosting.DataSetup.MigrateAsync(app.Services);
        Assert.Equal([$"{Rule}|person:unnamed:last-seen-with:1", $"{Rule}|person:unnamed:present-at-death:1"], await KeysAsync(c.Id));
        Assert.Empty(await app.WithDbAsync(db => db.Database.GetPendingMigrationsAsync()));
    }

    private Task<string[]> KeysAsync(Guid caseId) => app.WithDbAsync(async db =>
        (await db.CaseActions.AsNoTracking().Where(a => a.CaseId == caseId && a.Source == Rule).Select(a => a.TriggerKey!).ToListAsync())
            .Order(StringComparer.Ordinal).ToArray());
}

[Collection(SqliteCollection.Name)]
public sealed class UnnamedActionKeysTests_Sqlite(SqliteApp app) : UnnamedActionKeysTests(app);

[Collection(PostgresCollection.Name)]
public sealed class UnnamedActionKeysTests_Postgres(PostgresApp app) : UnnamedActionKeysTests(app);
