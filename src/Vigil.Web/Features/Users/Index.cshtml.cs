using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Web.Features.Auth;

namespace Vigil.Web.Features.Users;

[Audit.NoCaseData]
[Authorize(Policy = Policies.ManageUsers)]
public sealed class IndexModel(UserAdmin admin) : PageModel
{
    public List<UserSummary> Users { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Users = await admin.ListAsync(ct);

    public async Task<IActionResult> OnPostDisableAsync(string userName)
    {
        if (userName == User.Identity?.Name) return BadRequest("You cannot disable yourself.");
        await admin.SetDisabledAsync(userName, true);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEnableAsync(string userName)
    {
        await admin.SetDisabledAsync(userName, false);
        return RedirectToPage();
    }
}
