using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Audit;

namespace Vigil.Web.Features.Audit;

public enum AuditProblemKind { Altered, Deleted, Inserted, Broken }

public sealed record AuditProblem(long Sequence, AuditProblemKind Kind, string Message);

public sealed record AuditVerification(long Checked, long LastSequence, string? HeadHash, AuditProblem? FirstProblem)
{
    public bool Intact => FirstProblem is null;
}

/// <summary>Walks the whole chain in sequence order, recomputing each keyed hash, and names the first entry that
/// was altered, deleted or inserted outside the application. Reads in keyset pages: constant memory.</summary>
public sealed class AuditVerifier(VigilDbContext db, AuditHasher hasher)
{
    public const int PageSize = 10_000;

    public async Task<AuditVerification> VerifyAsync(Action<long>? progress, CancellationToken ct)
    {
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
                (beforePrevious, previous, previousValid) = (previous, entry, valid);
                expected = entry.Sequence + 1;
                checkedCount++;
            }
            progress?.Invoke(checkedCount);
            if (page.Count < PageSize) break;
            after = page[^1].Sequence;
        }
        if (previous is not null && !previousValid) return Fail(previous, AuditProblemKind.Altered);
        return new AuditVerification(checkedCount, previous?.Sequence ?? 0, previous?.Hash, null);

        AuditVerification Fail(AuditEntry at, AuditProblemKind kind, string? message = null) =>
            new(checkedCount, previous?.Sequence ?? 0, previous?.Hash, new AuditProblem(at.Sequence, kind, message ?? kind switch
            {
                AuditProblemKind.Inserted => $"entry #{at.Sequence} was inserted: its hash does not match its content under the audit key, and the next entry links past it",
                _ => $"entry #{at.Sequence} ({at.Action} {at.EntityType} {at.EntityId} at {at.At.ToString("O", CultureInfo.InvariantCulture)}) was altered: its content does not match its hash under the audit key",
            }));
    }
}
