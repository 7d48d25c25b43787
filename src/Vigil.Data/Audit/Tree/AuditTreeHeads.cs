
namespace Vigil.Data.Audit.Tree;

/// <summary>Signs tree heads: extends the stored tree, computes the root at the current size and appends a signed
/// head (ADR 0802). Called at intervals by the web host, after imports, and for every exported checkpoint.</summary>
public sealed class AuditTreeHeads(VigilDbContext db, AuditSigningKey key, TimeProvider clock)
{
    private readonly AuditTree tree = new(db);

    public AuditTree Tree => tree;

    public Task<AuditTreeHead?> LatestAsync(CancellationToken ct) =>
        db.AuditTreeHeads.AsNoTracking().OrderByDescending(h => h.TreeSize).FirstOrDefaultAsync(ct);

    /// <summary>The latest head covering entry #sequence, if one was signed since it was written.</summary>
    public Task<AuditTreeHead?> FirstCoveringAsync(long sequence, CancellationToken ct) =>
        db.AuditTreeHeads.AsNoTracking().Where(h => h.TreeSize >= sequence).OrderByDescending(h => h.TreeSize).FirstOrDefaultAsync(ct);

    /// <summary>A signed head for the log as it is now (the latest one when nothing was appended since).</summary>
    public async Task<AuditCheckpoint> SignAsync(CancellationToken ct)
    {
        await tree.ExtendAsync(ct);
        var size = await tree.SizeAsync(ct);
        var latest = await LatestAsync(ct);
        if (latest is not null && latest.TreeSize == size) return AuditCheckpoint.FromHead(latest);
        if (latest is not null && latest.TreeSize > size)
            throw new AuditTreeException($"the log has {size:N0} entries but a head was signed at {latest.TreeSize:N0} ({latest.SignedAt:u}): entries were deleted; run `vigil audit verify`");
        // Under the store's lock: two nodes signing the first head of a new log must not each make a signing key.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await AuditChainLock.AcquireAsync(db, ct);
        if (await db.AuditTreeHeads.AsNoTracking().FirstOrDefaultAsync(h => h.TreeSize == size, ct) is { } raced)
            return AuditCheckpoint.FromHead(raced);
        var first = !await db.AuditTreeHeads.AnyAsync(ct);
        var signer = key.TryLoadPrivate()
            ?? (first ? key.CreateOrLoad() : throw new AuditKeyException($"the tree-head signing key was not found ({key.Describe()}); this log has signed heads, so a new key would not be its key"));
        var checkpoint = AuditCheckpoint.Sign(signer, size, tree.Subtrees(size).Root(), clock.GetUtcNow().UtcDateTime);
        db.AuditTreeHeads.Add(checkpoint.ToHead());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return checkpoint;
    }
}
