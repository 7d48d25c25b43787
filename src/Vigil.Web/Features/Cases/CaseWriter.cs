namespace Vigil.Web.Features.Cases;

/// <summary>Creates and updates cases from death records: the one path for forms, API and import. It knows the kind
/// of change it writes (the <see cref="CaseSavePipeline"/> makes one per save), because the kind decides what a record
/// may set: an edit never sets the category (ADR 0203); a create or an import takes the source's.</summary>
public sealed class CaseWriter(VigilDbContext db, TimeProvider clock, CaseChangeKind kind)
{
    public PeopleResolver People { get; } = new(db, clock);

    /// <summary>A new case (not yet saved) with its reference, people, exhibits, toxicology and first timeline events.
    /// <paramref name="untracked"/>: staged as plain rows for a bulk save instead of tracked (ADR 2251).</summary>
    public async Task<DeathCase> NewCaseAsync(DeathRecord record, Guid teamId, string reference, CancellationToken ct, bool untracked = false)
    {
        if (kind is not (CaseChangeKind.Created or CaseChangeKind.Imported)) throw new InvalidOperationException($"A save of kind {kind} does not create cases.");
        var now = clock.GetUtcNow().UtcDateTime;
        var c = new DeathCase
        {
            Reference = reference, Source = record.Source ?? "vigil", SourceRef = record.Ref, TeamId = teamId,
            CreatedAt = now, UpdatedAt = now,
        };
        CaseRecordMapper.ApplyFacts(c, record);
        SetClassification(c, record.Classification);
        await ReplaceChildrenAsync(c, record, ct);
        if (!untracked)
        {
            db.Cases.Add(c);
            return c;
        }
        // What EF Core's fix-up would do on attach: each link points at the tracked person, phone and address its keys
        // name (the search documents and rules read them), and at nothing when the row is not tracked.
        foreach (var link in c.People)
        {
            link.Person = db.People.Local.FindEntry(link.PersonId)?.Entity;
            link.Phone = link.PhoneId is { } phone ? db.Phones.Local.FindEntry(phone)?.Entity : null;
            link.Address = link.AddressId is { } address ? db.Addresses.Local.FindEntry(address)?.Entity : null;
        }
        db.StageNewCase(c);
        return c;
    }

    /// <summary>Applies a record to an existing (tracked, children loaded) case and bumps its version. Returns notes on
    /// what was deliberately not applied (an exhibit with a chain of custody is never deleted).</summary>
    public async Task<IReadOnlyList<string>> UpdateAsync(DeathCase c, DeathRecord record, CancellationToken ct)
    {
        if (kind == CaseChangeKind.RulesApplied) throw new InvalidOperationException("Applying the rules changes no fact of a case.");
        CaseRecordMapper.ApplyFacts(c, record);
        ApplyClassification(c, record.Classification);
        if (kind == CaseChangeKind.Edited) await ReplaceChangedAsync(c, record, ct);
        else
        {
            db.Toxicology.RemoveRange(c.Toxicology.Where(Stored));
            db.CasePeople.RemoveRange(c.People.Where(Stored));
            c.Toxicology.Clear();
            c.People.Clear();
            await AddPeopleAndToxicologyAsync(c, record, ct);
        }
        // Exhibits keep their references (and later their chain of custody): update in place by position.
        var incoming = record.Exhibits ?? [];
        var existing = ExhibitsByPosition(c);
        for (var i = 0; i < incoming.Count; i++)
        {
            if (i < existing.Count) { existing[i].Type = incoming[i].Type; existing[i].Description = incoming[i].Description; existing[i].Tested = incoming[i].Tested; }
            else c.Exhibits.Add(NewExhibit(c, incoming[i], i + 1));
        }
        var kept = await RemoveExhibitsAsync(c, existing.Skip(incoming.Count).ToList(), ct);
        Touch(c);
        return kept;
    }

    /// <summary>A case's exhibits in the order a record's are matched to them: by reference.</summary>
    public static List<Exhibit> ExhibitsByPosition(DeathCase c) => c.Exhibits.OrderBy(e => e.Reference, StringComparer.Ordinal).ToList();

    /// <summary>The case's exhibits past the last one the record lists: those an update removes, or keeps.</summary>
    public static IEnumerable<Exhibit> ExhibitsDropped(DeathCase c, DeathRecord record) => ExhibitsByPosition(c).Skip((record.Exhibits ?? []).Count);

    /// <summary>Of these exhibits, those that have moved or gone to a laboratory: an update never removes them.</summary>
    public static async Task<HashSet<Guid>> ExhibitsHeldAsync(VigilDbContext db, List<Guid> ids, CancellationToken ct) =>
        ids.Count == 0 ? [] : (await db.ExhibitMovements.Where(m => ids.Contains(m.ExhibitId)).Select(m => m.ExhibitId)
            .Union(db.ForensicSubmissions.Where(s => ids.Contains(s.ExhibitId)).Select(s => s.ExhibitId)).ToListAsync(ct)).ToHashSet();

    public static string ExhibitKeptNote(Exhibit e) =>
        $"exhibit {e.Reference} was kept: it is no longer in the record but has a chain of custody or a forensic submission";

