using Vigil.Web.Features.Enquiries;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Oversight.AsKnown;

namespace Vigil.Web.Features.Oversight.Missed;

/// <summary>Builds the missed-opportunity report for a case or a linked series from the audit trail (ADR 0804): each
/// signal set against what was done and when, the signals never acted on first. For a series it reads across every
/// member the reader may see, each linkage alert between members once.</summary>
public sealed class MissedOpportunities(VigilDbContext db, CaseHistory history, CaseAccess access, LinkageEngine linkage, ForceTime time, TimeProvider clock,
    IOptions<FamilyOptions> family, Enquiries.Rules.EnquiryRuleEngine rules)
{
    public async Task<MissedReport?> ForCaseAsync(Guid caseId, bool withFamily, CancellationToken ct)
    {
        if (!await access.CanReadAsync(caseId, ct)) return null;
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == caseId).Select(x => new { x.Id, x.Reference, x.Deceased.Name, x.FoundAt }).FirstAsync(ct);
        return await BuildAsync($"Missed-opportunity report: {c.Reference}", c.Reference, [(c.Id, c.Reference, c.Name, c.FoundAt)], 0, withFamily, ct);
    }

    /// <summary>The report over <paramref name="members"/> of the series: those its reader may know of
    /// (<see cref="Linkage.Series.SeriesDossiers.MembersShownAsync"/>, as the pages ask: ADR 2802), or every member for a
    /// report built outside a request (the bench, tests as a reviewer).</summary>
    public async Task<MissedReport?> ForSeriesAsync(Guid seriesId, bool withFamily, CancellationToken ct, IQueryable<Guid>? members = null)
    {
        var series = await db.Set<LinkedSeries>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == seriesId, ct);
        if (series is null) return null;
        members ??= db.Set<LinkedSeriesMember>().Where(m => m.SeriesId == seriesId).Select(m => m.CaseId);
        var total = await members.CountAsync(ct);
        var visible = await (await access.VisibleAsync(ct)).AsNoTracking().Where(c => members.Contains(c.Id)).OrderBy(c => c.FoundAt)
            .Select(c => new { c.Id, c.Reference, c.Deceased.Name, c.FoundAt }).ToListAsync(ct);
        if (visible.Count == 0) return null; // a series the reader cannot see any of is not disclosed
        return await BuildAsync($"Missed-opportunity report: linked series {series.Reference}", series.Reference,
            visible.Select(c => (c.Id, c.Reference, c.Name, c.FoundAt)).ToList(), total - visible.Count, withFamily, ct);
    }

    /// <summary>The report over the members of the series its reader may know of; null when the series does not exist
    /// for them (a candidate series outside the linkage queue's readers: ADR 2802).</summary>
    public async Task<MissedReport?> ForShownSeriesAsync(Linkage.Series.SeriesDossiers dossiers, Guid seriesId, bool withFamily, CancellationToken ct) =>
        await dossiers.MembersShownAsync(seriesId, ct) is { } members ? await ForSeriesAsync(seriesId, withFamily, ct, members) : null;

    private async Task<MissedReport> BuildAsync(string title, string reference, List<(Guid Id, string Reference, string? Name, DateTime FoundAt)> cases,
        int hidden, bool withFamily, CancellationToken ct)
    {
        var asOf = clock.GetUtcNow().UtcDateTime;
        var entries = new Dictionary<Guid, List<Vigil.Data.Audit.AuditEntry>>();
        foreach (var c in cases) entries[c.Id] = await history.EntriesAsync(c.Id, asOf, null, ct);
        var context = await ContextAsync(cases.Select(c => c.Id).ToList(), entries, withFamily, ct);
        var signals = cases.SelectMany(c => CaseSignals.Read(c.Id, entries[c.Id], history, context, asOf))
            .GroupBy(s => s.Key ?? Guid.NewGuid().ToString()).Select(g => g.First()).ToList();
        return new MissedReport(title, reference, asOf, cases, signals, hidden, cases.All(c => context.FamilyShown.Contains(c.Id)));
    }

    private async Task<SignalContext> ContextAsync(List<Guid> caseIds, Dictionary<Guid, List<Vigil.Data.Audit.AuditEntry>> entries, bool withFamily, CancellationToken ct)
    {
        var candidates = await db.Set<LinkCandidate>().AsNoTracking().Where(c => caseIds.Contains(c.NewerCaseId) || caseIds.Contains(c.EarlierCaseId))
            .Select(c => new { c.NewerCaseId, c.EarlierCaseId }).ToListAsync(ct);
        var named = caseIds.Concat(candidates.SelectMany(c => new[] { c.NewerCaseId, c.EarlierCaseId })).Distinct().ToList();
        var references = await db.Cases.AsNoTracking().Where(c => named.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Reference, ct);
        var visible = (await (await access.VisibleAsync(ct)).Where(c => named.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        // Officers are named as colleagues know them: link decisions record a user id, actions a user name.
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var u in await db.Users.AsNoTracking().Select(u => new { u.Id, u.UserName, u.DisplayName }).ToListAsync(ct))
        {
            var name = string.IsNullOrWhiteSpace(u.DisplayName) ? u.UserName ?? u.Id : u.DisplayName;
            users[u.Id] = name;
            if (u.UserName is not null) users.TryAdd(u.UserName, name);
        }
        return new SignalContext(references, visible, users, await linkage.ThresholdAsync(ct), await RecurringSinceAsync(caseIds, ct),
            await FamilyShownAsync(caseIds, withFamily, ct), time,
            await FirstContactsAsync(caseIds, ct), family.Value.Rules, rules.Rules.Rules.ToDictionary(r => r.Id, r => r.Title, StringComparer.Ordinal));
    }

    /// <summary>The cases whose family entries (questions, submissions) the report shows: for a liaison role, those in its
    /// own reach, not every case it reads (ADR 3239). The missed first contact is a signal for every reader (ADR 3228).</summary>
    private async Task<IReadOnlySet<Guid>> FamilyShownAsync(List<Guid> caseIds, bool withFamily, CancellationToken ct)
    {
        var shown = new HashSet<Guid>();
        foreach (var id in withFamily ? caseIds : [])
            if (await access.ShowsFamilyOfAsync(id, ct)) shown.Add(id);
        return shown;
    }

    /// <summary>Each case's first-contact clock, read as the family page reads it (one definition, ADR 3224), and its
    /// contacts. From the store, not the replay: the report is at now, where the two agree, and the replay's family rows
    /// are read only for liaison roles, where this signal is for every reader (ADR 3228).</summary>
    private async Task<Dictionary<Guid, FirstContactFacts>> FirstContactsAsync(List<Guid> caseIds, CancellationToken ct)
    {
        var clocks = await ContactClock.OfAsync(db, caseIds, ct);
        var contacts = (await db.FamilyContacts.AsNoTracking().Where(c => caseIds.Contains(c.CaseId)).ToListAsync(ct)).ToLookup(c => c.CaseId);
        return clocks.ToDictionary(c => c.Key, c => new FirstContactFacts(c.Value, contacts[c.Key].ToList()));
    }

    /// <summary>When each person of these cases was first recorded in two deaths in a recurring role (finder, caller,
    /// last seen with, present): the moment the second death's record of them was written, as the log says. A person's
    /// deaths are replayed in the order they were created, stopping once no later-created death could have recorded
    /// them earlier than the second moment found: a record is written when its death is created or after. Before
    /// round 35 it replayed 60 deaths in whatever order the store returned, so a person in more than 60 could be
    /// dated from the wrong two.</summary>
    private async Task<Dictionary<Guid, DateTime>> RecurringSinceAsync(List<Guid> caseIds, CancellationToken ct)
    {
        var roles = RedFlags.RecurringRoles;
        var persons = await db.CasePeople.AsNoTracking().Where(p => caseIds.Contains(p.CaseId) && roles.Contains(p.Role)).Select(p => p.PersonId).Distinct().ToListAsync(ct);
        var rows = await db.CasePeople.AsNoTracking().Where(p => persons.Contains(p.PersonId) && roles.Contains(p.Role))
            .Join(db.Cases, p => p.CaseId, c => c.Id, (p, c) => new RecordOf(p.Id, p.CaseId, p.PersonId, c.CreatedAt)).ToListAsync(ct);
        var replays = new Dictionary<Guid, CaseReplay>();
        var since = new Dictionary<Guid, DateTime>();
        foreach (var person in rows.GroupBy(r => r.PersonId))
        {
            var firstTwo = new List<DateTime>(3);
            foreach (var death in person.GroupBy(r => r.CaseId).OrderBy(d => d.First().CaseCreatedAt))
            {
                // A minute's grace: the case's CreatedAt and its audit entry's time are two reads of the clock.
                if (firstTwo.Count == 2 && death.First().CaseCreatedAt > firstTwo[1].AddMinutes(1)) break;
                if (!replays.TryGetValue(death.Key, out var replay))
                    replays[death.Key] = replay = history.Replay(death.Key, await history.EntriesAsync(death.Key, null, null, ct));
                var recorded = death.Select(r => replay.Created.TryGetValue(("CasePerson", r.Id.ToString()), out var c) ? c.At : (DateTime?)null).Min();
                if (recorded is not { } at) continue;
                firstTwo.Add(at);
                firstTwo.Sort();
                if (firstTwo.Count > 2) firstTwo.RemoveAt(2);
            }
            if (firstTwo.Count == 2) since[person.Key] = firstTwo[1];
        }
        return since;
    }

    private sealed record RecordOf(Guid Id, Guid CaseId, Guid PersonId, DateTime CaseCreatedAt);
}
