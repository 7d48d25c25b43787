namespace Vigil.Web.Features.Linkage;

/// <summary>A candidate is shown to a user only when they may read BOTH deaths, and a proposal to a series only when
/// they may read every death in the series: a link must never disclose a case outside the reader's scope (a
/// team-scoped supervisor sees no pair that reaches into another team). A confirmed series is shown to anyone who may
/// read one of its members, naming only those and counting the others.</summary>
public sealed class LinkageAccess(VigilDbContext db, CaseAccess access, Cases.CasePanelRows rows, IAuthorizationService authorization,
    IHttpContextAccessor http)
{
    public async Task<IQueryable<LinkCandidate>> VisibleCandidatesAsync(CancellationToken ct)
    {
        var visible = await access.VisibleAsync(ct);
        return db.Candidates().Where(c => visible.Any(v => v.Id == c.NewerCaseId) && visible.Any(v => v.Id == c.EarlierCaseId));
    }

    /// <summary>The candidate and both cases (children loaded), or null when any is outside the user's scope.</summary>
    public async Task<(LinkCandidate Candidate, DeathCase Newer, DeathCase Earlier)?> FindAsync(Guid id, CancellationToken ct)
    {
        var candidate = await (await VisibleCandidatesAsync(ct)).AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (candidate is null) return null;
        var newer = await Cases.CaseApi.LoadAsync(access, candidate.NewerCaseId, ct);
        var earlier = await Cases.CaseApi.LoadAsync(access, candidate.EarlierCaseId, ct);
        return newer is null || earlier is null ? null : (candidate, newer, earlier);
    }

    /// <summary>Open candidates involving the case whose other death the user may also read. The case's own candidates
    /// are read first (by the two case-id indexes), then the scope is tested on their deaths by id: asked as one query
    /// with the scope's EXISTS, PostgreSQL planned by team whenever its statistics had not yet seen the team's cases
    /// (a team filled since the last ANALYZE is estimated at one row) and probed every pair of the team's cases: 3.5 s
    /// a case page on a million-death store, 1.5 ms once analysed (ADR 1597).</summary>
    public async Task<List<LinkCandidate>> OpenCandidatesOfAsync(Guid caseId, CancellationToken ct)
    {
        var open = await rows.UnlessNone(caseId, Cases.PanelTable.OpenLinkCandidates, () => OpenOfCase.For(db)(db, caseId).ToListAsync(ct).AsTask());
        if (open.Count == 0) return open;
        var ids = open.SelectMany(c => new[] { c.NewerCaseId, c.EarlierCaseId }).Distinct().ToList();
        var visible = (await (await access.VisibleAsync(ct)).Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        return [.. open.Where(c => visible.Contains(c.NewerCaseId) && visible.Contains(c.EarlierCaseId))];
    }

    /// <summary>The entry types that can carry what <see cref="HiddenEntriesAsync"/> hides: an alert (link candidate) and
    /// its decision name the other death; a series and its members carry the engine's and the analysts' words.</summary>
    public static readonly IReadOnlySet<string> PairTypes = new HashSet<string>([nameof(LinkCandidate), nameof(LinkDecision)], StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> SeriesTypes = new HashSet<string>([nameof(LinkedSeries), nameof(LinkedSeriesMember)], StringComparer.Ordinal);

    /// <summary>What of the case's linkage history this user may not see, by the ids the audit trail writes. Left out: the
    /// case's link candidates whose other death the user may not read and those candidates' decisions (an alert and its
    /// decision name the other death, and the engine's explanation quotes its people: ADR 0402, 2801), and the rows of a
    /// series whose page does not answer the user (<see cref="AnsweredSeriesAsync"/>: a candidate series for anyone but
    /// the queue's readers of all its deaths, ADR 2802, 2901). Shown without their words: the rows of a series the user
    /// sees that holds a death they may not read (its summary, the members' reasons and decision reasons compare deaths
    /// and may quote the other's people: ADR 2804, 2901). Only the kinds among <paramref name="types"/> (entity types; all
    /// when null) are looked for. A reader of every case hides nothing and sends no statement.</summary>
    public async Task<HiddenLinkage> HiddenEntriesAsync(Guid caseId, CancellationToken ct, IReadOnlyCollection<string>? types = null)
    {
        var scope = await access.ScopeAsync(ct);
        if (scope.ReadAll) return HiddenLinkage.None;
        var visible = CaseAccess.Visible(db, scope);
        var left = new HashSet<string>(StringComparer.Ordinal);
        var withheld = new HashSet<string>(StringComparer.Ordinal);
        HashSet<string>? seriesOfCase = null;
        if (types is null || types.Any(PairTypes.Contains))
        {
            var hidden = db.Candidates().Where(c => (c.NewerCaseId == caseId && !visible.Any(v => v.Id == c.EarlierCaseId))
                || (c.EarlierCaseId == caseId && !visible.Any(v => v.Id == c.NewerCaseId))).Select(c => c.Id);
            var ids = await hidden.Concat(db.Decisions().Where(d => hidden.Contains(d.CandidateId)).Select(d => d.Id)).ToListAsync(ct);
            left.UnionWith(ids.Select(id => id.ToString()));
        }
        if (types is null || types.Any(SeriesTypes.Contains))
        {
            // The case's own member rows and their series; partial when the series holds (or held: a rejected member's
            // proposal may be what the words describe) a death the user may not read.
            var rows = await db.SeriesMembers().Where(m => m.CaseId == caseId)
                .Join(db.Series(), m => m.SeriesId, s => s.Id, (m, s) => new
                {
                    MemberId = m.Id, SeriesId = s.Id, Confirmed = s.Status == SeriesStatus.Confirmed && m.Status == MemberStatus.Confirmed,
                    Partial = db.SeriesMembers().Any(o => o.SeriesId == s.Id && !visible.Any(v => v.Id == o.CaseId)),
                }).ToListAsync(ct);
            // A confirmed series this (readable) case is a confirmed member of answers its reader: no statement more.
            var asked = rows.Where(r => !r.Confirmed).Select(r => r.SeriesId).Distinct().ToList();
            var answered = asked.Count == 0 ? [] : await AnsweredSeriesAsync(asked, ct);
            foreach (var r in rows)
            {
                var set = !r.Confirmed && !answered.Contains(r.SeriesId) ? left : r.Partial ? withheld : null;
                set?.UnionWith([r.MemberId.ToString(), r.SeriesId.ToString()]);
            }
            // A series the case was in before its row moved in a merge keeps its create entry (and its words) on the case's
            // trail through the entry's case references; the case is no longer in it, so its entries are left out (ADR 3011).
            seriesOfCase = [.. rows.Select(r => r.SeriesId.ToString())];
        }
        return new HiddenLinkage(left, withheld, seriesOfCase);
    }

    /// <summary>Of these series, those whose page (<see cref="Series.SeriesDossiers.LoadAsync"/>) answers this user, for
    /// the views that name or link a series (the case page's oversight panel, the as-known page, the case file, the audit
    /// trail, the person page, the clusters page): a candidate series only for the queue's readers who may read every
    /// death in it; any series only when the user may read one of the members its page would show them (confirmed ones,
    /// or every one for the queue's readers: ADR 0706, 2802, 2903).</summary>
    public async Task<HashSet<Guid>> AnsweredSeriesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var list = ids.Distinct().ToList();
        var statuses = await db.Series().Where(s => list.Contains(s.Id)).Select(s => new { s.Id, s.Status }).ToListAsync(ct);
        var readsLinkage = (await authorization.AuthorizeAsync(http.HttpContext?.User ?? new ClaimsPrincipal(), Policies.ReadLinkage)).Succeeded;
        var candidates = statuses.Where(s => s.Status == SeriesStatus.Candidate).Select(s => s.Id).ToList();
        var whole = readsLinkage && candidates.Count > 0 ? await FullyVisibleSeriesAsync(candidates, ct) : [];
        var open = statuses.Where(s => s.Status != SeriesStatus.Candidate || whole.Contains(s.Id)).Select(s => s.Id).ToList();
        if (open.Count == 0) return [];
        var members = db.SeriesMembers().Where(m => open.Contains(m.SeriesId));
        if (!readsLinkage) members = members.Where(m => m.Status == MemberStatus.Confirmed);
        var visible = await access.VisibleAsync(ct);
        return [.. await members.Where(m => visible.Any(c => c.Id == m.CaseId)).Select(m => m.SeriesId).Distinct().ToListAsync(ct)];
    }

    /// <summary>The first of these series (in the order given) whose page answers this user, with its reference; null when
    /// none does.</summary>
    public async Task<(Guid Id, string Reference)?> FirstAnsweredSeriesAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var answered = await AnsweredSeriesAsync(ids, ct);
        var id = ids.FirstOrDefault(answered.Contains);
        if (id == Guid.Empty) return null;
        return (id, await db.Series().Where(s => s.Id == id).Select(s => s.Reference).FirstAsync(ct));
    }

    /// <summary>Of these series, those whose every death (proposed or confirmed) the user may read.</summary>
    public async Task<HashSet<Guid>> FullyVisibleSeriesAsync(IReadOnlyCollection<Guid> seriesIds, CancellationToken ct) =>
        (await WholeSeriesAsync(seriesIds, ct)).Proposed;

    /// <summary>Of these series, those whose every death the user may read: <c>Proposed</c> counting the proposed and
    /// confirmed members (who may open a candidate series, decide its members); <c>All</c> counting rejected members as
    /// well, for the words about the series (the engine's summary and reasons, analysts' reasons), which may quote a
    /// death rejected later, as the audit trail's rule does (ADRs 2901, 3114). One read of the members.</summary>
    public async Task<(HashSet<Guid> Proposed, HashSet<Guid> All)> WholeSeriesAsync(IReadOnlyCollection<Guid> seriesIds, CancellationToken ct)
    {
        if (seriesIds.Count == 0) return ([], []);
        var members = await db.SeriesMembers().AsNoTracking().Where(m => seriesIds.Contains(m.SeriesId))
            .Select(m => new { m.SeriesId, m.CaseId, m.Status }).ToListAsync(ct);
        var ids = members.Select(m => m.CaseId).Distinct().ToList();
        var visible = new HashSet<Guid>();
        foreach (var chunk in ids.Chunk(500))
            visible.UnionWith(await (await access.VisibleAsync(ct)).Where(c => chunk.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct));
        return ([.. seriesIds.Where(s => members.Where(m => m.SeriesId == s && m.Status != MemberStatus.Rejected).All(m => visible.Contains(m.CaseId)))],
            [.. seriesIds.Where(s => members.Where(m => m.SeriesId == s).All(m => visible.Contains(m.CaseId)))]);
    }

    /// <summary>The confirmed series a case is in, with the members this user may open and how many others it holds.</summary>
    public async Task<SeriesView?> SeriesOfAsync(Guid caseId, CancellationToken ct)
    {
        // A case in no series at all (the case page knows: ADR 2461) is in no confirmed one.
        if (rows.None(caseId, Cases.PanelTable.SeriesMembers)) return null;
        var seriesId = await ConfirmedSeriesOfCase.For(db)(db, caseId, ct);
        if (seriesId == Guid.Empty) return null;
        var series = await db.Series().AsNoTracking().FirstAsync(s => s.Id == seriesId, ct);
        var memberIds = db.SeriesMembers().Where(m => m.SeriesId == series.Id && m.Status == MemberStatus.Confirmed).Select(m => m.CaseId);
        var total = await memberIds.CountAsync(ct);
        var visible = await (await access.VisibleAsync(ct)).AsNoTracking().Where(c => memberIds.Contains(c.Id))
            .OrderBy(c => c.FoundAt).Select(c => new SeriesMemberView(c.Id, c.Reference, c.Deceased.Name, c.FoundAt, c.Area)).ToListAsync(ct);
        return new SeriesView(series.Id, series.Reference, visible, total - visible.Count);
    }

    // The case page's two reads for every case (ADR 2311): compiled once, the same statements as the LINQ they replace.
    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, IAsyncEnumerable<LinkCandidate>>> OpenOfCase = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, Guid caseId) => db.Set<LinkCandidate>().AsNoTracking()
            .Where(c => c.Status == LinkStatus.Open && (c.NewerCaseId == caseId || c.EarlierCaseId == caseId))));

    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, CancellationToken, Task<Guid>>> ConfirmedSeriesOfCase = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, Guid caseId, CancellationToken ct) => db.Set<LinkedSeriesMember>().AsNoTracking()
            .Where(m => m.CaseId == caseId && m.Status == MemberStatus.Confirmed)
            .Join(db.Set<LinkedSeries>().Where(s => s.Status == SeriesStatus.Confirmed), m => m.SeriesId, s => s.Id, (m, s) => s.Id).OrderBy(id => id).FirstOrDefault()));
}

public sealed record SeriesMemberView(Guid CaseId, string Reference, string? Name, DateTime FoundAt, string? Area);

public sealed record SeriesView(Guid Id, string Reference, IReadOnlyList<SeriesMemberView> Members, int HiddenMembers);