    /// <summary>Exhibits the record no longer lists are removed, unless they have moved or gone to a laboratory: that
    /// record is evidence, so the exhibit stays and the caller is told.</summary>
    private async Task<List<string>> RemoveExhibitsAsync(DeathCase c, List<Exhibit> dropped, CancellationToken ct)
    {
        if (dropped.Count == 0) return [];
        var held = await ExhibitsHeldAsync(db, dropped.Select(e => e.Id).ToList(), ct);
        var notes = new List<string>();
        foreach (var e in dropped)
        {
            if (held.Contains(e.Id))
            {
                notes.Add(ExhibitKeptNote(e));
                continue;
            }
            if (Stored(e)) db.Exhibits.Remove(e);
            c.Exhibits.Remove(e);
        }
        return notes;
    }

    /// <summary>Whether the context tracks the row. One an earlier line of the same import batch added is not tracked
    /// yet (changes are detected once, before the hooks): a later line naming the case drops it from the case, and
    /// removing it through the context would attach it as deleted, a delete of a row never written (a 409 for the
    /// whole batch).</summary>
    private bool Stored(object row) => db.Entry(row).State != EntityState.Detached;

    public void Touch(DeathCase c)
    {
        c.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        c.Version++;
    }

    /// <summary>A re-import takes the source's (changed) term; an edit that asks for another category keeps the current
    /// one and says so on the timeline, since a category changes only by a recorded decision (ADR 0203).</summary>
    private void ApplyClassification(DeathCase c, string? term)
    {
        if (term is null || term == (c.SourceClassification ?? c.Classification)) return;
        if (kind != CaseChangeKind.Edited)
        {
            SetClassification(c, term);
            return;
        }
        var asked = Vocabulary.MapClassification(term) ?? CaseClassification.UnderInvestigation;
        if (asked == c.Classification) return;
        db.TimelineEvents.Add(new TimelineEvent
        {
            CaseId = c.Id, OccurredAt = clock.GetUtcNow().UtcDateTime, Kind = TimelineKinds.ClassificationNotChanged, RecordedBy = db.Actor.Name,
            Description = $"An edit asked for \"{CaseClassification.Describe(asked)}\"; a category changes only by a recorded decision.",
        });
    }

    private static void SetClassification(DeathCase c, string? term)
    {
        // An unexpected death is suspicious until shown otherwise: with no classification it starts "under investigation".
        c.Classification = Vocabulary.MapClassification(term) ?? CaseClassification.UnderInvestigation;
        c.SourceClassification = term is not null && Vocabulary.LegacyClassifications.Contains(term) ? term : null;
    }

    private async Task ReplaceChildrenAsync(DeathCase c, DeathRecord record, CancellationToken ct)
    {
        await AddPeopleAndToxicologyAsync(c, record, ct);
        var i = 0;
        foreach (var e in record.Exhibits ?? []) c.Exhibits.Add(NewExhibit(c, e, ++i));
    }

    private async Task AddPeopleAndToxicologyAsync(DeathCase c, DeathRecord record, CancellationToken ct, int keptResults = 0, int keptPeople = 0)
    {
        foreach (var t in (record.Toxicology ?? []).Skip(keptResults))
            c.Toxicology.Add(new ToxicologyResult { CaseId = c.Id, Substance = t.Substance.Trim(), ConcentrationMgL = t.ConcentrationMgL });
        foreach (var p in (record.People ?? []).Skip(keptPeople))
            c.People.Add(await People.LinkAsync(c.Id, p, ct));
    }

    /// <summary>An edit keeps the leading results and people the record lists unchanged, in their order, and replaces
    /// the rest: the rows are what deleting and inserting them again would have written, so the case's record, its
    /// order and the rules read the same, but the edit sends neither the writes nor their audit entries nor the
    /// register's look-ups for them (ADR 2494). Only a prefix is kept, so the stored order stays the record's.</summary>
    private async Task ReplaceChangedAsync(DeathCase c, DeathRecord record, CancellationToken ct)
    {
        var results = record.Toxicology ?? [];
        var keptResults = 0;
        while (keptResults < c.Toxicology.Count && keptResults < results.Count
               && c.Toxicology[keptResults].Substance == results[keptResults].Substance.Trim()
               && c.Toxicology[keptResults].ConcentrationMgL == results[keptResults].ConcentrationMgL)
            keptResults++;
        var people = record.People ?? [];
        var keptPeople = 0;
        while (keptPeople < c.People.Count && keptPeople < people.Count && PeopleResolver.Same(c.People[keptPeople], people[keptPeople]))
            keptPeople++;
        db.Toxicology.RemoveRange(c.Toxicology.Skip(keptResults));
        db.CasePeople.RemoveRange(c.People.Skip(keptPeople));
        c.Toxicology.RemoveRange(keptResults, c.Toxicology.Count - keptResults);
        c.People.RemoveRange(keptPeople, c.People.Count - keptPeople);
        await AddPeopleAndToxicologyAsync(c, record, ct, keptResults, keptPeople);
    }

    private Exhibit NewExhibit(DeathCase c, RecordExhibit e, int index) => new()
    {
        CaseId = c.Id, Reference = CaseReferences.Exhibit(c.Reference, index), Type = e.Type, Description = e.Description,
        Tested = e.Tested, CreatedAt = clock.GetUtcNow().UtcDateTime,
    };
}
