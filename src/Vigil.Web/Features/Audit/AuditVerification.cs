using Vigil.Data.Audit.Tree;

namespace Vigil.Web.Features.Audit;

public enum AuditProblemKind { Altered, Deleted, Inserted, Broken, Truncated, Rewritten, BadCheckpoint, KeyMissing, WrongKey }

public sealed record AuditProblem(long Sequence, AuditProblemKind Kind, string Message)
{
    /// <summary>A missing or wrong key is a configuration fault, not evidence of tampering.</summary>
    public bool IsKeyFault => Kind is AuditProblemKind.KeyMissing or AuditProblemKind.WrongKey;
}

/// <summary>What `audit verify` found: how far the chain verified, the Merkle root it computed, how many stored
/// nodes and signed heads it held against the entries, and the result against a checkpoint held outside.</summary>
public sealed record AuditVerification(long Checked, long LastSequence, string? HeadHash, AuditProblem? FirstProblem)
{
    public bool Intact => FirstProblem is null;

    /// <summary>Entries verified before the first problem: the walk counts an altered entry before the next one shows
    /// it altered, so <see cref="Checked"/> alone said "5 entries before it verified" of an alteration at #5.</summary>
    public long VerifiedBeforeProblem => FirstProblem is { IsKeyFault: false } p ? Math.Min(Checked, Math.Max(0, p.Sequence - 1)) : Checked;
    public byte[]? Root { get; init; }
    public int TreeNodesChecked { get; init; }
    public int TreeHeadsChecked { get; init; }
    public CheckpointCheck? Checkpoint { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>When the first and the last entry verified were written (the span of history the result covers).</summary>
    public DateTime? FirstAt { get; init; }
    public DateTime? LastAt { get; init; }
}

/// <summary>A checkpoint held outside, and the RFC 9162 consistency proof from its tree to the log's tree now.</summary>
public sealed record CheckpointCheck(AuditCheckpoint Held, bool? SignatureValid, long ProvedTo, byte[] ProvedRoot, IReadOnlyList<byte[]> Proof, bool ProofVerified);
