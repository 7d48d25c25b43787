using Vigil.Web.Features.Enquiries;

namespace Vigil.Web.Features.Oversight.AsKnown;

/// <summary>Reads a case's audit entries (its own and those that name it) and rebuilds the case at a moment from them
/// alone (ADR 0803). A moment is a time (every entry at or before it) or, for tests and links, an entry number.</summary>
public sealed class CaseHistory(VigilDbContext db)
{
    private const int OtherCasesLooked = 30;
    private IReadOnlyDictionary<string, string[]>? keys;

    /// <summary>Primary keys by entity class name, from the model, to name rows folded into a case's create entry.</summary>
    public IReadOnlyDictionary<string, string[]> Keys => keys ??= db.Model.GetEntityTypes()
        .Where(t => !t.IsOwned() && t.FindPrimaryKey() is not null)
        .GroupBy(t => t.ClrType.Name).ToDictionary(g => g.Key, g => g.First().FindPrimaryKey()!.Properties.Select(p => p.Name).ToArray());

    /// <summary>The case's entries and those naming it, in order; as <paramref name="hidden"/> lets the reader see them
    /// (the alerts and link decisions that name a death outside the reader's scope left out, ADR 2801; a series' words
    /// withheld or its entries left out, ADR 2901).</summary>
    public async Task<List<AuditEntry>> EntriesAsync(Guid caseId, DateTime? until, long? upToSequence, CancellationToken ct,
        Linkage.HiddenLinkage? hidden = null)
    {
        var own = db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId);
        var referenced = await db.AuditCaseRefs.AsNoTracking().Where(r => r.CaseId == caseId).Select(r => r.Sequence).ToListAsync(ct);
        var entries = await Limit(own, until, upToSequence).ToListAsync(ct);
        if (referenced.Count > 0)
            entries.AddRange(await Limit(db.AuditEntries.AsNoTracking().Where(e => referenced.Contains(e.Sequence)), until, upToSequence).ToListAsync(ct));
        var shown = hidden is null || hidden.IsEmpty ? entries : entries.Select(hidden.Apply).OfType<AuditEntry>();
        return shown.OrderBy(e => e.Sequence).ToList();
    }

    /// <summary>The number of the last entry <see cref="EntriesAsync"/> would give for the case (0 when none).</summary>
    public async Task<long> LastSequenceAsync(Guid caseId, CancellationToken ct) => Math.Max(
        await db.AuditEntries.Where(e => e.CaseId == caseId).MaxAsync(e => (long?)e.Sequence, ct) ?? 0,
        await db.AuditCaseRefs.Where(r => r.CaseId == caseId).MaxAsync(r => (long?)r.Sequence, ct) ?? 0);

    private static IQueryable<AuditEntry> Limit(IQueryable<AuditEntry> q, DateTime? until, long? upToSequence)
    {
        if (until is { } t) q = q.Where(e => e.At <= t);
        if (upToSequence is { } s) q = q.Where(e => e.Sequence <= s);
        return q;
    }

    public CaseReplay Replay(Guid caseId, IEnumerable<AuditEntry> entries)
    {
        var replay = new CaseReplay(caseId, Keys);
        foreach (var e in entries) replay.Apply(e);
        return replay;
    }

    /// <summary>The case at <paramref name="at"/> (or after entry <paramref name="upToSequence"/>), null if it did not exist
    /// yet; rebuilt as <paramref name="hidden"/> lets the reader see it (see <see cref="EntriesAsync"/>).</summary>
    public async Task<CaseSnapshot?> AtAsync(Guid caseId, DateTime at, long? upToSequence, bool withFamily, CancellationToken ct,
        Linkage.HiddenLinkage? hidden = null)
    {
        var replay = Replay(caseId, await EntriesAsync(caseId, at, upToSequence, ct, hidden));
        var snapshot = CaseSnapshot.From(replay, caseId, at, withFamily);
        if (snapshot.Case is null) return null;
        var (recurring, others) = await OtherDeathsAsync(snapshot, at, upToSequence, ct);
        snapshot.Flags.AddRange(RedFlagsAt.Of(snapshot, recurring));
        foreach (var (person, count) in others) snapshot.OtherDeaths[person] = count;
        return snapshot;
    }

    /// <summary>For each person of the case, how many other deaths they were recorded in at the moment, and which of
    /// them were then finder, caller, last seen with or present at another death (each other death rebuilt too).</summary>
    private async Task<(HashSet<Guid> Recurring, Dictionary<Guid, int> Others)> OtherDeathsAsync(CaseSnapshot s, DateTime at, long? upToSequence, CancellationToken ct)
    {
        var people = s.Case!.People.Select(p => p.PersonId).Distinct().ToList();
        var links = await db.CasePeople.AsNoTracking().Where(p => people.Contains(p.PersonId) && p.CaseId != s.Case.Id)
            .Select(p => new { p.CaseId, p.PersonId }).Distinct().ToListAsync(ct);
        var recurring = new HashSet<Guid>();
        var others = new Dictionary<Guid, int>();
        foreach (var other in links.Select(l => l.CaseId).Distinct().Take(OtherCasesLooked))
        {
            var then = Replay(other, await EntriesAsync(other, at, upToSequence, ct));
            var theirs = CaseSnapshot.All<Vigil.Data.People.CasePerson>(then, "CasePerson");
            foreach (var person in theirs.Select(p => p.PersonId).Where(people.Contains).Distinct())
                others[person] = others.GetValueOrDefault(person) + 1;
            foreach (var p in theirs.Where(p => RedFlags.RecurringRoles.Contains(p.Role)))
                recurring.Add(p.PersonId);
        }
        return (recurring, others);
    }
}
