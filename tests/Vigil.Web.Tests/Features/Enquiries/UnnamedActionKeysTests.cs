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

    /// <summary>Where a start is killed (kill -9) on its way through the fix: each boundary between its committed steps.</summary>
    public enum Crash
    {
        /// <summary>In the migrations' transaction: nothing of them commits.</summary>
        BeforeTheMigrationsCommit,
        /// <summary>The migrations committed, no key renamed: before round 44 the marker was applied and the fix not owed.</summary>
        BeforeTheFirstRename,
        AfterOneRename,
        AfterTwoRenames,
        /// <summary>Every key renamed, the fix not yet struck off.</summary>
        BeforeTheFixIsStruckOff,
    }

    /// <summary>ADR 3170: the fix is recorded owed in the transaction that applies its migration and struck off only once
    /// done, so a start killed at any step leaves it owed and the next start (two at once here) finishes it: each key
    /// renamed and audited once, and no action raised again. Before, the marker migration committed first and the fix ran
    /// after it; a start killed between them left the keys unrenumbered for good. The kill is a trigger that fails the
    /// statement at that boundary: the process's transaction rolls back, as at a kill, and no later step runs.</summary>
    [Theory]
    [InlineData(Crash.BeforeTheMigrationsCommit)]
    [InlineData(Crash.BeforeTheFirstRename)]
    [InlineData(Crash.AfterOneRename)]
    [InlineData(Crash.AfterTwoRenames)]
    [InlineData(Crash.BeforeTheFixIsStruckOff)]
    public async Task AStartKilledAtAnyStepOfTheFix_LeavesItOwed_AndTheNextStartsFinishItOnce(Crash at)
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add((await app.CreateCaseAsync(ivy, TwoUnnamedPeople())).Id);
        var old = $"{Rule}|person:unnamed:present-at-death:2";
        // Keys of that text that are right as they are (a case with two unnamed people present) stay so.
        var oldKeys = 3 + await app.WithDbAsync(db => db.CaseActions.CountAsync(a => a.TriggerKey == old));
        await app.WithDbAsync(async db =>
        {
            await db.CaseActions.Where(a => ids.Contains(a.CaseId) && a.TriggerKey == $"{Rule}|person:unnamed:present-at-death:1")
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.TriggerKey, old));
            return await UpgradedFromBeforeTheFixAsync(db);
        });
        var renamedAtLeast = $"(SELECT count(*) FROM case_actions WHERE \"TriggerKey\" = '{old}') <= ";
        (string Table, string Statement, string? When) kill = at switch
        {
            Crash.BeforeTheMigrationsCommit => ("__EFMigrationsHistory", "INSERT", null),
            Crash.BeforeTheFirstRename => ("case_actions", "UPDATE OF \"TriggerKey\"", null),
            Crash.AfterOneRename => ("case_actions", "UPDATE OF \"TriggerKey\"", renamedAtLeast + (oldKeys - 1)),
            Crash.AfterTwoRenames => ("case_actions", "UPDATE OF \"TriggerKey\"", renamedAtLeast + (oldKeys - 2)),
            _ => (Vigil.Data.OwedDataFixes.Table, "DELETE", null),
        };
        await KillAtAsync(kill.Table, kill.Statement, kill.When, () => Assert.ThrowsAnyAsync<Exception>(() => Vigil.Web.Hosting.DataSetup.MigrateAsync(app.Services)));
        if (at != Crash.BeforeTheMigrationsCommit) Assert.Equal([Vigil.Data.OwedDataFixes.UnnamedActionKeys], await OwedAsync());

        await Task.WhenAll(Task.Run(() => Vigil.Web.Hosting.DataSetup.MigrateAsync(app.Services)), Task.Run(() => Vigil.Web.Hosting.DataSetup.MigrateAsync(app.Services)));
        foreach (var id in ids) Assert.Equal([$"{Rule}|person:unnamed:last-seen-with:1", $"{Rule}|person:unnamed:present-at-death:1"], await KeysAsync(id));
        Assert.Equal(ids.Count, await RenumberedAsync(ids));
        Assert.Empty(await OwedAsync());
        Assert.Empty(await app.WithDbAsync(db => db.Database.GetPendingMigrationsAsync()));
        var actions = await app.WithDbAsync(db => db.CaseActions.CountAsync(a => ids.Contains(a.CaseId)));
        await app.Services.GetRequiredService<RulesApply>().RunAsync(new RulesApplyScope(ivy.TeamId), dryRun: false, null, default);
        Assert.Equal(actions, await app.WithDbAsync(db => db.CaseActions.CountAsync(a => ids.Contains(a.CaseId))));
    }

    /// <summary>Runs <paramref name="start"/> with a trigger that fails the first <paramref name="statement"/> on
    /// <paramref name="table"/> (when <paramref name="when"/> holds), as if the process died there.</summary>
    private async Task KillAtAsync(string table, string statement, string? when, Func<Task> start)
    {
        var sqlite = await app.WithDbAsync(db => Task.FromResult(db.Database.IsSqlite()));
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sqlite
            ? $"CREATE TRIGGER killed_here BEFORE {statement} ON \"{table}\" {(when is null ? "" : $"WHEN {when}")} BEGIN SELECT RAISE(ABORT, 'killed'); END;"
            : $"CREATE FUNCTION killed_here() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN IF {when ?? "true"} THEN RAISE EXCEPTION 'killed'; END IF; RETURN COALESCE(NEW, OLD); END$$; "
              + $"CREATE TRIGGER killed_here BEFORE {statement} ON \"{table}\" FOR EACH ROW EXECUTE FUNCTION killed_here();"));
        try
        {
            await start();
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sqlite
                ? "DROP TRIGGER killed_here;" : $"DROP TRIGGER killed_here ON \"{table}\"; DROP FUNCTION killed_here();"));
        }
    }

    /// <summary>Every CLI verb brings the store up to date first (`vigil users create` while `vigil serve` starts, after
    /// an upgrade). Two such processes must renumber once between them: each key's change audited once, and both start.</summary>
    [Fact]
    public async Task TwoProcessesStartingTogether_RenumberOnce_AndBothStart()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ids = new List<Guid>();
        for (var i = 0; i < 12; i++) // enough keys that one process is still renumbering when the others start
            ids.Add((await app.CreateCaseAsync(ivy, TwoUnnamedPeople())).Id);
        await app.WithDbAsync(async db =>
        {
            await db.CaseActions.Where(a => ids.Contains(a.CaseId) && a.TriggerKey == $"{Rule}|person:unnamed:present-at-death:1")
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.TriggerKey, $"{Rule}|person:unnamed:present-at-death:2"));
            await UpgradedFromBeforeTheFixAsync(db);
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
        // One of them applied the migrations and ran the fix; the others found it done (before ADR 3166 they had each
        // applied the marker again, deleted and put back its row, and run the fix over keys the first was still changing).
        Assert.Equal(1, starts.Count(s => s.Result.Contains(Vigil.Data.OwedDataFixes.UnnamedActionKeysMigration)));
        foreach (var id in ids) Assert.Equal([$"{Rule}|person:unnamed:last-seen-with:1", $"{Rule}|person:unnamed:present-at-death:1"], await KeysAsync(id));
        Assert.Equal(ids.Count, await RenumberedAsync(ids));
        Assert.Empty(await app.WithDbAsync(db => db.Database.GetPendingMigrationsAsync()));
    }

    private static DeathRecord TwoUnnamedPeople() => Samples.Record() with
    {
        People = [new RecordPerson { Role = "last-seen-with" }, new RecordPerson { Role = "present-at-death" }],
    };

    /// <summary>The store as one upgraded from before round 41: the marker and the migration that records the fix owed
    /// both pending (the owed table, made by that migration, is made again only if missing).</summary>
    private static Task<int> UpgradedFromBeforeTheFixAsync(Vigil.Data.VigilDbContext db) =>
        db.Database.ExecuteSqlRawAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" IN ('{Vigil.Data.Enquiries.UnnamedActionKeysMarker.Id}', '{Vigil.Data.OwedDataFixes.UnnamedActionKeysMigration}')");

    private Task<List<string>> OwedAsync() => app.WithDbAsync(db => db.Database.SqlQueryRaw<string>(Vigil.Data.OwedDataFixes.Read).ToListAsync());

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
