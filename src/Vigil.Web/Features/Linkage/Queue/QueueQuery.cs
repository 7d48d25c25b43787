namespace Vigil.Web.Features.Linkage.Queue;

/// <summary>A pair of the queue. <see cref="RaisedAt"/> is when it was first raised; <see cref="StatusChangedAt"/> when it
/// last changed status (lapsed, open again, decided), null while it has the status it was raised with (ADR 3146).</summary>
public sealed record QueueRow(Guid Id, double Probability, DateTime RaisedAt, string Status, string Summary,
    string NewerRef, string? NewerName, DateTime NewerFound, string? NewerArea,
    string EarlierRef, string? EarlierName, DateTime EarlierFound, string? EarlierArea, string Kind = AlertKind.Pair,
    DateTime? StatusChangedAt = null)
{
    /// <summary>The engine's <see cref="Summary"/> as the queue page says it, one reason a line (ADR 3254).</summary>
    public string SummaryInWords => Alerts.ExplanationWords.SayEach(Summary);
}

/// <summary>One item of the analysts' queue: a pair to compare, or a series with deaths proposed to it (ONE item
/// for the series, however many deaths it holds). <see cref="Link"/> opens the comparison: the pair page, or for a series
/// whose reasons are a pair's evidence that pair side by side (ADR 3329), else the series page.
/// <see cref="StatusChangedAt"/>: when the item last changed status (a pair lapsed or open again, a decision), null while
/// it has the status it was raised with (ADR 3146).</summary>
public sealed record QueueItem(string Kind, Guid Id, string Link, double Probability, DateTime RaisedAt, string Status, string Summary,
    string NewerRef, string? NewerName, DateTime NewerFound, string? NewerArea, string Target, string TargetDetail,
    DateTime? StatusChangedAt = null)
{
    /// <summary>The engine's <see cref="Summary"/> as the queue page says it, one reason a line (ADR 3254).</summary>
    public string SummaryInWords => Alerts.ExplanationWords.SayEach(Summary);
}

/// <summary>The queue's rows, restricted to what the reader may see: a pair only when both deaths are visible, a series
/// proposal only when every death in the series is. Paged, with the total: a backlog beyond one page is reached page by
/// page and never silently cut (before, the queue showed the 200 most probable items and said nothing of the rest).</summary>
public static class QueueQuery
{
    /// <summary>Pair candidates of a status (optionally of one case), most probable first, one page of them.</summary>
    public static async Task<Paged<QueueRow>> PairsAsync(LinkageAccess linkage, VigilDbContext db, string status, int? page, int? size,
        CancellationToken ct, Guid? caseId = null) =>
        await Paged<QueueRow>.OfAsync(await PairsInOrderAsync(linkage, db, status, caseId, ct), page, size, ct);

    private static async Task<IQueryable<QueueRow>> PairsInOrderAsync(LinkageAccess linkage, VigilDbContext db, string status, Guid? caseId, CancellationToken ct) =>
        (await linkage.VisibleCandidatesAsync(ct)).AsNoTracking().Where(c => c.Status == status)
            .Where(c => caseId == null || c.NewerCaseId == caseId || c.EarlierCaseId == caseId)
            .Join(db.Cases, c => c.NewerCaseId, n => n.Id, (c, n) => new { c, n })
            .Join(db.Cases, x => x.c.EarlierCaseId, e => e.Id, (x, e) => new { x.c, x.n, e })
            // Equally probable, the pair longest in its tab first: since its last change of status, else since raised.
            .OrderByDescending(x => x.c.Probability).ThenBy(x => x.c.StatusChangedAt ?? x.c.RaisedAt).ThenBy(x => x.c.Id)
            .Select(x => new QueueRow(x.c.Id, x.c.Probability, x.c.RaisedAt, x.c.Status, x.c.Summary,
                x.n.Reference, x.n.Deceased.Name, x.n.FoundAt, x.n.Area, x.e.Reference, x.e.Deceased.Name, x.e.FoundAt, x.e.Area, x.c.Kind,
                x.c.StatusChangedAt));

