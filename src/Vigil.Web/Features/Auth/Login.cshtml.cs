using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;

namespace Vigil.Web.Features.Auth;

[Audit.NoCaseData]
[AllowAnonymous]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Hosting.RateLimits.Login)]
public sealed class LoginModel(StaffSignIn signIn, UserManager<VigilUser> users) : PageModel
{
    /// <summary>One answer for an unknown name, a wrong password and a locked account, so it discloses none of them.</summary>
    public const string Refused = "The user name or password is not right, or the account is locked after 5 failed attempts (for 15 minutes).";

    [BindProperty] public LoginInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Enter your user name")] public string UserName { get; set; } = "";
        [Required(ErrorMessage = "Enter your password")] public string Password { get; set; } = "";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        switch (await signIn.SignInAsync(Input.UserName, Input.Password, ct))
        {
            case StaffSignInOutcome.SignedIn:
                if (Url.IsLocalUrl(ReturnUrl) && ReturnUrl != "/") return LocalRedirect(ReturnUrl!);
                return LocalRedirect(await LandingAsync((await users.FindByNameAsync(Input.UserName))!));
            case StaffSignInOutcome.Disabled:
                ModelState.AddModelError("", "This account is disabled. Ask an administrator.");
                return Page();
            default:
                ModelState.AddModelError("", Refused);
                return Page();
        }
    }

    /// <summary>The roles are in the new cookie, not yet in <see cref="PageModel.User"/>: read them from the store.</summary>
    private async Task<string> LandingAsync(VigilUser user)
    {
        var roles = await users.GetRolesAsync(user);
        var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            roles.Select(r => new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, r)), "roles"));
        return Landing.For(principal);
    }
}
