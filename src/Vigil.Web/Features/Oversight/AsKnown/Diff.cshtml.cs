namespace Vigil.Web.Features.Oversight.AsKnown;

/// <summary>/cases/{id}/as-known/diff: what changed in the case between two entries, and who changed it.</summary>
[Authorize(Policy = Policies.ReadCases)]
public sealed class DiffModel(CaseAccess access, CaseHistory history, Linkage.LinkageAccess linkage, VigilDbContext db, ForceTime time,
    Cases.CaseOfficers officers) : PageModel
{
    public Guid CaseId { get; private set; }
    public long From { get; private set; }
    public long To { get; private set; }
    public DateTime? FromAt { get; private set; }
    public DateTime? ToAt { get; private set; }
    public List<CaseChange> Changes { get; private set; } = [];
    public ForceTime Time => time;
    /// <summary>Who last touched each change, said as the audit history says it (ADR 3225).</summary>
    public Audit.SaidActors Actors { get; private set; } = Audit.SaidActors.None;
    /// <summary>The changes' values in words, the officers they name by name (walk53 finding 8).</summary>
    public ChangeWords Words { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, long from, long to, CancellationToken ct)
    {
        if (!await access.CanReadAsync(id, ct)) return NotFound();
        (CaseId, From, To) = (id, Math.Min(from, to), Math.Max(from, to));
        var withFamily = await access.ShowsFamilyOfAsync(id, ct);
        var entries = await history.EntriesAsync(id, null, To, ct, await linkage.HiddenEntriesAsync(id, ct));
        var before = history.Replay(id, entries.Where(e => e.Sequence <= From));
        var after = history.Replay(id, entries);
        FromAt = entries.LastOrDefault(e => e.Sequence <= From)?.At;
        ToAt = entries.LastOrDefault()?.At;
        // The heading names the last entry shown, not a number asked beyond it ("#999999999": walk55 finding 10).
        To = Math.Max(From, entries.LastOrDefault()?.Sequence ?? From);
        Changes = CaseDiff.Between(before, after, withFamily);
        Words = new ChangeWords(await officers.NamesAsync(ChangeWords.Logins(Changes), ct), time);
        Actors = await Audit.AuditActor.OfEntriesAsync(db, Audit.SaidActors.OnePerActor(entries.Where(e => e.Sequence > From).Select(e => (e.Actor, e.Sequence))), ct);
        db.RecordEvent("view", "DeathCase", id.ToString(), id, $$"""{"via":"as-known-diff","from":{{From}},"to":{{To}}}""");
        await db.SaveChangesAsync(ct);
        return Page();
    }
}