    /// <summary>Every kind of alert in one list, most probable first, one page of it: pairs, and one item per series
    /// with deaths proposed to it (open) or decided (confirmed, rejected). The page is cut from the two lists merged:
    /// each gives at most as many items as end this page, and the total counts both whole.</summary>
    public static async Task<Paged<QueueItem>> ItemsAsync(LinkageAccess linkage, VigilDbContext db, string status, int? page, int? size,
        CancellationToken ct, Guid? caseId = null)
    {
        var take = Math.Clamp(size ?? Paged<QueueItem>.DefaultSize, 1, Paged<QueueItem>.MaxSize);
        var pairs = await PairsInOrderAsync(linkage, db, status, caseId, ct);
        var pairCount = await pairs.CountAsync(ct);
        var memberStatus = status == LinkStatus.Open ? MemberStatus.Proposed : status;
        var proposals = db.SeriesMembers().AsNoTracking().Where(m => m.Status == memberStatus && m.AddedBy == Alerts.AlertWriter.Engine)
            .Where(m => caseId == null || m.CaseId == caseId);
        // Series, not their members, are the items: the best probability of each series ranks it.
        var best = await proposals.GroupBy(m => m.SeriesId).Select(g => new { SeriesId = g.Key, Probability = g.Max(m => m.Probability) }).ToListAsync(ct);
        var whole = await linkage.WholeSeriesAsync([.. best.Select(b => b.SeriesId)], ct);
        // A decided item names its proposal's death: a rejected one is not among the deaths Proposed counts, so the
        // rejected tab needs every death of the series readable, that one too (ADR 3132).
        var readable = status == LinkStatus.Rejected ? whole.All : whole.Proposed;
        var ranked = best.Where(b => readable.Contains(b.SeriesId)).OrderByDescending(b => b.Probability).ToList();
        var total = pairCount + ranked.Count;
        var current = Math.Clamp(page ?? 1, 1, Math.Max(1, (total + take - 1) / take));
        var through = current * take;
        // Series tied with the last one taken come too, so the merge below orders the tie as one list would.
        var cut = ranked.Count > through ? ranked[through - 1].Probability : double.MinValue;
        var seriesIds = ranked.Where(b => b.Probability >= cut).Select(b => b.SeriesId).ToList();
        var pairItems = (await pairs.Take(through).ToListAsync(ct)).Select(p => new QueueItem(p.Kind, p.Id, $"/linkage/candidates/{p.Id}",
            p.Probability, p.RaisedAt, p.Status, p.Summary, p.NewerRef, p.NewerName, p.NewerFound, p.NewerArea,
            p.EarlierRef, $"{p.EarlierName ?? "name not recorded"}, {p.EarlierArea}", p.StatusChangedAt));
        var seriesItems = await SeriesItemsAsync(db, await proposals.Where(m => seriesIds.Contains(m.SeriesId)).ToListAsync(ct), seriesIds, whole.All, ct);
        var items = pairItems.Concat(seriesItems).OrderByDescending(i => i.Probability).ThenBy(i => i.StatusChangedAt ?? i.RaisedAt).ThenBy(i => i.Id)
            .Skip((current - 1) * take).Take(take).ToList();
        return new Paged<QueueItem>(items, current, take, total);
    }

    /// <summary>In place of the engine's words on a series holding (or once holding) a death outside the reader's access.</summary>
    public const string WordsWithheld = "Reasons withheld: the series holds a death outside your access.";

    /// <summary>ONE item per series: its most probable proposal (the newest death when tied), with the series' counts; the
    /// engine's words only for a series in <paramref name="wordsShown"/>, every death of which the reader may read (ADR 3114).</summary>
    private static async Task<List<QueueItem>> SeriesItemsAsync(VigilDbContext db, List<LinkedSeriesMember> proposals, List<Guid> seriesIds,
        IReadOnlySet<Guid> wordsShown, CancellationToken ct)
    {
        if (seriesIds.Count == 0) return [];
        var series = await db.Series().AsNoTracking().Where(s => seriesIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        // The deaths of each series, not only their counts: a proposal's pair is opened side by side only with a death of
        // its series (the side-by-side page's rule). One statement still, the counts taken from it.
        var members = await db.SeriesMembers().AsNoTracking().Where(m => seriesIds.Contains(m.SeriesId) && m.Status != MemberStatus.Rejected)
            .Select(m => new { m.SeriesId, m.CaseId, m.Status }).ToListAsync(ct);
        var newestIds = proposals.Select(p => p.CaseId).Distinct().ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => newestIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Reference, c.Deceased.Name, c.FoundAt, c.Area }).ToDictionaryAsync(c => c.Id, ct);
        return [.. proposals
            .GroupBy(p => p.SeriesId).Select(g => g.OrderByDescending(p => p.Probability).ThenByDescending(p => cases[p.CaseId].FoundAt).First())
            .Select(p =>
            {
                var s = series[p.SeriesId];
                var c = cases[p.CaseId];
                int N(string st) => members.Count(x => x.SeriesId == s.Id && x.Status == st);
                var detail = $"{s.Status} series: {N(MemberStatus.Confirmed)} confirmed, {N(MemberStatus.Proposed)} proposed"
                    + (N(MemberStatus.Lapsed) is > 0 and var lapsed ? $", {lapsed} no longer alike" : "");
                // A candidate series is the engine's own proposal: its summary says why (the person or concentration
                // signal), where a member's reasons may only say how it resembles one other death.
                var why = !wordsShown.Contains(s.Id) ? WordsWithheld
                    : s.Status == SeriesStatus.Candidate && !string.IsNullOrWhiteSpace(s.Summary) ? s.Summary : p.Reasons;
                // The item opens what its "why" speaks of: the pair whose evidence the proposal's reasons are, side by side
                // (walk61 finding 10: the first click landed on the series page); the series stays the "Linked to" link.
                var pairShown = why == p.Reasons && p.ComparedWithCaseId is { } with && members.Any(m => m.SeriesId == s.Id && m.CaseId == with);
                var link = pairShown ? $"/series/{s.Id}/compare/{p.CaseId}?with={p.ComparedWithCaseId}" : $"/series/{s.Id}";
                return new QueueItem(p.Evidence, s.Id, link, p.Probability, p.AddedAt, p.Status, why,
                    c.Reference, c.Name, c.FoundAt, c.Area, s.Reference, detail, p.StatusChangedAt ?? p.DecidedAt);
            })];
    }
}
