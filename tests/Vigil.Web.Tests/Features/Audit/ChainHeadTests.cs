using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Audit;
using Vigil.Web.Features.Audit;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Audit;

/// <summary>Each save continues the chain from the head its lock let it see (ADR 1604: on PostgreSQL the lock and the head
/// are read in one round trip). Saves on separate connections at once — as two nodes would — each get their own
/// sequence numbers after the last committed one; a head read before the lock was granted would give two saves the
/// same sequence (a key violation) or fork the chain.</summary>
public abstract class ChainHeadTests(VigilAppFactory app)
{
    [Fact]
    public async Task ConcurrentSavesOnSeparateConnections_ContinueTheChainOneAfterAnother_AndItVerifies()
    {
        const int saves = 24;
        var before = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries.MaxAsync(e => (long?)e.Sequence));
        var marker = Guid.NewGuid().ToString();

        await Task.WhenAll(Enumerable.Range(0, saves).Select(i => Task.Run(() => app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            db.RecordEvent("test", "ChainHead", $"{marker}:{i}", null);
            return await db.SaveChangesAsync();
        }))));

        var written = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == "ChainHead" && e.EntityId.StartsWith(marker)).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(saves, written.Count);
        Assert.All(written, e => Assert.True(e.Sequence > (before ?? 0)));
        Assert.Equal(saves, written.Select(e => e.Sequence).Distinct().Count());
        var chain = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Sequence > (before ?? 0)).OrderBy(e => e.Sequence).Select(e => new { e.Sequence, e.PreviousHash, e.Hash }).ToListAsync());
        // Dense and linked: each entry names the one before it.
        for (var k = 1; k < chain.Count; k++)
        {
            Assert.Equal(chain[k - 1].Sequence + 1, chain[k].Sequence);
            Assert.Equal(chain[k - 1].Hash, chain[k].PreviousHash);
        }
        var verification = await app.WithScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync(null, default));
        Assert.True(verification.Intact, verification.FirstProblem?.ToString());
    }

    [Fact]
    public async Task ASaveOfMoreEntriesThanOneStatementTakes_WritesThemAll_InOrder_AndTheChainVerifies()
    {
        // ADR 1605: on PostgreSQL a save's entries go as multi-row INSERTs after its writes, at most 1,000 rows (10,000
        // parameters) a statement; 2,345 entries need three statements, each with its own parameters.
        const int entries = 2345;
        var marker = Guid.NewGuid().ToString();
        var caseId = Guid.NewGuid();
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            for (var i = 0; i < entries; i++)
                db.RecordEvent(new AuditDraft("test", "ManyEntries", $"{marker}:{i}", i % 2 == 0 ? caseId : null, "{}") { AlsoCases = i % 500 == 0 ? [Guid.NewGuid()] : [] });
            return await db.SaveChangesAsync();
        });
        var written = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == "ManyEntries" && e.EntityId.StartsWith(marker)).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(entries, written.Count);
        Assert.Equal(Enumerable.Range(0, entries).Select(i => $"{marker}:{i}"), written.Select(e => e.EntityId));
        Assert.Equal(entries / 2 + 1, written.Count(e => e.CaseId == caseId));
        var (first, last) = (written[0].Sequence, written[entries - 1].Sequence);
        var refs = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditCaseRefs.AsNoTracking()
            .CountAsync(r => r.Sequence >= first && r.Sequence <= last));
        Assert.Equal(5, refs);
        var verification = await app.WithScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync(null, default));
        Assert.True(verification.Intact, verification.FirstProblem?.ToString());
    }

    [Fact]
    public async Task TheHead_IsTheLastEntry()
    {
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            db.RecordEvent("test", "ChainHead", Guid.NewGuid().ToString(), null);
            return await db.SaveChangesAsync();
        });
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstAsync();
            await using var tx = await db.Database.BeginTransactionAsync();
            var head = await AuditChainLock.AcquireWithHeadAsync(db, default);
            Assert.Equal(new ChainHead(last.Sequence, last.Hash), head);
            return 0;
        });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ChainHeadTests_Sqlite(SqliteApp app) : ChainHeadTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ChainHeadTests_Postgres(PostgresApp app) : ChainHeadTests(app);
