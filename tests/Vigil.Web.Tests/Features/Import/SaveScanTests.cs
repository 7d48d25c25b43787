using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>An import batch (automatic detection off) is scanned in full once, before the save pipeline's hooks; the
/// save's own scan then looks only at rows that already existed (ADR 1901). What a hook does after the first scan must
/// still be saved and audited: a change to an existing row (detected by the save's scan) and a row it adds, even if
/// the hook sets a value on that new row after adding it (a new row's values are read at the write).</summary>
public abstract class SaveScanTests(VigilAppFactory app)
{
    [Fact]
    public async Task ChangesAfterThePipelineScan_AreSavedAndAudited()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var existingId = await app.TeamIdAsync("Scan " + tag);
        var added = new Team { Name = "Added " + tag };
        await app.WithDbAsync(async db =>
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var existing = await db.Teams.SingleAsync(t => t.Id == existingId);
            await using var tx = await db.Database.BeginTransactionAsync();
            db.DetectChangesBeforeHooks();
            // What a hook may do after the pipeline's scan:
            existing.Name = "Renamed " + tag;
            db.Teams.Add(added);
            added.Name = "Added late " + tag;
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        });
        await app.WithDbAsync(async db =>
        {
            var names = await db.Teams.Where(t => t.Id == existingId || t.Id == added.Id).ToDictionaryAsync(t => t.Id, t => t.Name);
            Assert.Equal("Renamed " + tag, names[existingId]);
            Assert.Equal("Added late " + tag, names[added.Id]);
            var audit = await db.AuditEntries.Where(e => e.EntityType == nameof(Team) && (e.EntityId == existingId.ToString() || e.EntityId == added.Id.ToString()))
                .OrderBy(e => e.Sequence).Select(e => new { e.Action, e.EntityId, e.Changes }).ToListAsync();
            var update = Assert.Single(audit, e => e.EntityId == existingId.ToString() && e.Action == "update");
            Assert.Contains("Renamed " + tag, update.Changes, StringComparison.Ordinal);
            var create = Assert.Single(audit, e => e.EntityId == added.Id.ToString());
            Assert.Equal("create", create.Action);
            Assert.Contains("Added late " + tag, create.Changes, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task WithoutThePipelineScan_TheSaveScansEverything()
    {
        // A context with automatic detection off that never called DetectChangesBeforeHooks is scanned in full as before.
        var tag = Guid.NewGuid().ToString("N")[..8];
        var id = await app.TeamIdAsync("Full " + tag);
        await app.WithDbAsync(async db =>
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var team = await db.Teams.SingleAsync(t => t.Id == id);
            team.Name = "Full renamed " + tag;
            await db.SaveChangesAsync();
        });
        await app.WithDbAsync(async db => Assert.Equal("Full renamed " + tag, await db.Teams.Where(t => t.Id == id).Select(t => t.Name).SingleAsync()));
    }

    [Fact]
    public async Task WithAutomaticDetection_TheSavePausesIt_AndTurnsItBackOn()
    {
        // A request's context: detection on. The save scans once and pauses detection to its end (ADR 1616); a change
        // made after the save is found by the next one as before.
        var tag = Guid.NewGuid().ToString("N")[..8];
        var id = await app.TeamIdAsync("Auto " + tag);
        await app.WithDbAsync(async db =>
        {
            var team = await db.Teams.SingleAsync(t => t.Id == id);
            team.Name = "Auto once " + tag;
            await db.SaveChangesAsync();
            Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
            team.Name = "Auto twice " + tag;
            await db.SaveChangesAsync();
        });
        await app.WithDbAsync(async db =>
        {
            Assert.Equal("Auto twice " + tag, await db.Teams.Where(t => t.Id == id).Select(t => t.Name).SingleAsync());
            var updates = await db.AuditEntries.Where(e => e.EntityType == nameof(Team) && e.EntityId == id.ToString() && e.Action == "update").CountAsync();
            Assert.Equal(2, updates);
        });
    }

    [Fact]
    public async Task AFailedSave_TurnsDetectionBackOn()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var id = await app.TeamIdAsync("Fail " + tag);
        await app.WithDbAsync(async db =>
        {
            var team = await db.Teams.SingleAsync(t => t.Id == id);
            team.Name = "Failed " + tag;
            db.Teams.Add(new Team { Name = null! }); // NOT NULL: the write fails after the interceptors' scan
            await Assert.ThrowsAnyAsync<Exception>(() => db.SaveChangesAsync());
            Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
        });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SaveScanTests_Sqlite(SqliteApp app) : SaveScanTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SaveScanTests_Postgres(PostgresApp app) : SaveScanTests(app);
