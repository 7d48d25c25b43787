namespace Vigil.Web.Features.Family.Portal;

/// <summary>A family member signed in to the portal who opens a staff address (a link she was sent, a page from a
/// colleague's screen): the portal's cookie is scoped to /family (ADR 0303), so the staff page never sees it and sent her
/// to the staff sign-in, as if she should have a police account (walk53 finding 21). The portal's sign-in also sets this
/// marker for the whole site; a staff page that would ask for a staff sign-in shows her "not part of your family updates"
/// instead (ADR 3238). The marker grants nothing and holds nothing: set by hand, it changes only which refusal is shown.</summary>
public static class FamilyElsewhere
{
    public const string MarkerCookie = "vigil.family.here";
    public const string ItemKey = "vigil.family-elsewhere";
    private const string StaffCookie = "vigil.auth";

    public static void Mark(HttpContext http) => http.Response.Cookies.Append(MarkerCookie, "1", Options(http));

    public static void Clear(HttpContext http) => http.Response.Cookies.Delete(MarkerCookie, Options(http));

    /// <summary>This browser has a portal session and no staff one: the staff sign-in is not what she needs.</summary>
    public static bool IsFamilyBrowser(HttpRequest request) =>
        request.Cookies.ContainsKey(MarkerCookie) && !request.Cookies.ContainsKey(StaffCookie);

    /// <summary>Answers a staff page's sign-in challenge for her: a 404 (as every staff route answers a family session,
    /// ADR 0303; nothing of the page or the case is read), shown by the error page in the portal's words and look.</summary>
    public static void Refuse(HttpContext http)
    {
        http.Items[ItemKey] = true;
        http.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    // A session cookie (gone when the browser closes), never sent to another site, unreadable by script.
    private static CookieOptions Options(HttpContext http) => new()
    {
        Path = "/", HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, IsEssential = true,
    };
}
