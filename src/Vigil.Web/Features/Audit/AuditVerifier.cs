using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Audit;

namespace Vigil.Web.Features.Audit;

public enum AuditProblemKind { Altered, Deleted, Inserted, Broken, Truncated, KeyMissing, WrongKey }

public sealed record AuditProblem(long Sequence, AuditProblemKind Kind, string Message)
{
    /// <summary>A missing or wrong key is a configuration fault, not evidence of tampering.</summary>
    public bool IsKeyFault => Kind is AuditProblemKind.KeyMissing or AuditProblemKind.WrongKey;
}

public sealed record AuditVerification(long Checked, long LastSequence, string? HeadHash, AuditProblem? FirstProblem)
{
    public bool Intact => FirstProblem is null;
}

/// <summary>Walks the whole chain in sequence order, recomputing each keyed hash, and names the first entry that
/// was altered, deleted or inserted outside the application; then holds the end of the chain against the head
/// record kept outside the database, so deleting the newest entries is seen too (ADR 0801).</summary>
public sealed class AuditVerifier(VigilDbContext db, AuditHasher hasher, AuditHeadFile headFile)
{
    public const int PageSize = 10_000;
    private const int KeySample = 8;

    public async Task<AuditVerification> VerifyAsync(Action<long>? progress, CancellationToken ct)
    {
        if (await KeyProblemAsync(ct) is { } keyProblem) return new AuditVerification(0, 0, null, keyProblem);
        var head = headFile.Read();
        string? hashAtHead = null;
        long expected = 1, checkedCount = 0, after = 0;
        AuditEntry? beforePrevious = null, previous = null;
        var previousValid = true;
        using var session = hasher.StartSession();
        while (true)
        {
            var page = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(PageSize).ToListAsync(ct);
            foreach (var entry in page)
            {
                var valid = session.Matches(entry);
                // Judge the previous entry now that we can see who links to it.
                if (previous is not null && !previousValid)
                    return Fail(previous, entry.PreviousHash == (beforePrevious?.Hash ?? AuditHasher.Genesis)
                        ? AuditProblemKind.Inserted : AuditProblemKind.Altered);
                if (entry.Sequence != expected)
                    return Fail(entry, AuditProblemKind.Deleted, $"entries #{expected}{(entry.Sequence - 1 > expected ? $"–#{entry.Sequence - 1}" : "")} are missing before #{entry.Sequence}: deleted");
                var link = previous?.Hash ?? AuditHasher.Genesis;
                if (valid && entry.PreviousHash != link)
                    return Fail(entry, AuditProblemKind.Deleted, $"entry #{entry.Sequence} does not follow #{previous?.Sequence ?? 0}: an entry between them was deleted or the chain was re-linked");
                if (entry.Sequence == head?.Count) hashAtHead = entry.Hash;
                (beforePrevious, previous, previousValid) = (previous, entry, valid);
                expected = entry.Sequence + 1;
                checkedCount++;
            }
            progress?.Invoke(checkedCount);
            if (page.Count < PageSize) break;
            after = page[^1].Sequence;
        }
        if (previous is not null && !previousValid) return Fail(previous, AuditProblemKind.Altered);
        var last = previous?.Sequence ?? 0;
        if (head is not null && head.Count > last)
            return Fail(new AuditEntry { Sequence = last + 1 }, AuditProblemKind.Truncated,
                $"the chain ends at #{last} but the head record ({headFile.Path}) shows the application committed {head.Count} entries: #{last + 1}{(head.Count > last + 1 ? $"–#{head.Count}" : "")} were deleted");
        if (head is not null && hashAtHead is not null && hashAtHead != head.Hash)
            return Fail(new AuditEntry { Sequence = head.Count }, AuditProblemKind.Altered,
                $"entry #{head.Count} is not the entry the head record ({headFile.Path}) holds: the chain from there on was rewritten");
        return new AuditVerification(checkedCount, last, previous?.Hash, null);

        AuditVerification Fail(AuditEntry at, AuditProblemKind kind, string? message = null) =>
            new(checkedCount, previous?.Sequence ?? 0, previous?.Hash, new AuditProblem(at.Sequence, kind, message ?? kind switch
            {
                AuditProblemKind.Inserted => $"entry #{at.Sequence} was inserted: its hash does not match its content under the audit key, and the next entry links past it",
                _ => $"entry #{at.Sequence} ({at.Action} {at.EntityType} {at.EntityId} at {at.At.ToString("O", CultureInfo.InvariantCulture)}) was altered: its content does not match its hash under the audit key",
            }));
    }

    /// <summary>No key, or a key under which neither the first entries nor the last verify, nor the head record's
    /// key id matches: the key is wrong, and calling that tampering would send people after the wrong fault.</summary>
    private async Task<AuditProblem?> KeyProblemAsync(CancellationToken ct)
    {
        if (!hasher.HasKey)
            return new AuditProblem(0, AuditProblemKind.KeyMissing,
                $"the audit key was not found ({hasher.KeySource}); nothing was verified. Point Vigil:AuditKeyFile (VIGIL_AUDIT_KEY_FILE) at this store's key; `audit verify` never creates one");
        if (headFile.Read() is { } head && head.KeyId != hasher.KeyId)
            return new AuditProblem(0, AuditProblemKind.WrongKey,
                $"the audit key ({hasher.KeySource}, id {hasher.KeyId}) is not the key this store was written with (id {head.KeyId}, per {headFile.Path}); nothing was verified");
        var sample = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).Take(KeySample).ToListAsync(ct);
        var newest = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
        if (newest is not null) sample.Add(newest);
        using var session = hasher.StartSession();
        return sample.Count == 0 || sample.Any(session.Matches) ? null
            : new AuditProblem(0, AuditProblemKind.WrongKey,
                $"none of the first {Math.Min(KeySample, sample.Count)} entries nor the newest verifies under the audit key ({hasher.KeySource}, id {hasher.KeyId}): the key is not this store's (or every one of them was altered); nothing else was verified");
    }
}
