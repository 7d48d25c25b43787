using Microsoft.AspNetCore.Diagnostics;

namespace Vigil.Web.Features.Errors;

/// <summary>The page shown for an error status on a page request. It never says whether a record exists that the
/// user may not see: "not found" covers both (ADR 0006).</summary>
[Audit.NoCaseData]
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";
    public bool InPortal { get; private set; }
    public string HomeHref { get; private set; } = "/";
    public string HomeText { get; private set; } = "Go to your start page";

    public IActionResult OnGet(int code) => Show(code);

    // A failed POST is re-executed as a POST: answer it with the same page.
    public IActionResult OnPost(int code) => Show(code);

    private PageResult Show(int code)
    {
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? "";
        InPortal = original.StartsWith("/family", StringComparison.OrdinalIgnoreCase);
        if (HttpContext.Items.ContainsKey(Family.Portal.FamilyElsewhere.ItemKey) && code == StatusCodes.Status404NotFound) return ShowFamilyElsewhere();
        // Only statuses that reached us through the pipeline get a page; a typed /error/404 is itself a "not found".
        if (HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null) code = Response.StatusCode;
        else if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null) code = 404;
        (Title, Explanation) = code switch
        {
            404 => ("Page not found", "There is nothing here, or you do not have access to it. If you typed the address, check it; if you followed a link from a colleague, ask them for the case reference."),
            403 => ("You do not have access to this page", "Your role does not allow this. If you need it for your work, ask your supervisor."),
            409 => ("Someone else changed this at the same time", "Nothing you sent was saved, and nothing was overwritten. Go back, reload the page and make your change again."),
            400 or 422 => ("Something in the request was not right", "Go back and check what was entered."),
            429 => ("Too many attempts", "Wait a minute, then try again."),
            _ => ("Sorry, something went wrong", "Nothing you sent was lost on purpose, but it may not have been saved. Try again in a minute; if it happens again, tell the service desk the time it happened."),
        };
        // Text refused for its control characters says so, in the words the API uses (ADR 1261).
        if (code == 400 && HttpContext.Items[Hosting.ControlCharacterRefusal.ItemKey] is string refused) Explanation = refused;
        if (InPortal) (HomeHref, HomeText) = ("/family", "Go to your updates");
        else if (User.Identity?.IsAuthenticated == true) HomeHref = Landing.For(User);
        else (HomeHref, HomeText) = ("/login", "Sign in");
        Response.StatusCode = code;
        return Page();
    }

    /// <summary>A family member on a staff address (ADR 3238): no staff sign-in, nothing of what the address holds.</summary>
    private PageResult ShowFamilyElsewhere()
    {
        InPortal = true;
        (Title, Explanation) = ("This page is not part of your family updates",
            "This address is for police staff, so it cannot be opened from your family account. Everything we can share with you is on your updates page; your family liaison officer can help with anything else.");
        (HomeHref, HomeText) = ("/family", "Go to your updates");
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
