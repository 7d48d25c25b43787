using Microsoft.AspNetCore.Identity;

namespace Vigil.Web.Features.Auth;

/// <summary>POST with antiforgery (Razor Pages validates it): a link elsewhere cannot sign an officer out. Signing out
/// rotates the user's security stamp, so the session ends on the server too: a copy of the cookie is refused from
/// then on (<see cref="StaffSession"/>), on every device the user was signed in on (ADR 0503).</summary>
[Audit.NoCaseData]
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<VigilUser> signIn, UserManager<VigilUser> users, VigilDbContext db) : PageModel
{
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Written again if another write came between (ADR 3349): a failed stamp write left copies of the cookie good.
        if (await users.GetUserAsync(User) is { } user) await StaffSession.EndEverywhereAsync(users, db, user, ct);
        await signIn.SignOutAsync();
        return Redirect("/login");
    }
}
