using System.Security.Cryptography;
using Vigil.Data.Audit.Tree;

namespace Vigil.Web.Features.Audit;

/// <summary>The verifier's state as it walks the log one entry at a time: the keyed chain (whose faults stop the walk
/// at once), and the Merkle tree, whose disagreements with stored nodes, signed heads, the head record or a checkpoint
/// are kept and reported when the chain itself is sound (the chain names the entry; the tree says it was rewritten).</summary>
internal sealed class AuditWalk(
    AuditHasher hasher, AuditHead? head, Dictionary<(int, long), byte[]> storedNodes, List<AuditTreeHead> heads, ECDsa? publicKey, AuditCheckpoint? against,
    string headNote = "")
    : IDisposable
{
    private readonly AuditHasher.Session session = hasher.StartSession();
    private readonly MerkleAccumulator tree = new();
    private readonly Dictionary<(int, long), byte[]> nodes = [];
    private readonly Dictionary<long, List<byte[]>> keptChunks = [];
    private readonly List<string> warnings = [];
    private AuditEntry? beforePrevious, previous;
    private DateTime? firstAt;
    private bool previousValid = true;
    private AuditProblem? chainProblem, treeProblem;
    private string? hashAtHead;
    private byte[]? rootAtCheckpoint;
    private int headIndex, nodesChecked, headsChecked;

    public long Checked { get; private set; }

    private long CheckpointChunk => against is { TreeSize: > 0 } c ? (c.TreeSize - 1) / AuditTree.ChunkSize : -1;

    /// <summary>Takes the next entry; false when the chain is broken (then <see cref="Result"/> names where).</summary>
    public bool Next(AuditEntry entry)
    {
        var valid = session.Matches(entry);
        if (previous is not null && !previousValid)
            return Stop(previous, entry.PreviousHash == (beforePrevious?.Hash ?? AuditHasher.Genesis) ? AuditProblemKind.Inserted : AuditProblemKind.Altered);
        var expected = (previous?.Sequence ?? 0) + 1;
        if (entry.Sequence != expected)
            return Stop(entry, AuditProblemKind.Deleted, $"entries #{expected}{(entry.Sequence - 1 > expected ? $"–#{entry.Sequence - 1}" : "")} are missing before #{entry.Sequence}: deleted");
        if (valid && entry.PreviousHash != (previous?.Hash ?? AuditHasher.Genesis))
            return Stop(entry, AuditProblemKind.Deleted, $"entry #{entry.Sequence} does not follow #{previous?.Sequence ?? 0}: an entry between them was deleted or the chain was re-linked");
        Grow(SHA256.HashData(session.Bytes.LeafInput));
        if (entry.Sequence == head?.Count) hashAtHead = entry.Hash;
        firstAt ??= entry.At;
        (beforePrevious, previous, previousValid) = (previous, entry, valid);
        Checked++;
        return true;
    }

    private void Grow(byte[] leaf)
    {
        var chunk = tree.Size / AuditTree.ChunkSize;
        if (tree.Size % AuditTree.ChunkSize == 0)
        {
            if (chunk > 0 && chunk - 1 != CheckpointChunk) keptChunks.Remove(chunk - 1); // keep the checkpoint's chunk and the tail
            keptChunks[chunk] = new List<byte[]>((int)AuditTree.ChunkSize);
        }
        keptChunks[chunk].Add(leaf);
        tree.Append(leaf, (level, index, hash) =>
        {
            if (level < AuditTree.StoredLevel) return;
            nodes[(level, index)] = hash;
            if (!storedNodes.TryGetValue((level, index), out var stored)) return;
            nodesChecked++;
            if (!stored.AsSpan().SequenceEqual(hash))
                TreeProblem(AuditProblemKind.Rewritten, (index << level) + 1, $"the stored tree node over entries #{(index << level) + 1}–#{(index + 1) << level} does not match those entries: they (or the node) were rewritten after the node was stored");
        });
        if (tree.Size == against?.TreeSize) rootAtCheckpoint = tree.Root();
        while (headIndex < heads.Count && heads[headIndex].TreeSize <= tree.Size)
            CheckHead(heads[headIndex++]);
    }

    private void CheckHead(AuditTreeHead h)
    {
        if (h.TreeSize != tree.Size) return; // a head at size 0, checked in Finish
        headsChecked++;
        var signed = AuditCheckpoint.FromHead(h);
        if (publicKey is not null && !signed.VerifiedBy(publicKey))
            TreeProblem(AuditProblemKind.Rewritten, h.TreeSize, $"the tree head for {h.TreeSize:N0} entries (signed {Show(h.SignedAt)}) does not carry a valid signature under this store's signing key: it was forged or the key was replaced");
        else if (!tree.Root().AsSpan().SequenceEqual(h.RootHash))
            TreeProblem(AuditProblemKind.Rewritten, h.TreeSize, $"the first {h.TreeSize:N0} entries no longer have the root signed at {Show(h.SignedAt)}: history was rewritten after that head was signed");
    }

    public AuditVerification Finish()
    {
        if (previous is not null && !previousValid)
        {
            Stop(previous, AuditProblemKind.Altered);
            return Result();
        }
        var last = previous?.Sequence ?? 0;
        if (heads.Count > 0 && publicKey is null) warnings.Add("no public signing key found: tree-head signatures were not checked (roots were)");
        if (heads.LastOrDefault() is { } newest && newest.TreeSize > last)
            TreeProblem(AuditProblemKind.Truncated, last + 1, $"the chain ends at #{last} but a tree head signed {Show(newest.SignedAt)} covers {newest.TreeSize:N0} entries: #{last + 1}–#{newest.TreeSize} were deleted");
        if (head is not null && head.Count > last)
            chainProblem = new AuditProblem(last + 1, AuditProblemKind.Truncated,
                $"the chain ends at #{last} but the head record outside the database shows the application committed {head.Count} entries: #{last + 1}{(head.Count > last + 1 ? $"–#{head.Count}" : "")} were deleted{headNote}");
        else if (head is not null && hashAtHead is not null && hashAtHead != head.Hash)
            chainProblem = new AuditProblem(head.Count, AuditProblemKind.Rewritten,
                $"entry #{head.Count} is not the entry the head record outside the database holds: the chain from there on was rewritten{headNote}");
        var checkpoint = against is null ? null : CheckCheckpoint(against, last);
        return Result() with { Checkpoint = checkpoint };
    }

    private CheckpointCheck? CheckCheckpoint(AuditCheckpoint held, long last)
    {
        bool? signature = publicKey is null ? null : held.VerifiedBy(publicKey);
        if (signature is null) warnings.Add("no public signing key found: the checkpoint's signature was not checked");
        if (signature == false)
            TreeProblem(AuditProblemKind.BadCheckpoint, held.TreeSize, $"the checkpoint's signature (key {held.KeyHint}) does not verify under this store's signing key: it is not this log's checkpoint, or the store's key was replaced");
        if (held.TreeSize > last)
        {
            TreeProblem(AuditProblemKind.Truncated, last + 1, $"the checkpoint held outside (signed {Show(held.SignedAt)}) shows {held.TreeSize:N0} entries but the log has {last:N0}: #{last + 1}–#{held.TreeSize} were deleted");
            return null;
        }
        var root = held.TreeSize == 0 ? MerkleHash.Empty() : rootAtCheckpoint!;
        if (!root.AsSpan().SequenceEqual(held.RootHash))
            TreeProblem(AuditProblemKind.Rewritten, 1, $"history was rewritten: the log's first {held.TreeSize:N0} entries do not have the root of the checkpoint held outside (signed {Show(held.SignedAt)}); an entry at or before #{held.TreeSize} was changed, removed or added since");
        if (held.TreeSize == 0) return new CheckpointCheck(held, signature, last, tree.Root(), [], true);
        var walked = new WalkedSubtrees(nodes, keptChunks, tree.Size);
        var proof = MerkleProofs.Consistency(walked, held.TreeSize, tree.Size);
        var now = tree.Root();
        return new CheckpointCheck(held, signature, tree.Size, now, proof, MerkleProofs.VerifyConsistency(held.TreeSize, tree.Size, held.RootHash, now, proof));
    }

    public AuditVerification Result() => new(Checked, previous?.Sequence ?? 0, previous?.Hash, chainProblem ?? treeProblem)
    {
        Root = tree.Root(), TreeNodesChecked = nodesChecked, TreeHeadsChecked = headsChecked, Warnings = warnings,
        FirstAt = firstAt, LastAt = previous?.At,
    };

    private void TreeProblem(AuditProblemKind kind, long sequence, string message) =>
        treeProblem ??= new AuditProblem(sequence, kind, message);

    private bool Stop(AuditEntry at, AuditProblemKind kind, string? message = null)
    {
        chainProblem = new AuditProblem(at.Sequence, kind, message ?? kind switch
        {
            AuditProblemKind.Inserted => $"entry #{at.Sequence} was inserted: its hash does not match its content under the audit key, and the next entry links past it",
            _ => $"entry #{at.Sequence} ({at.Action} {at.EntityType} {at.EntityId} at {at.At.ToString("O", CultureInfo.InvariantCulture)}) was altered: its content does not match its hash under the audit key",
        });
        return false;
    }

    public void Dispose() => session.Dispose();

    private static string Show(DateTime at) => at.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
