using Vigil.Linkage.Features;
using Vigil.Web.Features.Audit;
using Vigil.Web.Features.Family.Portal;
using Vigil.Web.Features.Linkage;

namespace Vigil.Web.Features.Backup;

/// <summary>What a restore found, table by table, beside what the backup's manifest says.</summary>
/// <param name="PendingLinkage">Cases the backup had queued for linkage and the restore left queued (<see
/// cref="RestoreOptions.WaitForLinkage"/> false): a serving node's worker compares them. Zero when the restore waited.</param>
/// <param name="QueuedNotIndexed">Of those, the cases never compared, so not in the linkage index yet.</param>
public sealed record RestoreReport(BackupManifest Manifest, SortedDictionary<string, long> Restored, AuditVerification Audit, int LinkageIndexed,
    IReadOnlyList<string> UploadProblems, int PendingLinkage = 0, int QueuedNotIndexed = 0)
{
    public IEnumerable<string> Mismatches =>
        Manifest.Tables.Where(t => t.Key != "__EFMigrationsHistory" && Restored.GetValueOrDefault(t.Key, -1) != t.Value)
            .Select(t => $"{t.Key}: backup {t.Value:N0}, restored {Restored.GetValueOrDefault(t.Key, -1):N0}")
            .Concat(Audit.Intact ? [] : [$"audit chain: {Audit.FirstProblem!.Message}"])
            .Concat(Audit.LastSequence == Manifest.AuditHeadSequence && Audit.HeadHash == Manifest.AuditHeadHash ? []
                : [$"audit head: backup #{Manifest.AuditHeadSequence}, restored #{Audit.LastSequence}"])
            // The index holds compared cases; those left queued join it when a node's worker compares them.
            .Concat(LinkageIndexed + QueuedNotIndexed == Restored.GetValueOrDefault("cases") ? []
                : [$"linkage index: {LinkageIndexed:N0} cases indexed and {QueuedNotIndexed:N0} queued, of {Restored.GetValueOrDefault("cases"):N0}"])
            .Concat(UploadProblems);

    public bool Agrees => !Mismatches.Any();
}

/// <summary>One finished step of a backup or restore and the time it took: a million deaths take minutes each way, and
/// an operator should see which step is running rather than a silent terminal.</summary>
public sealed record BackupStep(string What, TimeSpan Took);

/// <param name="WaitForLinkage">Compare the cases the backup had queued for linkage before returning (as `vigil import`
/// does): the restored store is then complete. False leaves them queued for a serving node's worker (ADR 1231), as
/// `import --no-wait` does: a backup taken just after a large import holds a queue that takes hours to compare.</param>
/// <param name="Progress">Hears each step as it finishes.</param>
public sealed record RestoreOptions(bool WaitForLinkage = true, Action<BackupStep>? Progress = null);

/// <summary>`vigil backup` and `vigil restore` (issue 13 item 4; ADR 0902).</summary>
public sealed class BackupService(IServiceProvider services, Microsoft.Extensions.Options.IOptions<VigilSettings> options, TimeProvider clock)
{
    private readonly VigilSettings settings = options.Value;

    /// <summary>Tables whose rows say a store is in use: a restore never lands on top of them.</summary>
    private static readonly string[] InUse = ["cases", "audit_entries", "AspNetUsers"];

    /// <summary>The manifest written, and the family uploads the store names but its folder lacks (not in the backup).</summary>
    public Task<(BackupManifest Manifest, IReadOnlyList<string> MissingUploads)> BackupAsync(string output, CancellationToken ct) =>
        BackupAsync(output, null, ct);

