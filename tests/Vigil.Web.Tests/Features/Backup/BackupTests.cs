using Vigil.Web.Hosting;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Data;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Web.Features.Backup;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Family.Portal;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Linkage.Outbox;
using Vigil.Web.Tests.Features.Family;
using Vigil.Web.Tests.Features.Linkage;
using Vigil.Web.Tests.Features.Linkage.Outbox;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Backup;

/// <summary>A backup taken while cases are being written restores into an empty store whose row counts, audit chain
/// and linkage index agree with the backup's manifest.</summary>
public abstract class BackupTests(VigilAppFactory app)
{
    private string NewFile() => Path.Combine(Path.GetTempPath(), $"vigil-backup-{Guid.NewGuid():N}.tar.gz");

    [Fact]
    public async Task BackupUnderWrites_RestoresIntoAnEmptyStore_AndEverythingAgrees()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        await app.CreateCaseAsync(ivy);
        using var stop = new CancellationTokenSource();
        var acknowledged = 0;
        var writer = Task.Run(async () =>
        {
            using var client = app.ApiClient(ivy);
            while (!stop.IsCancellationRequested)
            {
                var response = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(ivy.TeamId, Samples.Record()), ApiJson.Client);
                response.EnsureSuccessStatusCode();
                Interlocked.Increment(ref acknowledged);
            }
        });
        while (Volatile.Read(ref acknowledged) < 2 && !writer.IsCompleted) await Task.Delay(50);
        if (writer.IsCompleted) await writer; // a writer that failed says why, instead of the loop waiting for ever
        var file = NewFile();
        var (manifest, _) = await app.WithScopeAsync(sp => sp.GetRequiredService<BackupService>().BackupAsync(file, default));
        await stop.CancelAsync();
        await writer;
        Assert.True(manifest.Tables["cases"] >= 3, $"{manifest.Tables["cases"]} cases in the backup");
        Assert.True(manifest.AuditHeadSequence > 0);

        await using var target = await SharedStore.CreateAsync(app.Provider, app.AuditKeyFile, migrate: app.Provider == "postgres");
        await using var services = target.Services();
        var report = await services.GetRequiredService<BackupService>().RestoreAsync(file, default);
        File.Delete(file);
        Assert.True(report.Agrees, string.Join("; ", report.Mismatches));
        Assert.Equal(manifest.Tables["cases"], report.Restored["cases"]);
        Assert.True(report.Audit.Intact);
        Assert.Equal(manifest.AuditHeadHash, report.Audit.HeadHash);
        Assert.Equal((int)manifest.Tables["cases"], report.LinkageIndexed);
    }

    /// <summary>A family upload's bytes travel with the store's snapshot (ADR 1621); one sent before that, a file in the
    /// upload folder, travels as a file in the archive (ADR 1595). A restore checks both against the hash taken when the
    /// family sent them, and the same check finds either altered afterwards.</summary>
    [Fact]
    public async Task FamilyUploads_TravelWithTheBackup_AndARestoreChecksTheirHashes()
    {
        var f = await FamilyKit.CaseAsync(app);
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        var old = System.Text.Encoding.UTF8.GetBytes("sent before ADR 1621 " + f.Marker);
        var bytes = System.Text.Encoding.UTF8.GetBytes("the van was white " + f.Marker);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await PortalFlowTests.SubmitAsync(family, "an old note " + f.Marker, ("old.txt", old))).StatusCode);
        var legacy = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().SubmissionFiles.Where(x => x.CaseId == f.Case.Id).SingleAsync());
        // As an upload from before ADR 1621 is kept: a file in the node's upload folder, no bytes in the store.
        await app.WithScopeAsync(async sp =>
        {
            var folder = sp.GetRequiredService<UploadStore>().Folder;
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, legacy.StoredName), old);
            return await sp.GetRequiredService<VigilDbContext>().SubmissionFileContents.Where(c => c.SubmissionFileId == legacy.Id).ExecuteDeleteAsync();
        });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await PortalFlowTests.SubmitAsync(family, "a note " + f.Marker, ("note.txt", bytes))).StatusCode);
        var current = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().SubmissionFiles.Where(x => x.CaseId == f.Case.Id && x.Id != legacy.Id).SingleAsync());
        var file = NewFile();
        var (manifest, missing) = await app.WithScopeAsync(sp => sp.GetRequiredService<BackupService>().BackupAsync(file, default));
        Assert.Empty(missing);
        Assert.True(manifest.FamilyUploads >= 1, $"{manifest.FamilyUploads} uploads in the backup");

        await using var target = await SharedStore.CreateAsync(app.Provider, app.AuditKeyFile, migrate: app.Provider == "postgres");
        await using var services = target.Services();
        var report = await services.GetRequiredService<BackupService>().RestoreAsync(file, default);
        File.Delete(file);
        Assert.True(report.Agrees, string.Join("; ", report.Mismatches));
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<UploadStore>();
        Assert.StartsWith(target.Folder, store.Folder, StringComparison.Ordinal); // the target's own folder, not the source's
        Assert.Equal(old, await File.ReadAllBytesAsync(Path.Combine(store.Folder, legacy.StoredName)));
        Assert.Equal(old, await store.BytesAsync(db, legacy, default));
        Assert.Equal(bytes, await store.BytesAsync(db, current, default));
        Assert.False(File.Exists(Path.Combine(store.Folder, current.StoredName)));

        // Either kind altered afterwards is found by the same check the restore ran.
        await File.WriteAllTextAsync(Path.Combine(store.Folder, legacy.StoredName), "altered");
        await db.SubmissionFileContents.Where(c => c.SubmissionFileId == current.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Bytes, "altered"u8.ToArray()));
        var problems = await BackupUploads.CheckAsync(db, store, default);
        Assert.Contains(problems, p => p.Contains(legacy.StoredName, StringComparison.Ordinal) && p.Contains("contents differ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(current.StoredName, StringComparison.Ordinal) && p.Contains("contents differ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CasesQueuedForLinkage_ARestoreThatDoesNotWaitLeavesThemQueued_OneThatWaitsComparesThem_EachStepReported()
    {
        await using var source = await SharedStore.CreateAsync(app.Provider);
        var ivy = await source.CreateUserAsync(Roles.Investigator, "restore-queue-team");
        var file = NewFile();
        await using (var services = source.Services()) // no background worker: what is queued stays queued in the backup
        {
            var finder = LinkageSamples.UniqueFinder();
            var records = Enumerable.Range(0, 4).Select(i => LinkageSamples.Victim(finder, i * 21, $"Queued Victim {i}")).ToArray();
            var options = new ImportOptions(ivy.TeamId, "restore-queue", WaitForLinkage: false);
            var import = services.GetRequiredService<ImportService>();
            await import.ImportAsync(LinkageOutboxTests.Lines(records[..3]), options, null, default);
            Assert.True(await services.GetRequiredService<LinkageWorker>().DrainAsync(default));
            // Queued at the backup: the first case again (compared before, so indexed) and a fourth never compared. The first
            // is re-sent changed: a re-import of an unchanged record, or one changing only what linkage does not read, is
            // not queued again (ADRs 3143, 3205).
            await import.ImportAsync(LinkageOutboxTests.Lines(RejectedMemberComparedAgainTests.Corrected(records[0]), records[3]), options, null, default);
            var steps = new List<string>();
            await services.GetRequiredService<BackupService>().BackupAsync(file, step => steps.Add(step.What.Split(' ')[0]), default);
            Assert.Equal(["took", "wrote"], steps);
        }

        var leftQueued = await RestoreAsync(source, file, waitForLinkage: false);
        Assert.Equal((2, 2), (leftQueued.Report.PendingLinkage, leftQueued.PendingAfter));
        // A queued case, compared before or not, joins the index when the worker compares it.
        Assert.Equal((2, 2), (leftQueued.Report.LinkageIndexed, leftQueued.Report.QueuedNotIndexed));
        Assert.Equal(["unpacked", "copied", "brought", "counted", "verified", "indexed", "checked"], leftQueued.Steps);

        var compared = await RestoreAsync(source, file, waitForLinkage: true);
        File.Delete(file);
        Assert.Equal((0, 0), (compared.Report.PendingLinkage, compared.PendingAfter));
        Assert.Equal(4, compared.Report.LinkageIndexed);
        Assert.Equal(["unpacked", "copied", "brought", "counted", "verified", "compared", "indexed", "checked"], compared.Steps);
    }

    [Fact]
    public async Task ARestoreIntoADatabaseNeverMigrated_LogsNoError()
    {
        var file = NewFile();
        await app.WithScopeAsync(sp => sp.GetRequiredService<BackupService>().BackupAsync(file, default));
        await using var target = await SharedStore.CreateAsync(app.Provider, app.AuditKeyFile, migrate: false);
        var errors = new LogCapture(LogLevel.Error);
        await using var services = Vigil.Web.Cli.CliServices.Build(target.Settings, s => s.AddLogging(b => b.AddProvider(errors)));
        var report = await services.GetRequiredService<BackupService>().RestoreAsync(file, default);
        File.Delete(file);
        Assert.True(report.Agrees, string.Join("; ", report.Mismatches));
        Assert.True(errors.Entries.IsEmpty, string.Join(" | ", errors.Entries.Select(e => e.Message)));
    }

    /// <summary>Restores into a new empty store; the report, the first word of each step heard, and what is still queued after.</summary>
    private async Task<(RestoreReport Report, List<string> Steps, int PendingAfter)> RestoreAsync(SharedStore source, string file, bool waitForLinkage)
    {
        await using var target = await SharedStore.CreateAsync(app.Provider, source.AuditKeyFile, migrate: app.Provider == "postgres");
        await using var services = target.Services();
        var steps = new List<string>();
        var report = await services.GetRequiredService<BackupService>().RestoreAsync(file,
            new RestoreOptions(waitForLinkage, step => steps.Add(step.What.Split(' ')[0])), default);
        Assert.True(report.Agrees, string.Join("; ", report.Mismatches));
        return (report, steps, await services.GetRequiredService<LinkageWorker>().PendingAsync(default));
    }

    [Theory]
    [InlineData("family-uploads/0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef")]
    [InlineData("family-uploads/../../etc/passwd", null)]
    [InlineData("family-uploads/0123456789abcdef0123456789abcdef/../x", null)]
    [InlineData("other/0123456789abcdef0123456789abcdef", null)]
    [InlineData("family-uploads/", null)]
    public void OnlyGeneratedUploadNames_AreExtracted(string entry, string? expected) =>
        Assert.Equal(expected, BackupUploads.StoredName(entry));

    [Fact]
    public async Task Restore_RefusesAStoreInUse_AndChangesNothing()
    {
        var file = NewFile();
        await app.WithScopeAsync(sp => sp.GetRequiredService<BackupService>().BackupAsync(file, default));
        var before = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Cases.CountAsync());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            app.WithScopeAsync(sp => sp.GetRequiredService<BackupService>().RestoreAsync(file, default)));
        File.Delete(file);
        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
        Assert.True(await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Cases.CountAsync()) >= before);
    }

    /// <summary>ADR 3135: a --db that names a database holding tables of its own but no Vigil schema (another
    /// application's, a mistyped path) is not empty. On SQLite the restore deleted the file and put the backup there.</summary>
    [Fact]
    public async Task Restore_RefusesADatabaseWithTablesButNoVigilSchema_AndKeepsItsRows()
    {
        var file = NewFile();
        await app.WithScopeAsync(sp => sp.GetRequiredService<BackupService>().BackupAsync(file, default));
        await using var target = await SharedStore.CreateAsync(app.Provider, app.AuditKeyFile, migrate: false);
        await using var services = target.Services();
        await using (var scope = services.CreateAsyncScope())
        {
            var other = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
            await other.Database.ExecuteSqlRawAsync("CREATE TABLE field_notes (id integer PRIMARY KEY, note text)");
            await other.Database.ExecuteSqlRawAsync("INSERT INTO field_notes (id, note) VALUES (1, 'kept')");
        }
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => services.GetRequiredService<BackupService>().RestoreAsync(file, default));
        File.Delete(file);
        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
        await using var after = services.CreateAsyncScope();
        Assert.Equal(["kept"], await after.ServiceProvider.GetRequiredService<VigilDbContext>().Database
            .SqlQueryRaw<string>("SELECT note AS \"Value\" FROM field_notes").ToListAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class BackupTests_Sqlite(SqliteApp app) : BackupTests(app);

[Collection(PostgresCollection.Name)]
public sealed class BackupTests_Postgres(PostgresApp app) : BackupTests(app);
