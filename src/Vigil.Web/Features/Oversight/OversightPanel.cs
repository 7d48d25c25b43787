namespace Vigil.Web.Features.Oversight;

public sealed record OversightPanelView(DeathCase Case, Guid? SeriesId);

/// <summary>The case page's way into oversight: the case as known on any date, its missed-opportunity report (and its
/// series', linked only when the series page answers the reader: ADR 2903), and the case file as PDF.</summary>
public sealed class OversightPanel(VigilDbContext db, Cases.CasePanelRows rows, Linkage.LinkageAccess linkage) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(DeathCase deathCase)
    {
        var seriesId = rows.None(deathCase.Id, Cases.PanelTable.SeriesMembers) ? null : await SeriesShownAsync(deathCase.Id, HttpContext.RequestAborted);
        return View("~/Features/Oversight/_CasePanel.cshtml", new OversightPanelView(deathCase, seriesId));
    }

    /// <summary>The case's series whose page answers the reader. A confirmed series the case is a confirmed member of does
    /// for anyone reading this page (the series page shows its confirmed members to their readers): no statement more.
    /// Any other (a candidate series, a proposal, a rejection) is asked of the series page's rule.</summary>
    private async Task<Guid?> SeriesShownAsync(Guid caseId, CancellationToken ct)
    {
        var memberships = (await SeriesOfCase.For(db)(db, caseId).ToListAsync(ct)).OrderBy(m => m.SeriesId).ToList();
        if (memberships.FirstOrDefault(m => m.Confirmed) is { } confirmed) return confirmed.SeriesId;
        return memberships.Count == 0 ? null : (await linkage.FirstAnsweredSeriesAsync([.. memberships.Select(m => m.SeriesId)], ct))?.Id;
    }

    private sealed record Membership(Guid SeriesId, bool Confirmed);

    /// <summary>Every case page in a series asks (ADR 2311): compiled once.</summary>
    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, IAsyncEnumerable<Membership>>> SeriesOfCase = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, Guid caseId) => db.Set<LinkedSeriesMember>().Where(m => m.CaseId == caseId)
            .Join(db.Set<LinkedSeries>(), m => m.SeriesId, s => s.Id,
                (m, s) => new Membership(s.Id, s.Status == SeriesStatus.Confirmed && m.Status == MemberStatus.Confirmed))));
}
