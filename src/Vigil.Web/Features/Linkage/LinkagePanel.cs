using Microsoft.AspNetCore.Mvc;
using Vigil.Data.Cases;
using Vigil.Data.Linkage;

namespace Vigil.Web.Features.Linkage;

public sealed record LinkagePanelView(DeathCase Case, SeriesView? Series, IReadOnlyList<LinkCandidate> Open);

/// <summary>The case page's "linked deaths" section: the case's series (members the reader may open are named, the
/// others counted) and how many possible links await an analyst.</summary>
public sealed class LinkagePanel(LinkageAccess linkage) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(DeathCase deathCase)
    {
        var ct = HttpContext.RequestAborted;
        return View("~/Features/Linkage/_CasePanel.cshtml",
            new LinkagePanelView(deathCase, await linkage.SeriesOfAsync(deathCase.Id, ct), await linkage.OpenCandidatesOfAsync(deathCase.Id, ct)));
    }
}
