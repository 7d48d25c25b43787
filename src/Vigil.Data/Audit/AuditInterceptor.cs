using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Vigil.Data.Audit;

/// <summary>Appends an audit entry for every create, change and delete, in the same transaction as the change,
/// chained to the previous entry. Handlers never write audit rows for data changes themselves.</summary>
public sealed partial class AuditInterceptor(AuditHasher hasher, TimeProvider clock, AuditHeadFile headFile) : SaveChangesInterceptor
{
    /// <summary>Secrets written as "[redacted]": the trail records that they changed, never what they are.</summary>
    public static IReadOnlySet<string> RedactedProperties => Redacted;

    private static readonly HashSet<string> Redacted = new(StringComparer.Ordinal)
    {
        "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "SecretHash", "TotpSecret", "TokenHash",
        "Xml", // a data-protection key: encrypted already, but key material has no place in an audit trail
    };

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        using (Diagnostics.StageClock.Measure("  of which audit append"))
            if (eventData.Context is VigilDbContext db) await AppendAsync(db, cancellationToken, writesInBulk: true);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is VigilDbContext db) AppendAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is VigilDbContext { DeferredAuditDrafts: { } drafts } deferred)
        {
            deferred.DeferredAuditDrafts = null;
            await ChainAfterWritesAsync(deferred, drafts, cancellationToken);
        }
        if (eventData.Context is VigilDbContext db && db.OwnedAuditTransaction is { } tx)
        {
            db.OwnedAuditTransaction = null;
            db.Database.AutoSavepointsEnabled = true;
            await tx.CommitAsync(cancellationToken);
            await tx.DisposeAsync();
        }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result) =>
        SavedChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is VigilDbContext db) await AbandonAsync(db);
    }

    /// <summary>Undoes a save that did not complete: the transaction this interceptor began is rolled back (with the
    /// chain's lock and every row the save had sent: no savepoint guarded them, ADR 2434), its audit rows are no longer
    /// tracked and nothing is recorded outside the database. Called when EF reports the failure and, from
    /// <see cref="VigilDbContext"/>, for every save that throws — EF does not report a stale row (its concurrency
    /// exception) or a cancelled save as a failure. Once is enough; a second call finds nothing to undo.</summary>
    internal static async Task AbandonAsync(VigilDbContext db)
    {
        if (db.OwnedAuditTransaction is { } tx)
        {
            db.OwnedAuditTransaction = null;
            db.Database.AutoSavepointsEnabled = true;
            await tx.RollbackAsync(CancellationToken.None);
            await tx.DisposeAsync();
        }
        DetachPendingAudit(db);
        db.PendingAuditHead = null;
        db.DeferredAuditDrafts = null;
        db.ChainHeadTakenWithWrites = null;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) =>
        SaveChangesFailedAsync(eventData).GetAwaiter().GetResult();

    /// <param name="writesInBulk">An asynchronous save, which the bulk interceptor writes: a large bulk save's data rows
    /// are written after its entries are described and before the chain's lock (ADR 3211). A synchronous save is
    /// written by EF Core alone, after.</param>
    private async Task AppendAsync(VigilDbContext db, CancellationToken ct, bool writesInBulk = false)
    {
        db.DetectChangesForSave();
        var drafts = Collect(db);
        drafts.AddRange(db.PendingAuditEvents);
        db.PendingAuditEvents.Clear();
        if (drafts.Count == 0) return;

        if (db.Database.CurrentTransaction is null)
        {
            db.OwnedAuditTransaction = await db.Database.BeginTransactionAsync(ct);
            // EF would take the transaction begun here as the caller's and wrap its writes in a savepoint (SAVEPOINT and
            // RELEASE, two statements each save): nothing could go on in this transaction after a failed write, which
            // rolls all of it back (SaveChangesFailed), so the savepoint guards nothing (ADR 2434).
            db.Database.AutoSavepointsEnabled = false;
        }
        if (ChainsAfterWrites(db, drafts.Count))
        {
            db.DeferredAuditDrafts = drafts;
            return;
        }
        // The entries are described (above: Collect reads the rows' states, which the write changes); the batch's data
        // rows go now, and only the audit rows after the lock (ADR 3211).
        if (writesInBulk) await Bulk.BulkInsertInterceptor.WriteDataRowsFirstAsync(db, ct);
        ChainHead? last;
        using (Diagnostics.StageClock.Measure("  of which chain lock and head")) last = await AuditChainLock.AcquireWithHeadAsync(db, ct);
        var (entries, head) = AuditLinks.Make(hasher, clock, db.Actor.Name, last, drafts);
        for (var i = 0; i < entries.Count; i++)
        {
            db.AuditEntries.Add(entries[i]);
            foreach (var other in drafts[i].AlsoCases) db.AuditCaseRefs.Add(new AuditCaseRef { CaseId = other, Sequence = entries[i].Sequence });
        }
        // Written outside the database once the transaction commits (AuditHeadInterceptor).
        db.PendingAuditHead = head;
    }

    /// <summary>On PostgreSQL the chain's lock is the cluster's one queue: every audited save of every node waits for it
    /// (ADR 1604). A save's own rows are written first, without it; then the lock and head are taken in one round trip and
    /// the entries' rows go with the COMMIT in one more (ADR 1605), so the lock is held for one round trip, not for the
    /// writes and the commit after them. A small import (an API batch) is such a save too: its bulk rows are written
    /// before the lock. A large one keeps its entries in bulk rows of their own (binary COPY), as their number makes one
    /// parameterised INSERT the slower way; its data rows are written before the lock all the same (ADR 3211). SQLite's
    /// one writer lock is taken by the transaction's BEGIN: nothing to gain.</summary>
    private static bool ChainsAfterWrites(VigilDbContext db, int entries) =>
        db.Database.IsNpgsql() && (entries <= MostChainedAfterWrites || !db.BulkInserts);

    /// <summary>Entries of a bulk save chained after its writes; above this, with its bulk rows (ADR 1605).</summary>
    internal const int MostChainedAfterWrites = 256;

    private async Task ChainAfterWritesAsync(VigilDbContext db, List<AuditDraft> drafts, CancellationToken ct)
    {
        ChainHead? last;
        if (db.ChainHeadTakenWithWrites is { } taken)
        {
            // Taken at the end of the save's one command of INSERTs (ADR 3206): no round trip of its own.
            db.ChainHeadTakenWithWrites = null;
            last = taken.Head;
        }
        else
            using (Diagnostics.StageClock.Measure("  of which chain lock and head")) last = await AuditChainLock.AcquireWithHeadAsync(db, ct);
        var (entries, head) = AuditLinks.Make(hasher, clock, db.Actor.Name, last, drafts);
        var owned = db.OwnedAuditTransaction;
        var commit = owned is not null || db.CommitWithAudit;
        if (owned is not null)
        {
            db.OwnedAuditTransaction = null;
            db.Database.AutoSavepointsEnabled = true;
        }
        try
        {
            using (Diagnostics.StageClock.Measure("  of which audit rows (and commit)")) await AuditRows.InsertAsync(db, entries, drafts, commit, ct);
        }
        finally
        {
            // After its COMMIT the transaction is complete and disposing it sends nothing; if the command failed before the
            // COMMIT, disposing rolls it back (and lets go of the lock). A caller's own transaction is the caller's to dispose.
            if (owned is not null) await owned.DisposeAsync();
        }
        if (!commit)
        {
            db.PendingAuditHead = head; // the caller commits: AuditHeadInterceptor advances the file then
            return;
        }
        db.CommittedWithAudit = db.CommitWithAudit;
        AuditHeadInterceptor.AdvanceOrHold(headFile, db, head); // after the commit, never before (ADR 0801)
    }

    private static void DetachPendingAudit(VigilDbContext db)
    {
        foreach (var e in db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).ToList())
            e.State = EntityState.Detached;
    }
}
