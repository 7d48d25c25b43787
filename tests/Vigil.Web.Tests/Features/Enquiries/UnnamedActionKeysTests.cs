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

    /// <summary>Every CLI verb brings the store up to date first (`vigil users create` while `vigil serve` starts, after
    /// an upgrade). Two such processes must renumber once between them: each key's change audited once, and both start.</summary>
    [Fact]
    public async Task TwoProcessesStartingTogether_RenumberOnce_AndBothStart()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ids = new List<Guid>();
        for (var i = 0; i < 12; i++) // enough keys that one process is still renumbering when the others start
            ids.Add((await app.CreateCaseAsync(ivy, Samples.Record() with
            {
                People = [new RecordPerson { Role = "last-seen-with" }, new RecordPerson { Role = "present-at-death" }],
            })).Id);
        await app.WithDbAsync(async db =>
        {
            await db.CaseActions.Where(a => ids.Contains(a.CaseId) && a.TriggerKey == $"{Rule}|person:unnamed:present-at-death:1")
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.TriggerKey, $"{Rule}|person:unnamed:present-at-death:2"));
            await db.Database.ExecuteSqlRawAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{Vigil.Data.Enquiries.UnnamedActionKeysMarker.Id}'");
            // Each key's change made slow (a large store's renumbering takes a while), so that the others start mid-fix.
            return await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite()
                ? "CREATE TRIGGER renumber_slow BEFORE UPDATE OF \"TriggerKey\" ON case_actions BEGIN "
                  + "SELECT count(*) FROM (WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 400000) SELECT x FROM r); END;"
                : "CREATE FUNCTION renumber_slow() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN PERFORM pg_sleep(0.03); RETURN NEW; END$$; "
                  + "CREATE TRIGGER renumber_slow BEFORE UPDATE OF \"TriggerKey\" ON case_actions FOR EACH ROW EXECUTE FUNCTION renumber_slow();");
        });

        // The second and third start while the first is renumbering (its first key's change is in the audit trail).
        var starts = new List<Task<IReadOnlyList<string>>> { Task.Run(() => Vigil.Web.Hosting.DataSetup.MigrateAsync(app.Services)) };
        while (!starts[0].IsCompleted && await RenumberedAsync(ids) == 0) await Task.Delay(5);
        starts.AddRange(Enumerable.Range(0, 2).Select(_ => Task.Run(() => Vigil.Web.Hosting.DataSetup.MigrateAsync(app.Services))));
        var failed = new List<string>();
        foreach (var start in starts)
            try { await start; }
            catch (Exception ex) { failed.Add(ex.GetType().Name + ": " + ex.Message); }
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite()
            ? "DROP TRIGGER renumber_slow;" : "DROP TRIGGER renumber_slow ON case_actions; DROP FUNCTION renumber_slow();"));

        Assert.Empty(failed);
        // One of them applied the marker and ran the fix; the others found it done (they had each applied it again,
        // deleted and put back its row, and run the fix over keys the first was still changing).
        Assert.Equal(1, starts.Count(s => s.Result.Contains(Vigil.Data.Enquiries.UnnamedActionKeysMarker.Id)));
        foreach (var id in ids) Assert.Equal([$"{Rule}|person:unnamed:last-seen-with:1", $"{Rule}|person:unnamed:present-at-death:1"], await KeysAsync(id));
        Assert.Equal(ids.Count, await RenumberedAsync(ids));
        Assert.Empty(await app.WithDbAsync(db => db.Database.GetPendingMigrationsAsync()));
    }

    private Task<int> RenumberedAsync(List<Guid> ids) =>
        app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.CaseId != null && ids.Contains(e.CaseId.Value) && e.Action == "action-key-renumbered"));

    private Task<string[]> KeysAsync(Guid caseId) => app.WithDbAsync(async db =>
        (await db.CaseActions.AsNoTracking().Where(a => a.CaseId == caseId && a.Source == Rule).Select(a => a.TriggerKey!).ToListAsync())
            .Order(StringComparer.Ordinal).ToArray());
}

[Collection(SqliteCollection.Name)]
public sealed class UnnamedActionKeysTests_Sqlite(SqliteApp app) : UnnamedActionKeysTests(app);

[Collection(PostgresCollection.Name)]
public sealed class UnnamedActionKeysTests_Postgres(PostgresApp app) : UnnamedActionKeysTests(app);
