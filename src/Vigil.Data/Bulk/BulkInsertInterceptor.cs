using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Vigil.Data.Diagnostics;

namespace Vigil.Data.Bulk;

/// <summary>For a context that asks for it (<see cref="VigilDbContext.BulkInserts"/>: an import batch), writes the
/// save's new rows as multi-row INSERTs, table by table in foreign-key order, and hands the rest (updates, rows the
/// database numbers itself that others point at) to EF Core as usual. Runs last of the save interceptors, so the
/// audit entries of the save (one per change, chained) are among the rows it writes; the mapping comes from the EF
/// model, so the schema keeps one source of truth (ADR 1132). A save that deletes anything is left to EF Core whole:
/// a delete and a re-insert of one key must be ordered as EF orders them.</summary>
public sealed class BulkInsertInterceptor : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is VigilDbContext { BulkInserts: true } db && db.Database.CurrentTransaction is { } tx)
            using (StageClock.Measure("  of which bulk insert"))
                await InsertAsync(db, tx, cancellationToken);
        return result;
    }

    /// <summary>A synchronous save does not write in bulk; staged cases are handed to EF Core, which writes them as it
    /// always did, so the audit entries already made for them never describe rows left unwritten.</summary>
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is VigilDbContext { StagedCases.Count: > 0 } db) AttachStaged(db);
        return result;
    }

    private static async Task InsertAsync(VigilDbContext db, IDbContextTransaction tx, CancellationToken ct)
    {
        db.DetectChangesForSave();
        var entries = db.ChangeTracker.Entries().ToList();
        if (entries.Any(e => e.State == EntityState.Deleted))
        {
            AttachStaged(db);
            return;
        }
        var staged = StagedRows(db);
        var plan = BulkPlan.For(entries.Where(e => e.State == EntityState.Added), staged);
        if (staged.Count > 0 && !plan.TakesEvery(staged))
        {
            // A staged table the bulk path will not write: EF Core writes the cases, tracked as they always were.
            AttachStaged(db);
            plan = BulkPlan.For(db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList(), []);
        }
        if (plan.Tables.Count == 0) return;
        await Translated(plan, async () =>
        {
            if (OneCommandInsert.Suits(db, plan))
            {
                var withChainHead = ChainsInTheWritesRoundTrip(db, plan);
                var head = await OneCommandInsert.InsertAsync(db, plan.Tables, withChainHead, ct);
                if (withChainHead) db.ChainHeadTakenWithWrites = new Audit.TakenChainHead(head);
            }
            else await WriteTablesAsync(db, tx, plan, ct);
        });
        MarkWritten(db, plan);
    }

    /// <summary>A large bulk save (an import batch: more rows than one command takes, ADR 1607) has its data rows written
    /// now, before the audit chain's lock and head are taken, on the save's own thread (ADR 3211). The caller has already
    /// described the changes (<c>AuditInterceptor.Collect</c> reads the entries' states, which this changes), so the audit
    /// entries are those it always made; what is left for <see cref="SavingChangesAsync"/> is the audit rows themselves.
    /// The chain's lock, every audited save's one queue (ADR 1604), is then held for the audit rows and the COMMIT, not
    /// for the batch's whole write. Any other save is left as it was (nothing written here): a small one, a delete, a
    /// staged table the bulk path does not take, a save outside a transaction or not in bulk.</summary>
    internal static async Task WriteDataRowsFirstAsync(VigilDbContext db, CancellationToken ct)
    {
        if (!db.BulkInserts || db.Database.CurrentTransaction is not { } tx) return;
        var entries = db.ChangeTracker.Entries().ToList();
        if (entries.Any(e => e.State == EntityState.Deleted)) return;
        var staged = StagedRows(db);
        var plan = BulkPlan.For(entries.Where(e => e.State == EntityState.Added), staged);
        if (plan.Tables.Sum(t => t.Rows.Count) <= OneCommandInsert.MaxRows || (staged.Count > 0 && !plan.TakesEvery(staged))) return;
        using (StageClock.Measure("  of which bulk insert (before the chain's lock)"))
            await Translated(plan, () => WriteTablesAsync(db, tx, plan, ct));
        MarkWritten(db, plan);
    }

    private static async Task WriteTablesAsync(VigilDbContext db, IDbContextTransaction tx, BulkPlan plan, CancellationToken ct)
    {
        var writer = new BulkWriter(db.Database.GetDbConnection(), tx.GetDbTransaction(),
            db.GetService<ISqlGenerationHelper>(), db.Database.GetCommandTimeout());
        foreach (var table in plan.Tables) await writer.InsertAsync(table, ct);
    }

    private static async Task Translated(BulkPlan plan, Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (System.Data.Common.DbException ex)
        {
            // What EF Core itself throws for a failed write, so callers answer a constraint or conflict as they always have.
            throw new DbUpdateException($"bulk insert failed: {ex.Message}", ex, [.. plan.Tables.SelectMany(t => t.Rows).SelectMany(r => r.Entries)]);
        }
    }

    private static void MarkWritten(VigilDbContext db, BulkPlan plan)
    {
        db.StagedCases.Clear();
        foreach (var table in plan.Tables)
            foreach (var entry in table.Rows.SelectMany(r => r.Entries))
                // Rows numbered by the database are not read back: nothing in this save points at them (BulkPlan).
                entry.State = table.OmitsKey ? EntityState.Detached : EntityState.Unchanged;
    }

    /// <summary>Whether the chain's lock and head go at the end of the one command of INSERTs (ADR 3206): the save's
    /// entries wait to be chained after its writes (ADR 1605) and the command writes every change of the save, so EF has
    /// nothing left to send between the lock and the entries' rows with the COMMIT; the lock is then held as long as when
    /// it had its own round trip (from its grant to the COMMIT, no round trip between) and is still the last lock the
    /// save takes (ADR 0904). A save that leaves an update or a row for EF keeps the lock's own round trip after them.</summary>
    private static bool ChainsInTheWritesRoundTrip(VigilDbContext db, BulkPlan plan)
    {
        if (db.DeferredAuditDrafts is null) return false;
        var written = plan.Tables.SelectMany(t => t.Rows).SelectMany(r => r.Entries).Select(e => e.Entity).ToHashSet(ReferenceEqualityComparer.Instance);
        return db.ChangeTracker.Entries().All(e => e.State is EntityState.Unchanged or EntityState.Detached || written.Contains(e.Entity));
    }

    /// <summary>The staged cases' rows (ADR 2251), each a row of its own: owned parts are read through the owner.</summary>
    private static List<BulkRow> StagedRows(VigilDbContext db)
    {
        var staged = db.StagedCases;
        var (rows, _) = staged.AllRows(db.Model);
        var result = new List<BulkRow>(rows.Count);
        foreach (var (type, row) in rows) result.Add(new BulkRow([], type, row));
        foreach (var row in staged.Unaudited)
            result.Add(new BulkRow([], db.Model.FindEntityType(row.GetType()) ?? throw new InvalidOperationException($"{row.GetType().Name} is not in the model"), row));
        return result;
    }

    private static void AttachStaged(VigilDbContext db)
    {
        foreach (var c in db.StagedCases.Cases) db.Cases.Add(c);
        foreach (var row in db.StagedCases.HookRows) db.Add(row);
        foreach (var row in db.StagedCases.Unaudited) db.Add(row);
        db.StagedCases.Clear();
    }
}

/// <summary>One row of a table: the entries mapped to it (an owner and the owned types split into its table), or a
/// staged object of <paramref name="StagedType"/> whose owned parts it reaches through its navigations (ADR 2251).</summary>
internal sealed record BulkRow(List<EntityEntry> Entries, IEntityType? StagedType = null, object? Staged = null);