    /// <param name="progress">Hears each step as it finishes.</param>
    public async Task<(BackupManifest Manifest, IReadOnlyList<string> MissingUploads)> BackupAsync(string output, Action<BackupStep>? progress,
        CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("vigil-backup-").FullName;
        var steps = new Steps(clock, progress);
        try
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
            var connection = db.Database.GetConnectionString()!;
            var (entry, manifest) = db.Database.IsNpgsql()
                ? (BackupArchive.PostgresEntry, await PostgresSnapshot.TakeAsync(db, connection, Path.Combine(folder, BackupArchive.PostgresEntry), clock.GetUtcNow(), ct))
                : (BackupArchive.SqliteEntry, await SqliteSnapshot.TakeAsync(db, connection, Path.Combine(folder, BackupArchive.SqliteEntry), clock.GetUtcNow(), ct));
            steps.Done($"took a consistent snapshot and counted its rows ({manifest.Tables.GetValueOrDefault("cases"):N0} cases)");
            var (uploads, missing) = await BackupUploads.ListAsync(db, scope.ServiceProvider.GetRequiredService<UploadStore>(), ct);
            manifest = manifest with { FamilyUploads = uploads.Count };
            await BackupArchive.WriteAsync(output, manifest, entry, Path.Combine(folder, entry), uploads, ct);
            steps.Done($"wrote the archive with {uploads.Count:N0} family uploads");
            return (manifest, missing);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public Task<RestoreReport> RestoreAsync(string input, CancellationToken ct) => RestoreAsync(input, new RestoreOptions(), ct);

    public async Task<RestoreReport> RestoreAsync(string input, RestoreOptions options, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("vigil-restore-").FullName;
        var steps = new Steps(clock, options.Progress);
        try
        {
            var (manifest, entry, dataFile, uploads) = await BackupArchive.ReadAsync(input, folder, ct);
            steps.Done($"unpacked the backup ({manifest.Store}, {manifest.Tables.GetValueOrDefault("cases"):N0} cases)");
            var kind = VigilDatabase.KindOf(settings.Database);
            if ((entry == BackupArchive.PostgresEntry) != (kind == StoreKind.Postgres))
                throw new InvalidDataException($"{input} is a {manifest.Store} backup and the target store is {kind}: restore into the same kind of store (export/import moves cases between kinds)");
            await EnsureEmptyAsync(ct);
            var target = VigilDatabase.Normalise(settings.Database);
            if (kind == StoreKind.Postgres) await PostgresSnapshot.RestoreAsync(dataFile, target, ct);
            else await SqliteSnapshot.RestoreAsync(dataFile, target, ct);
            steps.Done("copied the snapshot into the store");
            await DataSetup.MigrateAsync(services, ct); // a backup from an older version is brought up to date
            await ReanchorAuditHeadAsync(ct);
            await using (var scope = services.CreateAsyncScope())
                BackupUploads.Place(uploads, scope.ServiceProvider.GetRequiredService<UploadStore>());
            steps.Done($"brought the schema up to date; placed {uploads.Count:N0} family uploads");
            return await VerifyAsync(manifest, options.WaitForLinkage, steps, ct);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The head record beside the key last saw the target's own chain (at least the first key-ring entry its
    /// migration wrote); the restored chain replaces it, so the record follows it. <see cref="VerifyAsync"/> then checks
    /// that chain against the backup's manifest.</summary>
    private async Task ReanchorAuditHeadAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
        if (last is null) return;
        var key = scope.ServiceProvider.GetRequiredService<Vigil.Data.Audit.AuditHasher>().KeyId;
        scope.ServiceProvider.GetRequiredService<Vigil.Data.Audit.AuditHeadFile>().Reset(new Vigil.Data.Audit.AuditHead(last.Sequence, last.Hash, key));
    }

    private async Task EnsureEmptyAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        if (!await db.Database.CanConnectAsync(ct)) return; // an SQLite file that does not exist yet
        if (!await HasHistoryTableAsync(db, ct) || !(await db.Database.GetAppliedMigrationsAsync(ct)).Any())
        {
            // No Vigil schema, but perhaps another application's tables (a mistyped --db): SQLite's restore deletes the
            // file, so only a database with no tables of its own is new (ADR 3135).
            if (await OwnTablesAsync(db, ct) is { Count: > 0 } own)
                throw new InvalidOperationException($"the target store is not empty (it holds tables but no Vigil schema: {string.Join(", ", own.Take(5))}): restore only into a new, empty store");
            return;
        }
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        var (tables, _, _) = await StoreCensus.TakeAsync(db, connection, null, ct);
        // Migration itself writes the first key-ring key and its audit entry (ADR 1131); pg_restore --clean replaces
        // them with the backup's, so a store holding only those is still new.
        var migrationOnly = await db.AuditEntries.CountAsync(e => e.EntityType == nameof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey), ct);
        tables["audit_entries"] = tables.GetValueOrDefault("audit_entries") - migrationOnly;
        var used = InUse.Where(t => tables.GetValueOrDefault(t) > 0).ToList();
        if (used.Count > 0)
            throw new InvalidOperationException($"the target store is not empty ({string.Join(", ", used.Select(t => $"{tables[t]:N0} rows in {t}"))}): restore only into a new, empty store");
    }

