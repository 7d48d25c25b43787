using Vigil.Web.Features.Shared.Forms;

namespace Vigil.Web.Features.Users;

/// <summary>Disabling asks first, and says up front when it cannot be done (your own account, the last administrator)
/// rather than offering a button that will be refused.</summary>
[Audit.NoCaseData]
[Authorize(Policy = Policies.ManageUsers)]
public sealed class DisableModel(UserAdmin admin) : PageModel
{
    public string Id { get; private set; } = "";
    public string UserName { get; private set; } = "";
    public string DisplayName { get; private set; } = "";
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        var user = await admin.FindByIdAsync(id);
        if (user is null) return NotFound();
        (Id, UserName, DisplayName) = (user.Id, user.UserName!, user.DisplayName);
        if (user.Disabled) return Redirect($"/admin/users/{id}#account");
        Refusal = await admin.WhyNotDisableAsync(user, User.Identity?.Name);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        var user = await admin.FindByIdAsync(id);
        if (user is null) return NotFound();
        (Id, UserName, DisplayName) = (user.Id, user.UserName!, user.DisplayName);
        try
        {
            await admin.SetDisabledAsync(user.UserName!, true, User.Identity?.Name);
        }
        catch (RefusedException ex)
        {
            Refusal = ex.Message;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return this.RedirectToSection($"/admin/users/{id}", "account", $"{user.UserName} is disabled.");
    }
}
