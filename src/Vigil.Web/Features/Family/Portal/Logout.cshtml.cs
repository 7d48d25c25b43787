using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Vigil.Web.Features.Family.Portal;

[Authorize(Policy = FamilyAuth.Policy)]
public sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/family");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(FamilyAuth.Scheme);
        return Redirect("/family/login");
    }
}
