using System.ComponentModel.DataAnnotations;
using Vigil.Web.Features.Shared.Forms;

namespace Vigil.Web.Features.Users;

/// <summary>Creating a staff account: name, full name, roles, teams and a first password. Whatever was typed stays
/// on the form when something is refused (except the password, which is never sent back).</summary>
[Audit.NoCaseData]
[Authorize(Policy = Policies.ManageUsers)]
public sealed class CreateModel(UserAdmin admin) : PageModel
{
    // The messages are the form's own words (walk63): left to the binder, an empty form read "The UserName field is
    // required." beside "Enter a user name.", naming the code's properties, not the fields.
    [BindProperty, Required(ErrorMessage = "Enter a user name.")] public string UserName { get; set; } = "";
    [BindProperty, Required(ErrorMessage = "Choose a first password of at least 12 characters.")] public string Password { get; set; } = "";
    [BindProperty] public AccessFields Access { get; set; } = new();
    public List<string> Teams { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Teams = await admin.TeamNamesAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return await RefusedAsync(ct);
        try
        {
            var user = await admin.CreateAsync(UserName, Access.DisplayName, Password, Access.Roles, Access.AllTeams(), ct);
            return this.RedirectToSection("/admin/users", null, $"{user.UserName} created. They can sign in with the password you chose.");
        }
        catch (RefusedException ex)
        {
            ModelState.AddModelError(ex.Field is "UserName" or "Password" or null ? ex.Field ?? "" : $"{nameof(Access)}.{ex.Field}", ex.Message);
            return await RefusedAsync(ct);
        }
    }

    private async Task<IActionResult> RefusedAsync(CancellationToken ct)
    {
        Teams = await admin.TeamNamesAsync(ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
