using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Audit;
using Vigil.Data.Cases;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Audit;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Import;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>A large bulk save writes its staged cases' audit JSON on another thread while its other rows are written,
/// and chains and writes its entries after them (ADR 2701). The entries stored are byte for byte, in order and hash for
/// hash, those the append in line makes from the same batch; a small save stays in line; a failure of the JSON fails
/// the save with nothing written; an import through the API of more than a batch's worth stores and verifies.</summary>
public abstract class StagedJsonBesideWritesTests(VigilAppFactory app)
{
    [Theory]
    [InlineData(300, true)] // above the threshold, and on PostgreSQL above the entries chained after the writes (ADR 1605)
    [InlineData(20, false)]
    public async Task StoredEntries_AreTheInLineDrafts_ByteForByte_InOrder_HashForHash(int count, bool beside)
    {
        var source = "beside-" + Guid.NewGuid().ToString("N")[..8];
        var team = await app.TeamIdAsync("Beside " + source);
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            await StageAsync(sp, db, team, source, count);
            db.DetectChangesForSave();
            var expected = AuditInterceptor.Collect(db); // the append in line, on this thread, from the same rows

            await db.SaveChangesAsync();
            Assert.Equal(beside, db.StagedJsonBesideWrites);

            var first = db.PendingAuditHead!.Count - expected.Count + 1; // the head the commit will record
            var stored = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence >= first).OrderBy(e => e.Sequence).ToListAsync();
            Assert.Equal(expected.Count, stored.Count);
            Assert.Equal(expected.Select(Line), stored.Select(e => Line(new AuditDraft(e.Action, e.EntityType, e.EntityId, e.CaseId, e.Changes))));
            // The same chain the drafts make after the entry before, at the entries' time.
            var previous = first == 1 ? null : await db.AuditEntries.AsNoTracking().Where(e => e.Sequence == first - 1)
                .Select(e => new ChainHead(e.Sequence, e.Hash)).SingleAsync();
            var (chained, _) = AuditLinks.Make(sp.GetRequiredService<AuditHasher>(), stored[0].At, db.Actor.Name, previous, expected);
            Assert.Equal(chained.Select(e => (e.Sequence, e.PreviousHash, e.Hash)), stored.Select(e => (e.Sequence, e.PreviousHash, e.Hash)));
            Assert.Equal(expected.Sum(d => d.AlsoCases.Count), await db.AuditCaseRefs.CountAsync(r => r.Sequence >= first));
            // The batch has the shapes the JSON is made of: tracked people written in advance, the hooks' rows, owned values.
            Assert.Contains(stored, e => e.Changes.Contains("\"$type\":\"Person\"", StringComparison.Ordinal));
            Assert.Contains(stored, e => e.Changes.Contains("\"$type\":\"CaseAction\"", StringComparison.Ordinal));
            Assert.Contains(stored, e => e.Changes.Contains("\"Deceased.DeathCaseId\"", StringComparison.Ordinal));
            await tx.RollbackAsync();
            return 0;
        });
    }

    [Fact]
    public async Task AFailureOfTheJsonBesideTheWrites_FailsTheSave_WithNothingWritten()
    {
        var source = "beside-fail-" + Guid.NewGuid().ToString("N")[..8];
        var team = await app.TeamIdAsync("Beside " + source);
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync(); // the import's own, rolled back on failure
            var cases = await StageAsync(sp, db, team, source, 300);
            // JSON has no infinity (both stores take it): the last such row fails on the JSON's thread only.
            cases.Last(c => c.Toxicology.Count > 0).Toxicology.First().ConcentrationMgL = double.PositiveInfinity;
            await Assert.ThrowsAsync<ArgumentException>(() => db.SaveChangesAsync());
            Assert.True(db.StagedJsonBesideWrites);
            Assert.Null(db.PendingStagedAudit);
            Assert.Null(db.PendingAuditHead);
            await tx.RollbackAsync();
            return 0;
        });
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.Cases.CountAsync(c => c.TeamId == team));
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.EntityType == nameof(DeathCase) && e.Changes.Contains(source)));
        });
        // The chain goes on: the next batch is stored and everything verifies.
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            await StageAsync(sp, db, team, source + "-next", 70);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            return 0;
        });
        await app.WithDbAsync(async db => Assert.Equal(70, await db.Cases.CountAsync(c => c.TeamId == team)));
        var verification = await app.WithScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync(null, default));
        Assert.True(verification.Intact, verification.FirstProblem?.ToString());
    }

    [Fact]
    public async Task ACancelledSave_LeavesNoJsonRunning_AndChainsNothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var append = StagedAuditAppend.Start(new StagedAudit([], [], [0], [], []), [], app.Services.GetRequiredService<AuditHasher>(), "test", cancelled.Token);
        await append.SettleAsync();
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => append.ChainAsync(db));
            Assert.Empty(db.ChangeTracker.Entries<AuditEntry>());
            Assert.Null(db.PendingAuditHead);
            return 0;
        });
    }

    [Fact]
    public async Task AnApiImportOfMoreThanTheThreshold_StoresEveryCase_OneEntryEachInLineOrder_AndVerifies()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        using var client = app.ApiClient(supervisor);
        var source = "beside-api-" + Guid.NewGuid().ToString("N")[..8];
        var records = BenchData.London(300).Select(r => r with { Source = source }).ToList();
        var body = new StringContent(string.Join('\n', records.Select(DeathRecordWriter.ToJson)), Encoding.UTF8, "application/x-ndjson");
        var response = await client.PostAsync($"/api/v1/imports?team={supervisor.TeamId}&source={source}", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<ImportResponse>(ApiJson.Client))!;
        Assert.Equal((300, 0), (report.Created, report.Rejected.Count));

        await app.WithDbAsync(async db =>
        {
            var cases = await db.Cases.Where(c => c.TeamId == supervisor.TeamId && c.Source == source).Select(c => new { c.Id, c.SourceRef }).ToListAsync();
            var ids = cases.Select(c => c.Id).ToList();
            var creates = await db.AuditEntries.Where(e => e.Action == "create" && e.EntityType == nameof(DeathCase) && ids.Contains(e.CaseId!.Value))
                .OrderBy(e => e.Sequence).Select(e => new { e.Sequence, e.CaseId }).ToListAsync();
            Assert.Equal(records.Count, creates.Count);
            // One batch: its case entries are consecutive and in the file's order.
            Assert.Equal(creates[0].Sequence + records.Count - 1, creates[^1].Sequence);
            var refOf = cases.ToDictionary(c => c.Id, c => c.SourceRef);
            Assert.Equal(records.Select(r => r.Ref), creates.Select(e => refOf[e.CaseId!.Value]));
        });
        var verification = await app.WithScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync(null, default));
        Assert.True(verification.Intact, verification.FirstProblem?.ToString());
    }

    /// <summary>London records staged as new cases of the team as an import batch stages them, the hooks run.</summary>
    private static async Task<List<DeathCase>> StageAsync(IServiceProvider sp, VigilDbContext db, Guid team, string source, int count)
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.BulkInserts = true;
        var writer = new CaseWriter(db, sp.GetRequiredService<TimeProvider>(), CaseChangeKind.Imported);
        var fresh = BenchData.London(count).Select(r => r with { Source = source }).ToList();
        await writer.People.PreloadAsync(fresh.SelectMany(r => r.People ?? []), default);
        var cases = new List<DeathCase>();
        for (var i = 0; i < fresh.Count; i++) cases.Add(await writer.NewCaseAsync(fresh[i], team, $"SB-{source}-{i}", default, untracked: true));
        db.DetectChangesBeforeHooks();
        foreach (var hook in sp.GetRequiredService<CaseSavePipeline>().Hooks) await hook.BeforeSaveAsync(db, cases, CaseChangeKind.Imported, default);
        return cases;
    }

    private static string Line(AuditDraft d) => $"{d.Action} {d.EntityType} {d.EntityId} {d.CaseId} {d.Details}";
}

[Collection(SqliteCollection.Name)]
public sealed class StagedJsonBesideWritesTests_Sqlite(SqliteApp app) : StagedJsonBesideWritesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class StagedJsonBesideWritesTests_Postgres(PostgresApp app) : StagedJsonBesideWritesTests(app);
