using System.Collections.Concurrent;
using Vigil.Data.Audit;

namespace Vigil.Web.Features.Audit;

/// <summary>Chains the read entries of concurrent requests together (ADR 1593). Every audited save takes the chain's
/// one lock across all nodes, so under 50 officers each case view queued behind every other. A request hands its
/// entry here and waits until it is committed, exactly as before; while one batch is being written the next
/// requests' entries gather, and the next writer chains them all under one lock and one commit. The writer saves on
/// its own request's context (ADR 2131): that request already holds a connection to its end (ADR 2031), so a batch
/// costs no pool take, no pool reset and no DbContext of its own. On PostgreSQL a batch's rows go with its COMMIT in one
/// round trip (ADR 1605), so the lock is held for one round trip, not two.</summary>
public sealed class ReadAuditAppender
{
    private const int MostPerBatch = 256;

    private readonly ConcurrentQueue<Pending> queue = new();
    private readonly SemaphoreSlim writer = new(1, 1);
    private int uncommitted;

    /// <summary>Entries handed in whose requests still wait for their commit (tests watch it to know reads are queued).</summary>
    internal int Uncommitted => Volatile.Read(ref uncommitted);

    /// <summary>Returns once the entry is committed to the chain (or throws what the save threw). <paramref name="db"/>
    /// is the caller's own context with nothing to save: if the caller's turn comes to write, the batch is saved on it.</summary>
    public async Task AppendAsync(AuditDraft draft, VigilDbContext db, CancellationToken ct)
    {
        var pending = new Pending(draft, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Increment(ref uncommitted);
        try
        {
            queue.Enqueue(pending);
            await writer.WaitAsync(ct);
            try
            {
                // Another request's batch may have taken this entry while we waited for the writer.
                while (!pending.Committed.Task.IsCompleted) await WriteBatchAsync(db);
            }
            finally
            {
                writer.Release();
            }
            await pending.Committed.Task;
        }
        finally
        {
            Interlocked.Decrement(ref uncommitted);
        }
    }

    private async Task WriteBatchAsync(VigilDbContext db)
    {
        var batch = new List<Pending>(MostPerBatch);
        while (batch.Count < MostPerBatch && queue.TryDequeue(out var next)) batch.Add(next);
        if (batch.Count == 0) return;
        try
        {
            foreach (var p in batch) db.RecordEvent(p.Draft);
            try
            {
                // Not the requests' tokens: one reader going away must not lose the others' entries.
                await db.SaveChangesAsync(CancellationToken.None);
            }
            finally
            {
                // The chain's rows are the record, not the writer's data: its context goes on as it was before.
                foreach (var written in db.ChangeTracker.Entries().Where(e => e.Entity is AuditEntry or AuditCaseRef).ToList())
                    written.State = EntityState.Detached;
            }
            foreach (var p in batch) p.Committed.SetResult();
        }
        catch (Exception ex)
        {
            foreach (var p in batch) p.Committed.SetException(ex);
        }
    }

    private sealed record Pending(AuditDraft Draft, TaskCompletionSource Committed);
}
