namespace Vigil.Web.Features.Audit;

/// <summary>What the audit verbs print, and the exit code that goes with it.</summary>
internal static class AuditReport
{
    public static int Verification(AuditVerification result, TimeSpan took)
    {
        foreach (var warning in result.Warnings) Console.WriteLine($"warning: {warning}");
        if (result.FirstProblem is { IsKeyFault: true } key)
        {
            Console.Error.WriteLine($"audit key problem: {key.Message}");
            return VigilCli.Usage;
        }
        if (result.Checkpoint is { } c)
            Console.WriteLine($"checkpoint held outside: {c.Held.TreeSize:N0} entries signed {c.Held.SignedAt:u} by {c.Held.Origin}; signature {Signature(c.SignatureValid)}; " +
                $"consistency proof to {c.ProvedTo:N0} entries: {c.Proof.Count} hashes, {(c.ProofVerified ? "verified" : "FAILED")}");
        if (result.FirstProblem is { } problem)
        {
            Console.WriteLine($"AUDIT LOG BROKEN at entry #{problem.Sequence} ({problem.Kind.ToString().ToLowerInvariant()}): {problem.Message}");
            Console.WriteLine($"{result.VerifiedBeforeProblem:N0} entries before it verified.");
            return VigilCli.Failed;
        }
        Console.WriteLine($"audit log intact: {result.Checked:N0} entries verified in {took.TotalSeconds:F1} s; head #{result.LastSequence} {result.HeadHash}; " +
            $"tree root {Convert.ToBase64String(result.Root ?? [])}; {result.TreeNodesChecked:N0} stored nodes and {result.TreeHeadsChecked:N0} signed heads agree");
        return VigilCli.Ok;
    }

    public static int Inclusion(InclusionProof proof, TimeSpan took, bool json)
    {
        var e = proof.Entry;
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                sequence = e.Sequence, leaf_index = e.Sequence - 1, tree_size = proof.Head.TreeSize,
                leaf_hash = Convert.ToBase64String(proof.LeafHash), root_hash = Convert.ToBase64String(proof.Head.RootHash),
                path = proof.Path.Select(Convert.ToBase64String), verified = proof.Verified, signature_valid = proof.SignatureValid,
                checkpoint = proof.Head.Note,
            }, new JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            Console.WriteLine($"entry #{e.Sequence}: {e.Action} {e.EntityType} {e.EntityId} by {e.Actor} at {e.At:u}");
            Console.WriteLine($"leaf hash   {Convert.ToHexStringLower(proof.LeafHash)} (leaf {e.Sequence - 1})");
            Console.WriteLine($"tree head   {proof.Head.TreeSize:N0} entries, root {Convert.ToBase64String(proof.Head.RootHash)}, signed {proof.Head.SignedAt:u} by {proof.Head.Origin}; signature {Signature(proof.SignatureValid)}");
            Console.WriteLine($"audit path  {proof.Path.Count} hashes");
            foreach (var hash in proof.Path) Console.WriteLine($"  {Convert.ToHexStringLower(hash)}");
            Console.WriteLine(proof.Verified
                ? $"inclusion verified: the path recomputes the signed root (RFC 9162 §2.1.3.2) in {took.TotalMilliseconds:F1} ms"
                : "INCLUSION FAILED: the path does not recompute the signed root; the entry or the tree was changed after the head was signed");
        }
        return proof.Verified && proof.SignatureValid != false ? VigilCli.Ok : VigilCli.Failed;
    }

    private static string Signature(bool? valid) => valid switch { true => "valid", false => "INVALID", null => "not checked (no public key)" };
}
