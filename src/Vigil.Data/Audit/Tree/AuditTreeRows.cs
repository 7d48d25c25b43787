
namespace Vigil.Data.Audit.Tree;

/// <summary>The hash of a perfect subtree of the audit log: level L, index k covers entries k·2^L+1 … (k+1)·2^L.
/// Only levels ≥ <see cref="AuditTree.StoredLevel"/> are stored; lower ones are recomputed from at most 256 entries.
/// Written once when its range is complete and never changed (append-only).</summary>
public class AuditTreeNode : IAuditLogRow
{
    public int Level { get; set; }
    public long Index { get; set; }
    public byte[] Hash { get; set; } = [];
}

/// <summary>A signed tree head: the log's size and root at a moment, signed with the signing key kept outside the
/// database (ADR 0802). Appended at intervals and for each checkpoint; never updated.</summary>
public class AuditTreeHead : IAuditLogRow
{
    public long TreeSize { get; set; }
    public byte[] RootHash { get; set; } = [];
    public DateTime SignedAt { get; set; }
    public string Origin { get; set; } = "";
    /// <summary>The signed-note signature: 4-byte key hint followed by the DER ECDSA P-256 signature.</summary>
    public byte[] Signature { get; set; } = [];
}

internal sealed class AuditTreeNodeConfiguration : IEntityTypeConfiguration<AuditTreeNode>
{
    public void Configure(EntityTypeBuilder<AuditTreeNode> b)
    {
        b.HasKey(n => new { n.Level, n.Index });
        b.Property(n => n.Level).ValueGeneratedNever();
        b.Property(n => n.Index).ValueGeneratedNever();
    }
}

internal sealed class AuditTreeHeadConfiguration : IEntityTypeConfiguration<AuditTreeHead>
{
    public void Configure(EntityTypeBuilder<AuditTreeHead> b)
    {
        b.HasKey(h => h.TreeSize);
        b.Property(h => h.TreeSize).ValueGeneratedNever();
        b.Property(h => h.Origin).HasMaxLength(200);
    }
}
