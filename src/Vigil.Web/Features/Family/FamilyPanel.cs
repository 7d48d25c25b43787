namespace Vigil.Web.Features.Family;

public sealed record FamilyPanelView(DeathCase Case, CaseLiaisonStatus? Status, bool MayOpen);

/// <summary>The case page's family liaison section: the FLOs and the deadlines; the family file itself only for the
/// roles of the Liaise policy (ADR 0301).</summary>
public sealed class FamilyPanel(LiaisonStatus liaison, IAuthorizationService authz) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(DeathCase deathCase)
    {
        var status = await liaison.ForCaseAsync(deathCase, HttpContext.RequestAborted);
        var mayOpen = (await authz.AuthorizeAsync(HttpContext.User, null, Policies.Liaise)).Succeeded;
        return View("~/Features/Family/_CasePanel.cshtml", new FamilyPanelView(deathCase, status, mayOpen));
    }
}
