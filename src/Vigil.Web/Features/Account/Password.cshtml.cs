using Microsoft.AspNetCore.Identity;
using Vigil.Web.Features.Shared.Forms;

namespace Vigil.Web.Features.Account;

/// <summary>/account/password: any signed-in member of staff changes their own password (ADR 3121). Until round 33 only
/// an administrator's reset or the CLI could. Rate-limited per address like the sign-in page, since it checks a password.
/// The passwords are never sent back on a refusal.</summary>
[Audit.NoCaseData]
[Authorize(Policy = Policies.Staff)]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.Login)]
public sealed class PasswordModel(PasswordChange change, UserManager<VigilUser> users) : PageModel
{
    public sealed class PasswordFields
    {
        public string? Current { get; set; }
        public string? New { get; set; }
        public string? Confirm { get; set; }
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = "Password")] PasswordFields fields, CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        try
        {
            if (await change.ChangeAsync(user, fields.Current, fields.New, fields.Confirm, ct) == PasswordChangeOutcome.SignedOut)
                return this.RedirectToSection("/login", null, PasswordChange.SignedOutLocked);
            return this.RedirectToSection("/account/password", null,
                "Your password is changed. You stay signed in here; your other sessions and your API tokens have ended.");
        }
        catch (RefusedException ex)
        {
            ModelState.AddModelError($"Password.{ex.Field}", ex.Message);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
    }
}
