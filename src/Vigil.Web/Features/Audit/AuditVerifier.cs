using System.Threading.Channels;
using Vigil.Data.Audit.Tree;

namespace Vigil.Web.Features.Audit;

/// <summary>Walks every entry in sequence order, once: recomputes each keyed hash and names the first entry altered,
/// deleted or inserted outside the application; builds the RFC 9162 tree as it goes and holds every stored node and
/// signed tree head against it; then the end of the log against the head record (ADR 0801) and, given one, a
/// checkpoint held outside, with the consistency proof from it to now (ADR 0802). Reading and hashing overlap on two
/// threads, the reader at most a few hundred KB ahead (<see cref="AuditReadAhead"/>); memory stays constant apart from
/// the stored nodes (about 8,000 at a million entries).</summary>
public sealed class AuditVerifier(VigilDbContext db, AuditHasher hasher, AuditHeadFile headFile, AuditSigningKey signingKey)
{
    public async Task<AuditVerification> VerifyAsync(Action<long>? progress, CancellationToken ct, AuditCheckpoint? against = null)
    {
        if (await AuditKeyCheck.ProblemAsync(db, hasher, headFile, ct) is { } keyProblem) return new AuditVerification(0, 0, null, keyProblem);
        using var walk = new AuditWalk(hasher, headFile.Read(), await LoadNodesAsync(ct),
            await db.AuditTreeHeads.AsNoTracking().OrderBy(h => h.TreeSize).ToListAsync(ct), signingKey.TryLoadPublic(), against, SharedHeadNote());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var batches = Channel.CreateBounded<List<AuditEntry>>(new BoundedChannelOptions(AuditReadAhead.Queued) { SingleReader = true, SingleWriter = true });
        var reader = Task.Run(() => ReadAsync(batches.Writer, stop.Token), stop.Token);
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(ct))
            {
                foreach (var entry in batch)
                    if (!walk.Next(entry)) return walk.Result();
                progress?.Invoke(walk.Checked);
            }
            await reader; // surfaces a read error
            return walk.Finish();
        }
        finally
        {
            await stop.CancelAsync();
            try { await reader; } catch (OperationCanceledException) { /* stopped early on a problem */ }
        }
    }

    /// <summary>A record under the name earlier versions shared may be another store's in the same folder (ADR 1761).</summary>
    private string SharedHeadNote() => headFile.ReadsShared
        ? $" (the head record was read from {headFile.ReadPath}, the name earlier versions shared between every store whose key is in that folder: if another store lives there, the record may be that store's; this store's next write gives it its own, {headFile.Path})"
        : "";

    private async Task ReadAsync(ChannelWriter<List<AuditEntry>> writer, CancellationToken ct)
    {
        try
        {
            await foreach (var batch in AuditReadAhead.BatchAsync(AuditEntryStream.ReadAsync(db, 0, null, ct), ct))
                await writer.WriteAsync(batch, ct);
            writer.Complete();
        }
        catch (Exception ex)
        {
            writer.Complete(ex);
            throw;
        }
    }

    private async Task<Dictionary<(int, long), byte[]>> LoadNodesAsync(CancellationToken ct) =>
        await db.AuditTreeNodes.AsNoTracking().ToDictionaryAsync(n => (n.Level, n.Index), n => n.Hash, ct);
}
