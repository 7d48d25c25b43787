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
