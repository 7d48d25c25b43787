using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vigil.Data.Audit;
using Vigil.Data.Audit.Tree;

namespace Vigil.Web.Tests.Features.Audit;

/// <summary>RFC 9162's tree, proofs and their verification, against the published reference roots and by property.</summary>
public sealed class MerkleProofTests
{
    // The eight inputs of the Certificate Transparency reference tests (RFC 6962 test data).
    private static readonly byte[][] Inputs =
    [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    private static List<byte[]> Leaves(int n) => Enumerable.Range(0, n).Select(i => MerkleHash.Leaf(Encoding.UTF8.GetBytes($"entry {i}"))).ToList();

    [Fact]
    public void Roots_MatchTheReferenceValues()
    {
        var leaves = Inputs.Select(i => MerkleHash.Leaf(i)).ToList();
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(MerkleHash.Empty()));
        Assert.Equal("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", Convert.ToHexStringLower(new LeafSubtrees(leaves).Hash(0, 1)));
        Assert.Equal("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328", Convert.ToHexStringLower(new LeafSubtrees(leaves).Hash(0, 8)));
    }

    [Property(MaxTest = 60)]
    public Property Accumulator_AgreesWithTheRecursiveDefinition(PositiveInt size)
    {
        var n = size.Get % 600 + 1;
        var leaves = Leaves(n);
        var accumulator = new MerkleAccumulator();
        var completed = new List<(int Level, long Index, byte[] Hash)>();
        foreach (var leaf in leaves) accumulator.Append(leaf, (l, i, h) => completed.Add((l, i, h)));
        var tree = new LeafSubtrees(leaves);
        return (accumulator.Root().AsSpan().SequenceEqual(tree.Hash(0, n))
            && completed.All(c => c.Hash.AsSpan().SequenceEqual(tree.Hash(c.Index << c.Level, (c.Index + 1) << c.Level)))).ToProperty();
    }

    [Property(MaxTest = 60)]
    public Property EveryInclusionProof_Verifies_AndAnotherLeafDoesNot(PositiveInt size, PositiveInt pick)
    {
        var n = size.Get % 300 + 1;
        var m = pick.Get % n;
        var leaves = Leaves(n);
        var tree = new LeafSubtrees(leaves);
        var path = MerkleProofs.Inclusion(tree, m, n);
        var root = tree.Hash(0, n);
        var wrongLeaf = MerkleHash.Leaf("forged"u8);
        return (MerkleProofs.VerifyInclusion(m, n, leaves[m], path, root)
            && !MerkleProofs.VerifyInclusion(m, n, wrongLeaf, path, root)
            && (n == 1 || !MerkleProofs.VerifyInclusion((m + 1) % n, n, leaves[m], path, root))
            && path.Count <= 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)n)).ToProperty();
    }

    [Property(MaxTest = 60)]
    public Property EveryConsistencyProof_Verifies_AndARewrittenPrefixDoesNot(PositiveInt a, PositiveInt b)
    {
        var n = a.Get % 300 + 1;
        var m = b.Get % n + 1;
        var leaves = Leaves(n);
        var tree = new LeafSubtrees(leaves);
        var proof = MerkleProofs.Consistency(tree, m, n);
        var rewritten = leaves.ToList();
        rewritten[m - 1] = MerkleHash.Leaf("rewritten"u8);
        var forgedTree = new LeafSubtrees(rewritten);
        var forgedProof = MerkleProofs.Consistency(forgedTree, m, n);
        return (MerkleProofs.VerifyConsistency(m, n, tree.Hash(0, m), tree.Hash(0, n), proof)
            && !MerkleProofs.VerifyConsistency(m, n, tree.Hash(0, m), forgedTree.Hash(0, n), forgedProof)).ToProperty();
    }

    [Property]
    public Property EntryBytes_AreTheCanonicalStringInUtf8(NonNull<string> changes, NonNull<string> actor, bool withCase)
    {
        var entry = new AuditEntry
        {
            Sequence = 42, At = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1234567), Actor = actor.Get, Action = "update",
            EntityType = "DeathCase", EntityId = "é/1", CaseId = withCase ? Guid.CreateVersion7() : null, Changes = changes.Get, PreviousHash = "p", Hash = "h",
        };
        var bytes = new AuditEntryBytes();
        bytes.Encode(entry);
        var canonical = Encoding.UTF8.GetBytes(AuditHasher.Canonical(entry));
        return (bytes.Canonical.SequenceEqual(canonical) && bytes.LeafInput[0] == 0 && bytes.LeafInput[1..].StartsWith(canonical)).ToProperty();
    }

    [Fact]
    public void Checkpoint_RoundTripsAndVerifies_AndAnyChangeBreaksTheSignature()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = AuditCheckpoint.Sign(key, 1234, SHA256.HashData("root"u8), new DateTime(2026, 5, 1, 12, 0, 0, DateTimeKind.Utc));
        var parsed = AuditCheckpoint.Parse(signed.Note);
        Assert.True(parsed.VerifiedBy(key));
        Assert.False(parsed.VerifiedBy(other));
        Assert.False((parsed with { TreeSize = 1235 }).VerifiedBy(key));
        Assert.StartsWith("vigil-audit/", signed.Note, StringComparison.Ordinal);
        Assert.Contains("\n\n\u2014 vigil-audit/", signed.Note, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => AuditCheckpoint.Parse("not a checkpoint"));
    }
}
