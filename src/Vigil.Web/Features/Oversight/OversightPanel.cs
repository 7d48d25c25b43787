namespace Vigil.Web.Features.Oversight;

public sealed record OversightPanelView(DeathCase Case, Guid? SeriesId);

/// <summary>The case page's way into oversight: the case as known on any date, its missed-opportunity report (and its
/// series'), and the case file as PDF.</summary>
public sealed class OversightPanel(VigilDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(DeathCase deathCase)
    {
        var seriesId = await db.Set<LinkedSeriesMember>().Where(m => m.CaseId == deathCase.Id)
            .Select(m => (Guid?)m.SeriesId).FirstOrDefaultAsync(HttpContext.RequestAborted);
        return View("~/Features/Oversight/_CasePanel.cshtml", new OversightPanelView(deathCase, seriesId));
    }
}
