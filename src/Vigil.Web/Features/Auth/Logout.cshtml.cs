using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Data.Identity;

namespace Vigil.Web.Features.Auth;

/// <summary>POST with antiforgery (Razor Pages validates it): a link elsewhere cannot sign an officer out.</summary>
[Audit.NoCaseData]
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<VigilUser> signIn) : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return Redirect("/login");
    }
}
