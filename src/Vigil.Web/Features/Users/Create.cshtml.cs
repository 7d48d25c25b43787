using Vigil.Web.Features.Shared.Forms;

namespace Vigil.Web.Features.Users;

/// <summary>Creating a staff account: name, full name, roles, teams and a first password. Whatever was typed stays
/// on the form when something is refused (except the password, which is never sent back).</summary>
[Audit.NoCaseData]
[Authorize(Policy = Policies.ManageUsers)]
public sealed class CreateModel(UserAdmin admin) : PageModel
{
    [BindProperty] public string UserName { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty] public AccessFields Access { get; set; } = new();
    public List<string> Teams { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Teams = await admin.TeamNamesAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var user = await admin.CreateAsync(UserName, Access.DisplayName, Password, Access.Roles, Access.AllTeams(), ct);
            return this.RedirectToSection("/admin/users", null, $"{user.UserName} created. They can sign in with the password you chose.");
        }
        catch (RefusedException ex)
        {
            ModelState.AddModelError(ex.Field is "UserName" or "Password" or null ? ex.Field ?? "" : $"{nameof(Access)}.{ex.Field}", ex.Message);
            Teams = await admin.TeamNamesAsync(ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
    }
}
