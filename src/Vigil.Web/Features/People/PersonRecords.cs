using Vigil.Data.People;
using Vigil.Web.Features.Search;

namespace Vigil.Web.Features.People;

public enum PersonChangeOutcome { Done, NotFound, ReasonRequired, Invalid, Conflict }

/// <summary>A change to which person record appearances belong, for the listeners that keep derived state in step
/// (the linkage index): the cases whose people changed.</summary>
public sealed record PeopleChanged(string Kind, Guid PersonId, Guid OtherPersonId, IReadOnlyList<Guid> CaseIds);

public interface IPeopleChangeListener
{
    /// <summary>Called after the change is committed.</summary>
    Task AfterPeopleChangedAsync(PeopleChanged change, CancellationToken ct);
}

/// <summary>Analysts merge two person records that are one person, or split appearances of one record into a new
/// record, always with a reason (ADR 0702). Every appearance moved must be one the analyst can see. The moves, the
/// register entry and the rebuilt search documents are one transaction, audited row by row; listeners hear after.</summary>
public sealed class PersonRecords(VigilDbContext db, CaseAccess access, TimeProvider clock, IEnumerable<IPeopleChangeListener> listeners)
{
    public async Task<(PersonChangeOutcome Outcome, string? Why)> MergeAsync(Guid survivorId, Guid mergedId, string? reason, string by, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) return (PersonChangeOutcome.ReasonRequired, "Say why these two records are one person.");
        if (survivorId == mergedId) return (PersonChangeOutcome.Invalid, "A record cannot be merged into itself.");
        var people = await db.People.Where(p => p.Id == survivorId || p.Id == mergedId).ToListAsync(ct);
        if (people.Count != 2) return (PersonChangeOutcome.NotFound, null);
        var survivor = people.Single(p => p.Id == survivorId);
        var merged = people.Single(p => p.Id == mergedId);
        // Scope before state (ADR 3012): a record already merged is judged by the record it was merged into, so that
        // "already merged" (409) is said only to someone who may merge both; anyone else hears 404, as for no record.
        if (survivor.MergedIntoId is not null || merged.MergedIntoId is not null)
        {
            var roots = new[] { survivor.MergedIntoId ?? survivorId, merged.MergedIntoId ?? mergedId };
            var theirs = await db.CasePeople.Where(cp => roots.Contains(cp.PersonId)).Select(cp => cp.CaseId).ToListAsync(ct);
            return await AllVisibleAsync(theirs, ct)
                ? (PersonChangeOutcome.Conflict, "One of these records has already been merged into another; open the record it was merged into.")
                : (PersonChangeOutcome.NotFound, null);
        }
        var moving = await db.CasePeople.Where(cp => cp.PersonId == mergedId).ToListAsync(ct);
        var seen = await db.CasePeople.Where(cp => cp.PersonId == survivorId).Select(cp => cp.CaseId).ToListAsync(ct);
        if (!await AllVisibleAsync(moving.Select(m => m.CaseId).Concat(seen), ct))
            return (PersonChangeOutcome.NotFound, null);
        foreach (var m in moving) m.PersonId = survivorId;
        merged.MergedIntoId = survivorId;
        survivor.DateOfBirth ??= merged.DateOfBirth;
        foreach (var earlier in await db.People.Where(p => p.MergedIntoId == mergedId).ToListAsync(ct)) earlier.MergedIntoId = survivorId;
        return await CommitAsync(PersonChangeKinds.Merge, survivorId, mergedId, moving, reason, by, moving.Select(m => m.CaseId).Concat(seen), ct);
    }

    public async Task<(PersonChangeOutcome Outcome, string? Why, Guid? NewPersonId)> SplitAsync(Guid personId, IReadOnlyCollection<Guid> appearanceIds, string? reason, string by, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) return (PersonChangeOutcome.ReasonRequired, "Say why these appearances are a different person.", null);
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == personId && p.MergedIntoId == null, ct);
        if (person is null) return (PersonChangeOutcome.NotFound, null, null);
        var all = await db.CasePeople.Where(cp => cp.PersonId == personId).ToListAsync(ct);
        // Scope before state (ADR 3012): a record in none of the reader's deaths answers 404 whatever is ticked, never a
        // 400 that says it exists.
        if (!await AnyVisibleAsync(all.Select(a => a.CaseId), ct)) return (PersonChangeOutcome.NotFound, null, null);
        var moving = all.Where(cp => appearanceIds.Contains(cp.Id)).ToList();
        if (moving.Count == 0 || moving.Count != appearanceIds.Count || moving.Count == all.Count)
            return (PersonChangeOutcome.Invalid, "Tick the appearances that are the other person (some, not all, of this record's).", null);
        if (!await AllVisibleAsync(moving.Select(m => m.CaseId), ct)) return (PersonChangeOutcome.NotFound, null, null);
        var name = moving.Select(m => m.NameAsWritten).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)) ?? person.Name;
        // The new record's key is its own: a later mention of the name still resolves to the original record, and
        // an analyst who sees it belongs here moves it with another split (resolution stays exact, ADR 0008).
        var created = new Person { Name = name.Trim(), MatchKey = $"split|{NewId.Version7():N}", CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.People.Add(created);
        foreach (var m in moving) m.PersonId = created.Id;
        var (outcome, why) = await CommitAsync(PersonChangeKinds.Split, personId, created.Id, moving, reason, by, all.Select(a => a.CaseId), ct);
        return (outcome, why, outcome == PersonChangeOutcome.Done ? created.Id : null);
    }

    private async Task<bool> AllVisibleAsync(IEnumerable<Guid> caseIds, CancellationToken ct)
    {
        var ids = caseIds.Distinct().ToList();
        var visible = await access.VisibleAsync(ct);
        return await visible.CountAsync(c => ids.Contains(c.Id), ct) == ids.Count;
    }

    private async Task<bool> AnyVisibleAsync(IEnumerable<Guid> caseIds, CancellationToken ct)
    {
        var ids = caseIds.Distinct().ToList();
        var visible = await access.VisibleAsync(ct);
        return ids.Count > 0 && await visible.AnyAsync(c => ids.Contains(c.Id), ct);
    }

    private async Task<(PersonChangeOutcome, string?)> CommitAsync(string kind, Guid personId, Guid otherId, List<CasePerson> moved, string reason, string by, IEnumerable<Guid> touched, CancellationToken ct)
    {
        var caseIds = touched.Distinct().ToList();
        db.PersonChanges.Add(new PersonChange
        {
            Kind = kind, PersonId = personId, OtherPersonId = otherId, Appearances = string.Join(',', moved.Select(m => m.Id)),
            Reason = reason.Trim(), By = by, At = clock.GetUtcNow().UtcDateTime,
        });
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
            // Search documents carry the person's id and name: rebuild those of every case touched, in the same transaction.
            var cases = await SearchIndexer.WithChildren(db.Cases.Where(c => caseIds.Contains(c.Id))).ToListAsync(ct);
            await SearchIndexer.ReplaceAsync(db, cases, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (PersonChangeOutcome.Conflict, "Someone changed these records at the same time; reload and try again.");
        }
        var change = new PeopleChanged(kind, personId, otherId, caseIds);
        foreach (var listener in listeners) await listener.AfterPeopleChangedAsync(change, ct);
        return (PersonChangeOutcome.Done, null);
    }
}
