namespace Vigil.Web.Features.Oversight;

public sealed record OversightPanelView(DeathCase Case, Guid? SeriesId);

/// <summary>The case page's way into oversight: the case as known on any date, its missed-opportunity report (and its
/// series'), and the case file as PDF.</summary>
public sealed class OversightPanel(VigilDbContext db, Cases.CasePanelRows rows) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(DeathCase deathCase)
    {
        var seriesId = rows.None(deathCase.Id, Cases.PanelTable.SeriesMembers) ? null : await SeriesOfCase.For(db)(db, deathCase.Id, HttpContext.RequestAborted);
        return View("~/Features/Oversight/_CasePanel.cshtml", new OversightPanelView(deathCase, seriesId));
    }

    /// <summary>Every case page asks (ADR 2311): compiled once, the same statement.</summary>
    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, CancellationToken, Task<Guid?>>> SeriesOfCase = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, Guid caseId, CancellationToken ct) =>
            db.Set<LinkedSeriesMember>().Where(m => m.CaseId == caseId).OrderBy(m => m.SeriesId).Select(m => (Guid?)m.SeriesId).FirstOrDefault()));
}
