namespace Vigil.Web.Features.Enquiries;

/// <summary>What an enquiry panel of the case page renders: the case and the enquiry data loaded once per request.</summary>
public sealed record EnquiryPanel(DeathCase Case, EnquiryPanelData.Snapshot Data);

/// <summary>The case page's enquiry panels (decisions, actions, custody, reviews): one snapshot, four views.</summary>
public abstract class EnquiryPanelComponent(EnquiryPanelData data, string view) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(DeathCase deathCase) =>
        View(view, new EnquiryPanel(deathCase, await data.LoadAsync(deathCase, HttpContext.RequestAborted)));
}

public sealed class DecisionPanel(EnquiryPanelData data) : EnquiryPanelComponent(data, "~/Features/Enquiries/_DecisionPanel.cshtml");

public sealed class ActionsPanel(EnquiryPanelData data) : EnquiryPanelComponent(data, "~/Features/Enquiries/_ActionsPanel.cshtml");

public sealed class CustodyPanel(EnquiryPanelData data) : EnquiryPanelComponent(data, "~/Features/Enquiries/_CustodyPanel.cshtml");

public sealed class ReviewsPanel(EnquiryPanelData data) : EnquiryPanelComponent(data, "~/Features/Enquiries/_ReviewsPanel.cshtml");
