using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Audit;
using Vigil.Data.Cases;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Import;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>SQLite: an import's batches commit without syncing the log, and the head file does not name their entries
/// until the import has synced it (ADR 1611): a power cut can take back an unfinished import's batches, never make
/// `audit verify` report a deletion. A store of its own, without the linkage worker, so no other writer moves the head.</summary>
public sealed class UnsyncedBatchesTests : IAsyncLifetime
{
    private const int Full = 2;
    private const int Normal = 1;
    private readonly BatchWitness witness = new();
    private readonly SqliteApp app;

    public UnsyncedBatchesTests() => app = new SqliteApp
    {
        ServiceChanges = s =>
        {
            BackgroundServices.WithoutLinkageWorker(s);
            s.AddSingleton<ICaseChangeHook>(witness);
        },
    };

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        witness.HeadFile = app.Services.GetRequiredService<AuditHeadFile>();
    }

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task EachBatchCommitsUnsynced_AndTheHeadNamesTheEntriesOnlyOnceTheImportHasSyncedThem()
    {
        var team = await app.TeamIdAsync("unsynced");
        var source = "unsynced-" + Guid.NewGuid().ToString("N")[..6];
        var headFile = app.Services.GetRequiredService<AuditHeadFile>();

        var summary = await ImportAsync(Enumerable.Range(1, 5).Select(n => Line(n, source)), team);

        Assert.Equal(5, summary.Created);
        Assert.Equal(3, witness.Batches.Count); // batches of two: 2 + 2 + 1
        Assert.All(witness.Batches, b => Assert.Equal(Normal, b.Synchronous));
        // Before the second and third batches, the batches before them had committed entries the head file did not name.
        Assert.All(witness.Batches.Skip(1), b => Assert.True(b.HeadInFile < b.NewestEntry, $"head file {b.HeadInFile}, newest entry {b.NewestEntry}"));
        var (sequence, hash) = await NewestEntryAsync();
        var head = headFile.Read();
        Assert.NotNull(head);
        Assert.Equal((sequence, hash), (head.Count, head.Hash));
        // The batches' connection went back to the pool with the store's own settings.
        await EveryPooledConnectionHasTheStoresSettingsAsync();
    }

    /// <summary>An import whose lines fit one batch (an API import of a few deaths) has nothing to sync later: its batch
    /// commits as any save does, synced (FULL), and its audit head is written with the commit (ADR 3203).</summary>
    [Fact]
    public async Task AnImportOfOneBatch_CommitsSynced_AndItsHeadNamesItsEntriesAtOnce()
    {
        var team = await app.TeamIdAsync("one-batch");
        var source = "one-batch-" + Guid.NewGuid().ToString("N")[..6];

        var summary = await ImportAsync([Line(1, source)], team);

        Assert.Equal(1, summary.Created);
        var batch = Assert.Single(witness.Batches);
        Assert.Equal(Full, batch.Synchronous);
        var (sequence, hash) = await NewestEntryAsync();
        var head = app.Services.GetRequiredService<AuditHeadFile>().Read();
        Assert.NotNull(head);
        Assert.Equal((sequence, hash), (head.Count, head.Hash));
        await EveryPooledConnectionHasTheStoresSettingsAsync();
    }

    [Fact]
    public async Task AnImportThatFails_StillWritesTheHeadOfTheBatchesItCommitted()
    {
        var team = await app.TeamIdAsync("unsynced-fails");
        var source = "unsynced-" + Guid.NewGuid().ToString("N")[..6];

        await Assert.ThrowsAsync<IOException>(() => ImportAsync(FailingAfter(4, source), team));

        Assert.Equal(4, await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Cases.CountAsync(c => c.Source == source)));
        var (sequence, hash) = await NewestEntryAsync();
        var head = app.Services.GetRequiredService<AuditHeadFile>().Read();
        Assert.NotNull(head);
        Assert.Equal((sequence, hash), (head.Count, head.Hash));
        await EveryPooledConnectionHasTheStoresSettingsAsync();
    }

    private Task<ImportSummary> ImportAsync(IEnumerable<ParsedLine> lines, Guid team) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>()
            .ImportAsync(lines, new ImportOptions(team, "test", BatchSize: 2) { WaitForLinkage = false }, null, default));

    private Task<(long Sequence, string Hash)> NewestEntryAsync() =>
        app.WithScopeAsync(async sp =>
        {
            var last = await sp.GetRequiredService<VigilDbContext>().AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync();
            return (last.Sequence, last.Hash);
        });

    /// <summary>Several connections open at once: the pool hands out its idle ones last-in first-out, so one alone would
    /// be the checkpoints' own connection, whose settings never changed.</summary>
    private async Task EveryPooledConnectionHasTheStoresSettingsAsync()
    {
        var scopes = Enumerable.Range(0, 4).Select(_ => app.Services.CreateAsyncScope()).ToList();
        try
        {
            foreach (var scope in scopes)
            {
                var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
                await db.Database.OpenConnectionAsync();
                Assert.Equal((Full, 1000), (await ScalarAsync(db, "PRAGMA synchronous"), await ScalarAsync(db, "PRAGMA wal_autocheckpoint")));
            }
        }
        finally
        {
            foreach (var scope in scopes) await scope.DisposeAsync();
        }
    }

    private static async Task<int> ScalarAsync(VigilDbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static ParsedLine Line(int n, string source) => new(n, Samples.Record(source: source), null, []);

    private static IEnumerable<ParsedLine> FailingAfter(int count, string source)
    {
        for (var n = 1; n <= count; n++) yield return Line(n, source);
        throw new IOException($"input failed after line {count}");
    }

    /// <summary>What each import batch saw inside its transaction, before its own rows were written.</summary>
    private sealed class BatchWitness : ICaseChangeHook
    {
        public AuditHeadFile? HeadFile { get; set; }

        public List<(int Synchronous, long HeadInFile, long NewestEntry)> Batches { get; } = [];

        public int Order => CaseHookOrder.Actions - 1;

        public async Task BeforeSaveAsync(VigilDbContext db, IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct)
        {
            if (kind != CaseChangeKind.Imported) return;
            var newest = await db.AuditEntries.MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
            Batches.Add((await ScalarAsync(db, "PRAGMA synchronous"), HeadFile!.Read()?.Count ?? 0, newest));
        }
    }
}
