namespace Vigil.Web.Features.Family;

public sealed record FamilyPanelView(DeathCase Case, CaseLiaisonStatus? Status, bool MayOpen);

/// <summary>The case page's family liaison section: the FLOs and the deadlines; the family file itself only for the
/// roles of the Liaise policy, in their own reach (ADR 0301, 3239).</summary>
public sealed class FamilyPanel(LiaisonStatus liaison, CaseAccess access) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(DeathCase deathCase)
    {
        var status = await liaison.ForCaseAsync(deathCase, HttpContext.RequestAborted);
        var mayOpen = await access.ShowsFamilyOfAsync(deathCase.Id, HttpContext.RequestAborted);
        return View("~/Features/Family/_CasePanel.cshtml", new FamilyPanelView(deathCase, status, mayOpen));
    }
}
