namespace Vigil.Web.Features.Linkage;

/// <summary>A candidate is shown to a user only when they may read BOTH deaths, and a proposal to a series only when
/// they may read every death in the series: a link must never disclose a case outside the reader's scope (a
/// team-scoped supervisor sees no pair that reaches into another team). A confirmed series is shown to anyone who may
/// read one of its members, naming only those and counting the others.</summary>
public sealed class LinkageAccess(VigilDbContext db, CaseAccess access, Cases.CasePanelRows rows)
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

    /// <summary>The ids, as the audit trail writes them, of the case's link candidates whose other death the user may not
    /// read, and of those candidates' decisions. An alert and its decision name the other death (its id; the engine's
    /// explanation quotes its people): the case's trail, its history "as known" and its reports leave them out, as the
    /// case page leaves the candidate out (ADR 0402, 2801). A reader of every case hides nothing and sends no statement.</summary>
    public async Task<HashSet<string>> HiddenPairEntriesAsync(Guid caseId, CancellationToken ct)
    {
        var scope = await access.ScopeAsync(ct);
        if (scope.ReadAll) return [];
        var visible = CaseAccess.Visible(db, scope);
        var hidden = db.Candidates().Where(c => (c.NewerCaseId == caseId && !visible.Any(v => v.Id == c.EarlierCaseId))
            || (c.EarlierCaseId == caseId && !visible.Any(v => v.Id == c.NewerCaseId))).Select(c => c.Id);
        var ids = await hidden.Concat(db.Decisions().Where(d => hidden.Contains(d.CandidateId)).Select(d => d.Id)).ToListAsync(ct);
        return [.. ids.Select(id => id.ToString())];
    }

    /// <summary>Of these series, those whose every death (proposed or confirmed) the user may read.</summary>
    public async Task<HashSet<Guid>> FullyVisibleSeriesAsync(IReadOnlyCollection<Guid> seriesIds, CancellationToken ct)
    {
        if (seriesIds.Count == 0) return [];
        var members = await db.SeriesMembers().AsNoTracking().Where(m => seriesIds.Contains(m.SeriesId) && m.Status != MemberStatus.Rejected)
            .Select(m => new { m.SeriesId, m.CaseId }).ToListAsync(ct);
        var ids = members.Select(m => m.CaseId).Distinct().ToList();
        var visible = new HashSet<Guid>();
        foreach (var chunk in ids.Chunk(500))
            visible.UnionWith(await (await access.VisibleAsync(ct)).Where(c => chunk.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct));
        return [.. seriesIds.Where(s => members.Where(m => m.SeriesId == s).All(m => visible.Contains(m.CaseId)))];
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
