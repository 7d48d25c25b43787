using Vigil.Data.Audit.Tree;

namespace Vigil.Web.Features.Audit;

/// <summary>An inclusion proof: entry #sequence is leaf sequence−1 of the tree a signed head (or a checkpoint held
/// outside) commits to, and the audit path that recomputes that root (RFC 9162 §2.1.3).</summary>
public sealed record InclusionProof(AuditEntry Entry, byte[] LeafHash, AuditCheckpoint Head, IReadOnlyList<byte[]> Path, bool Verified, bool? SignatureValid);

/// <summary>Proves one entry against the newest signed head that covers it, signing a fresh head when none does yet.
/// Logarithmic: a dozen stored nodes and at most two runs of 256 entries, whatever the log's size.</summary>
public sealed class AuditProver(VigilDbContext db, AuditTreeHeads heads, AuditSigningKey signingKey)
{
    /// <summary>Null when there is no entry #sequence.</summary>
    /// <param name="signIfNeeded">False for readers (the web): no head covering the entry yet means no proof, not a write.</param>
    public async Task<InclusionProof?> ProveAsync(long sequence, AuditCheckpoint? against, CancellationToken ct, bool signIfNeeded = true)
    {
        var entry = await db.AuditEntries.AsNoTracking().SingleOrDefaultAsync(e => e.Sequence == sequence, ct);
        if (entry is null) return null;
        var covering = await heads.FirstCoveringAsync(sequence, ct);
        if (against is null && covering is null && !signIfNeeded) return null;
        var head = against ?? (covering is not null ? AuditCheckpoint.FromHead(covering) : await heads.SignAsync(ct));
        if (head.TreeSize < sequence)
            throw new AuditTreeException($"the checkpoint covers {head.TreeSize:N0} entries; entry #{sequence} was written after it");
        var tree = heads.Tree.Subtrees(head.TreeSize);
        var leaf = AuditLeaf.Hash(entry);
        var path = MerkleProofs.Inclusion(tree, sequence - 1, head.TreeSize);
        bool? signature = signingKey.TryLoadPublic() is { } key ? head.VerifiedBy(key) : null;
        return new InclusionProof(entry, leaf, head, path, MerkleProofs.VerifyInclusion(sequence - 1, head.TreeSize, leaf, path, head.RootHash), signature);
    }
}
