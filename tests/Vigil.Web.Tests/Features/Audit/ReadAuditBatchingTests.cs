using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vigil.Data;
using Vigil.Data.Audit;
using Vigil.Data.Identity;
using Vigil.Web.Features.Audit;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Audit;

/// <summary>Reads are chained together (ADR 1593): every read still has its own entry, by its own reader, committed
/// before the answer; but the reads that arrive while one save holds the chain's lock are chained in one save after it.</summary>
public abstract class ReadAuditBatchingTests(VigilAppFactory app)
{
    [Fact]
    public async Task ConcurrentReadsByDifferentOfficers_EachLeaveOneEntry_ByTheirReader_AndTheChainVerifies()
    {
        var officers = new[] { await app.CreateUserAsync(Roles.Investigator), await app.CreateUserAsync(Roles.Investigator), await app.CreateUserAsync(Roles.Investigator) };
        var cases = new List<(TestUser Reader, Guid CaseId)>();
        foreach (var o in officers) cases.Add((o, (await app.CreateCaseAsync(o)).Id));

        var reads = Enumerable.Range(0, 30).Select(async i =>
        {
            var (reader, id) = cases[i % cases.Count];
            using var client = app.ApiClient(reader);
            (await client.GetAsync($"/api/v1/cases/{id}")).EnsureSuccessStatusCode();
        });
        await Task.WhenAll(reads);

        await app.WithDbAsync(async db =>
        {
            foreach (var (reader, id) in cases)
            {
                var views = await db.AuditEntries.AsNoTracking().Where(e => e.CaseId == id && e.Action == ReadAudit.View).Select(e => e.Actor).ToListAsync();
                Assert.Equal(10, views.Count);
                Assert.All(views, actor => Assert.Equal($"token:", actor[..6])); // an API token's read ...
                Assert.All(views, actor => Assert.EndsWith($":{reader.Id}:{reader.UserName}", actor, StringComparison.Ordinal)); // ... by its officer
            }
        });
        var verification = await app.WithScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync(null, default));
        Assert.True(verification.Intact, verification.FirstProblem?.ToString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ReadAuditBatchingTests_Sqlite(SqliteApp app) : ReadAuditBatchingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ReadAuditBatchingTests_Postgres(PostgresApp app) : ReadAuditBatchingTests(app)
{
    private readonly PostgresApp pg = app;

    [Fact]
    public async Task ReadsWaitingForTheChainLock_AreChainedInOneSaveAfterIt()
    {
        var ivy = await pg.CreateUserAsync(Roles.Investigator);
        var id = (await pg.CreateCaseAsync(ivy)).Id;
        await using var other = new NpgsqlConnection(pg.Database);
        await other.OpenAsync();
        var holding = await other.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AuditChainLock.PostgresLockKey})", other, holding))
            await take.ExecuteNonQueryAsync();

        var reads = Enumerable.Range(0, 10).Select(async _ =>
        {
            using var client = pg.ApiClient(ivy);
            (await client.GetAsync($"/api/v1/cases/{id}")).EnsureSuccessStatusCode();
        }).ToList();
        // Every read is waiting, the first for the lock and the rest behind it, before the lock is let go. (A fixed
        // 3 s pause let a loaded machine release it while some reads were still on their way; each then saved alone.)
        var appender = pg.Services.GetRequiredService<ReadAuditAppender>();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (appender.Uncommitted < reads.Count && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(reads.Count, appender.Uncommitted);
        Assert.DoesNotContain(reads, r => r.IsCompleted);
        await holding.RollbackAsync();
        await Task.WhenAll(reads);

        // One save's entries share its time: the first read's save, then one for the nine that gathered behind it.
        var saves = await pg.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.CaseId == id && e.Action == ReadAudit.View).Select(e => e.At).Distinct().CountAsync());
        Assert.InRange(saves, 1, 2);
    }

    [Fact]
    public async Task ABatchOfReads_CommitsWithItsRows_AndTheHeadFileFollowsTheChain()
    {
        var ivy = await pg.CreateUserAsync(Roles.Investigator);
        var id = (await pg.CreateCaseAsync(ivy)).Id;
        using var client = pg.ApiClient(ivy);
        (await client.GetAsync($"/api/v1/cases/{id}")).EnsureSuccessStatusCode();

        // ADR 1605: the rows and COMMIT go in one command, outside EF's commit, so the head file is advanced by the appender.
        var last = await pg.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.Sequence).FirstAsync());
        Assert.Equal(ReadAudit.View, last.Action);
        Assert.Equal(id, last.CaseId);
        var head = new AuditHeadFile(pg.AuditHeadFile).Read();
        Assert.NotNull(head);
        Assert.Equal(last.Sequence, head.Count);
        Assert.Equal(last.Hash, head.Hash);
    }

    [Fact]
    public async Task AReadWhoseEntryCannotBeWritten_Fails_WritesNothing_AndLetsGoOfTheChainLock()
    {
        var ivy = await pg.CreateUserAsync(Roles.Investigator);
        var refused = (await pg.CreateCaseAsync(ivy)).Id;
        var other = (await pg.CreateCaseAsync(ivy)).Id;
        await using var admin = new NpgsqlConnection(pg.Database);
        await admin.OpenAsync();
        // The store refuses this one case's view entry, as a full disk or a lost connection would refuse a write.
        await Exec(admin, $"""
            CREATE FUNCTION refuse_view_{refused:N}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW."CaseId" = '{refused}' AND NEW."Action" = 'view' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_view_{refused:N} BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION refuse_view_{refused:N}();
            """);
        try
        {
            using var client = pg.ApiClient(ivy);
            var failed = await client.GetAsync($"/api/v1/cases/{refused}");
            Assert.True((int)failed.StatusCode >= 500, $"a read whose entry was not written answered {(int)failed.StatusCode}");
            // The failed batch's transaction was rolled back, so its connection holds no lock and the next read is chained.
            Assert.True(await ChainLockFreeWithinAsync(admin, TimeSpan.FromSeconds(10)), "the chain lock is still held 10 s after the failed read");
            (await client.GetAsync($"/api/v1/cases/{other}")).EnsureSuccessStatusCode();
        }
        finally
        {
            await Exec(admin, $"DROP TRIGGER refuse_view_{refused:N} ON audit_entries; DROP FUNCTION refuse_view_{refused:N}();");
        }
        await pg.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.CaseId == refused && e.Action == ReadAudit.View));
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.CaseId == other && e.Action == ReadAudit.View));
        });
        var verification = await pg.WithScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync(null, default));
        Assert.True(verification.Intact, verification.FirstProblem?.ToString());
    }

    /// <summary>True once no connection holds the audit chain's lock. Polled, not read once: the app's own writers (the
    /// linkage worker chaining its candidates, the due-event sweep) take it for moments, and one such moment failed a
    /// single read of pg_locks (round 55's suite); a failed batch that kept it would hold it for good.</summary>
    private static async Task<bool> ChainLockFreeWithinAsync(NpgsqlConnection admin, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        await using var locks = new NpgsqlCommand($"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = {AuditChainLock.PostgresLockKey & 0xFFFFFFFF}", admin);
        while ((long)(await locks.ExecuteScalarAsync())! != 0)
        {
            if (DateTime.UtcNow > until) return false;
            await Task.Delay(50);
        }
        return true;
    }

    private static async Task Exec(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