    /// <summary>A database never migrated has no history table: asked for its migrations, EF Core runs the query anyway
    /// and logs its failure as an error on the operator's console before it answers "none" (on PostgreSQL it did so even
    /// after its own history repository said the table existed), so the catalogue is asked first.</summary>
    private static async Task<bool> HasHistoryTableAsync(VigilDbContext db, CancellationToken ct)
    {
        var sql = db.Database.IsNpgsql()
            ? "SELECT count(*)::int AS \"Value\" FROM pg_catalog.pg_tables WHERE tablename = '__EFMigrationsHistory'"
            : "SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'";
        return (await db.Database.SqlQueryRaw<int>(sql).ToListAsync(ct))[0] > 0;
    }

    /// <summary>The tables of a database with no Vigil schema, leaving out the database's own, EF Core's empty history
    /// table and those an extension installed (PostGIS's spatial_ref_sys in a database created from a template).</summary>
    private static Task<List<string>> OwnTablesAsync(VigilDbContext db, CancellationToken ct) =>
        db.Database.SqlQueryRaw<string>(db.Database.IsNpgsql()
            ? """
              SELECT t.schemaname || '.' || t.tablename AS "Value" FROM pg_catalog.pg_tables t
              WHERE t.schemaname NOT IN ('pg_catalog', 'information_schema') AND t.tablename <> '__EFMigrationsHistory'
                AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.deptype = 'e'
                  AND d.objid = (quote_ident(t.schemaname) || '.' || quote_ident(t.tablename))::regclass)
              ORDER BY 1
              """
            : "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsHistory' ORDER BY 1")
            .ToListAsync(ct);

    private async Task<RestoreReport> VerifyAsync(BackupManifest manifest, bool waitForLinkage, Steps steps, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        await db.Database.OpenConnectionAsync(ct);
        var (tables, _, _) = await StoreCensus.TakeAsync(db, db.Database.GetDbConnection(), null, ct);
        steps.Done($"counted the rows of {tables.Count} tables");
        var audit = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(null, ct);
        steps.Done($"verified the audit chain ({audit.Checked:N0} entries)");
        // Cases saved but not yet compared when the backup was taken come back queued (ADR 1231): compared now, or left
        // to a serving node's worker. The index holds the compared cases; a queued one joins it once compared.
        var worker = services.GetRequiredService<Linkage.Outbox.LinkageWorker>();
        var pending = await worker.PendingCasesAsync(ct);
        if (waitForLinkage && pending.Count > 0)
        {
            await worker.CaughtUpAsync(null, ct);
            steps.Done($"compared the {pending.Count:N0} cases the backup had queued for linkage");
            pending.Clear();
        }
        var indexed = await services.GetRequiredService<LinkageEngine>().ScanCasesAsync(Enum.GetValues<DeathKind>().ToHashSet(), ct);
        steps.Done($"indexed {indexed.Count:N0} cases for linkage");
        var notIndexed = pending.Except(indexed.Select(c => c.CaseId)).Count();
        var uploads = await BackupUploads.CheckAsync(db, scope.ServiceProvider.GetRequiredService<UploadStore>(), ct);
        steps.Done("checked the family uploads' hashes");
        return new RestoreReport(manifest, tables, audit, indexed.Count, uploads, pending.Count, notIndexed);
    }

    /// <summary>Times each step from the end of the one before.</summary>
    private sealed class Steps(TimeProvider clock, Action<BackupStep>? progress)
    {
        private long since = clock.GetTimestamp();

        public void Done(string what)
        {
            var now = clock.GetTimestamp();
            progress?.Invoke(new BackupStep(what, clock.GetElapsedTime(since, now)));
            since = now;
        }
    }
}
