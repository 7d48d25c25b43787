using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Vigil.Web.Features.Auth;

[Audit.NoCaseData]
[AllowAnonymous]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Hosting.RateLimits.Login)]
public sealed class LoginModel(StaffSignIn signIn) : PageModel
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
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/cases");
            case StaffSignInOutcome.Disabled:
                ModelState.AddModelError("", "This account is disabled. Ask an administrator.");
                return Page();
            default:
                ModelState.AddModelError("", Refused);
                return Page();
        }
    }
}
