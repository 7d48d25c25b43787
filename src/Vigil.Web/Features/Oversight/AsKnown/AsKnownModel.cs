namespace Vigil.Web.Features.Oversight.AsKnown;

/// <summary>/cases/{id}/as-known: the case as the audit trail says it stood at a moment (a time typed in the force's
/// zone, an entry number, or a position on the slider of moments), marked with that moment; the view is audited.</summary>
[Authorize(Policy = Policies.ReadCases)]
public sealed class AsKnownModel(CaseAccess access, CaseHistory history, Linkage.LinkageAccess linkage, VigilDbContext db, ForceTime time,
    TimeProvider clock, Cases.CaseOfficers officers)
    : PageModel
{
    public CaseSnapshot? Snapshot { get; private set; }
    public List<CaseMoment> AllMoments { get; private set; } = [];
    public int MomentIndex { get; private set; }
    public bool WithFamily { get; private set; }
    public ForceTime Time => time;
    public string? TeamName { get; private set; }
    public string? SeriesReference { get; private set; }
    public Guid CaseId { get; private set; }
    /// <summary>Who made a change or viewed the case, said as the audit history says it (ADR 3225).</summary>
    public Audit.SaidActors Actors { get; private set; } = Audit.SaidActors.None;

    public async Task<IActionResult> OnGetAsync(Guid id, string? at, long? seq, int? moment, CancellationToken ct)
    {
        if (!await access.CanReadAsync(id, ct)) return NotFound();
        CaseId = id;
        WithFamily = await access.ShowsFamilyOfAsync(id, ct);
        // Alerts naming a death outside the reader's scope are not part of the case as this reader may know it (ADR 2801),
        // nor the words on a series with such a death (ADR 2901).
        var hidden = await linkage.HiddenEntriesAsync(id, ct);
        var all = history.Replay(id, await history.EntriesAsync(id, null, null, ct, hidden));
        AllMoments = all.Moments.Where(m => WithFamily || !FamilySnapshot.IsFamily(m.EntityType)).ToList();
        if (moment is { } i && AllMoments.Count > 0) seq = AllMoments[Math.Clamp(i, 0, AllMoments.Count - 1)].Sequence;
        var when = seq is { } s ? AllMoments.LastOrDefault(m => m.Sequence <= s)?.At ?? clock.GetUtcNow().UtcDateTime
            : Parse(at) ?? clock.GetUtcNow().UtcDateTime;
        var snapshot = await history.AtAsync(id, when, seq, WithFamily, ct, hidden);
        if (snapshot is null) return Page(); // the case did not exist yet: the page says so
        Snapshot = snapshot;
        // One entry of each actor the moments and the viewings name: their names in one statement.
        Actors = await Audit.AuditActor.OfEntriesAsync(db, Audit.SaidActors.OnePerActor(AllMoments.Select(m => (m.Actor, m.Sequence))
            .Concat(snapshot.Viewings.Select(v => (v.Actor, v.Sequence)))), ct);
        snapshot.Names = await officers.NamesAsync(snapshot.Logins(), ct);
        MomentIndex = Math.Max(0, AllMoments.FindLastIndex(m => m.Sequence <= snapshot.Sequence));
        TeamName = await db.Teams.Where(t => t.Id == snapshot.Case!.TeamId).Select(t => t.Name).FirstOrDefaultAsync(ct);
        // Named only when the series page answers this reader (ADR 2903).
        SeriesReference = (await linkage.FirstAnsweredSeriesAsync([.. snapshot.SeriesMembers.Select(m => m.SeriesId)], ct))?.Reference;
        db.RecordEvent("view", "DeathCase", id.ToString(), id, $$"""{"via":"as-known","at":"{{when.ToString("O", CultureInfo.InvariantCulture)}}"}""");
        await db.SaveChangesAsync(ct);
        return Page();
    }

    /// <summary>A time typed in the force's zone (datetime-local) or an ISO instant.</summary>
    private DateTime? Parse(string? at)
    {
        if (string.IsNullOrWhiteSpace(at)) return null;
        if (DateTime.TryParseExact(at, "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)) return time.ToUtc(local);
        return DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) ? instant.UtcDateTime : null;
    }
}
