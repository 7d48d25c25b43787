namespace Vigil.Web.Features.Audit;

/// <summary>No key, or a key under which neither the first entries nor the newest verify, or whose id differs from the
/// head record's: the key is wrong, and calling that tampering would send people after the wrong fault (ADR 0801).</summary>
internal static class AuditKeyCheck
{
    private const int Sample = 8;

    public static async Task<AuditProblem?> ProblemAsync(VigilDbContext db, AuditHasher hasher, AuditHeadFile headFile, CancellationToken ct)
    {
        if (!hasher.HasKey)
            return new AuditProblem(0, AuditProblemKind.KeyMissing,
                $"the audit key was not found ({hasher.KeySource}); nothing was verified. Point Vigil:AuditKeyFile (VIGIL_AUDIT_KEY_FILE) at this store's key; `audit verify` never creates one");
        if (headFile.Read() is { } head && head.KeyId != hasher.KeyId)
            return new AuditProblem(0, AuditProblemKind.WrongKey,
                $"the audit key ({hasher.KeySource}, id {hasher.KeyId}) is not the key this store was written with (id {head.KeyId}, per {headFile.ReadPath}); nothing was verified");
        var sample = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).Take(Sample).ToListAsync(ct);
        var newest = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
        if (newest is not null) sample.Add(newest);
        using var session = hasher.StartSession();
        return sample.Count == 0 || sample.Any(session.Matches) ? null
            : new AuditProblem(0, AuditProblemKind.WrongKey,
                $"none of the first {Math.Min(Sample, sample.Count)} entries nor the newest verifies under the audit key ({hasher.KeySource}, id {hasher.KeyId}): the key is not this store's (or every one of them was altered); nothing else was verified");
    }
}
