namespace Vigil.Web.Features.Linkage;

public sealed record LinkagePanelView(DeathCase Case, SeriesView? Series, IReadOnlyList<LinkCandidate> Open, Outbox.QueueState Queue);

/// <summary>The case page's "linked deaths" section: the case's series (members the reader may open are named, the
/// others counted), how many possible links await an analyst, and whether the death is still waiting to be compared
/// or could not be (ADR 1193).</summary>
public sealed class LinkagePanel(LinkageAccess linkage, Outbox.ParkedLinkage queue) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(DeathCase deathCase)
    {
        var ct = HttpContext.RequestAborted;
        return View("~/Features/Linkage/_CasePanel.cshtml",
            new LinkagePanelView(deathCase, await linkage.SeriesOfAsync(deathCase.Id, ct), await linkage.OpenCandidatesOfAsync(deathCase.Id, ct),
                await queue.StateOfAsync(deathCase.Id, ct)));
    }
}
