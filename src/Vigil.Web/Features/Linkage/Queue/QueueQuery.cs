namespace Vigil.Web.Features.Linkage.Queue;

public sealed record QueueRow(Guid Id, double Probability, DateTime RaisedAt, string Status, string Summary,
    string NewerRef, string? NewerName, DateTime NewerFound, string? NewerArea,
    string EarlierRef, string? EarlierName, DateTime EarlierFound, string? EarlierArea, string Kind = AlertKind.Pair);

/// <summary>One item of the analysts' queue: a pair to compare, or a series with deaths proposed to it (ONE item
/// for the series, however many deaths it holds). <see cref="Link"/> opens the comparison or the series page.</summary>
public sealed record QueueItem(string Kind, Guid Id, string Link, double Probability, DateTime RaisedAt, string Status, string Summary,
    string NewerRef, string? NewerName, DateTime NewerFound, string? NewerArea, string Target, string TargetDetail);

/// <summary>The queue's rows, restricted to what the reader may see: a pair only when both deaths are visible, a series
/// proposal only when every death in the series is.</summary>
public static class QueueQuery
{
    public const int PageSize = 200;

    /// <summary>Pair candidates of a status (optionally of one case), most probable first.</summary>
    public static async Task<List<QueueRow>> PairsAsync(LinkageAccess linkage, VigilDbContext db, string status, CancellationToken ct, Guid? caseId = null) =>
        await (await linkage.VisibleCandidatesAsync(ct)).AsNoTracking().Where(c => c.Status == status)
            .Where(c => caseId == null || c.NewerCaseId == caseId || c.EarlierCaseId == caseId)
            .Join(db.Cases, c => c.NewerCaseId, n => n.Id, (c, n) => new { c, n })
            .Join(db.Cases, x => x.c.EarlierCaseId, e => e.Id, (x, e) => new { x.c, x.n, e })
            .OrderByDescending(x => x.c.Probability).ThenBy(x => x.c.RaisedAt).Take(PageSize)
            .Select(x => new QueueRow(x.c.Id, x.c.Probability, x.c.RaisedAt, x.c.Status, x.c.Summary,
                x.n.Reference, x.n.Deceased.Name, x.n.FoundAt, x.n.Area, x.e.Reference, x.e.Deceased.Name, x.e.FoundAt, x.e.Area, x.c.Kind))
            .ToListAsync(ct);

    /// <summary>Every kind of alert in one list, most probable first: pairs, and one item per series with deaths
    /// proposed to it (open) or decided (confirmed, rejected).</summary>
    public static async Task<List<QueueItem>> ItemsAsync(LinkageAccess linkage, VigilDbContext db, string status, CancellationToken ct, Guid? caseId = null)
    {
        var pairs = (await PairsAsync(linkage, db, status, ct, caseId)).Select(p => new QueueItem(p.Kind, p.Id, $"/linkage/candidates/{p.Id}",
            p.Probability, p.RaisedAt, p.Status, p.Summary, p.NewerRef, p.NewerName, p.NewerFound, p.NewerArea,
            p.EarlierRef, $"{p.EarlierName ?? "name not recorded"}, {p.EarlierArea}")).ToList();
        var memberStatus = status == LinkStatus.Open ? MemberStatus.Proposed : status;
        var proposals = await db.SeriesMembers().AsNoTracking().Where(m => m.Status == memberStatus && m.AddedBy == Alerts.AlertWriter.Engine)
            .Where(m => caseId == null || m.CaseId == caseId)
            .OrderByDescending(m => m.Probability).Take(PageSize * 4).ToListAsync(ct);
        var seriesIds = proposals.Select(p => p.SeriesId).Distinct().ToList();
        var readable = await linkage.FullyVisibleSeriesAsync(seriesIds, ct);
        var series = await db.Series().AsNoTracking().Where(s => seriesIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var counts = await db.SeriesMembers().AsNoTracking().Where(m => seriesIds.Contains(m.SeriesId) && m.Status != MemberStatus.Rejected)
            .GroupBy(m => new { m.SeriesId, m.Status }).Select(g => new { g.Key.SeriesId, g.Key.Status, N = g.Count() }).ToListAsync(ct);
        var newestIds = proposals.Select(p => p.CaseId).Distinct().ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => newestIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Reference, c.Deceased.Name, c.FoundAt, c.Area }).ToDictionaryAsync(c => c.Id, ct);
        var items = proposals.Where(p => readable.Contains(p.SeriesId))
            // ONE item per series: its most probable open proposal, the newest death when tied.
            .GroupBy(p => p.SeriesId).Select(g => g.OrderByDescending(p => p.Probability).ThenByDescending(p => cases[p.CaseId].FoundAt).First())
            .Select(p =>
            {
                var s = series[p.SeriesId];
                var c = cases[p.CaseId];
                int N(string st) => counts.Where(x => x.SeriesId == s.Id && x.Status == st).Sum(x => x.N);
                var detail = $"{s.Status} series: {N(MemberStatus.Confirmed)} confirmed, {N(MemberStatus.Proposed)} proposed";
                // A candidate series is the engine's own proposal: its summary says why (the person or concentration
                // signal), where a member's reasons may only say how it resembles one other death.
                var why = s.Status == SeriesStatus.Candidate && !string.IsNullOrWhiteSpace(s.Summary) ? s.Summary : p.Reasons;
                return new QueueItem(p.Evidence, s.Id, $"/series/{s.Id}", p.Probability, p.AddedAt, p.Status, why,
                    c.Reference, c.Name, c.FoundAt, c.Area, s.Reference, detail);
            });
        return [.. pairs.Concat(items).OrderByDescending(i => i.Probability).ThenBy(i => i.RaisedAt).Take(PageSize)];
    }
}
