using Microsoft.AspNetCore.RateLimiting;

namespace Vigil.Web.Features.Family.Portal;

/// <summary>Family sign-in: rate limited per address (the staff login's limit) and locked per account after
/// repeated failures. One message for every failure, so it does not tell anyone which accounts exist.</summary>
[AllowAnonymous]
[EnableRateLimiting(Hosting.RateLimits.Login)]
public sealed class LoginModel(FamilySignIn signIn) : PageModel
{
    /// <summary>The one answer for every failure: a wrong name, a wrong password, a paused or withdrawn account.</summary>
    public const string Refused = "The user name or password is not right. After 5 wrong tries, signing in is paused for 15 minutes for your safety. Your family liaison officer can help.";

    [BindProperty] public string UserName { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty] public string? Code { get; set; }
    public string? Error { get; private set; }
    public bool AskForCode { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (outcome, account) = await signIn.CheckAsync(UserName ?? "", Password ?? "", Code, ct);
        switch (outcome)
        {
            case SignInOutcome.Ok:
                await HttpContext.SignInAsync(FamilyAuth.Scheme, FamilyAuth.PrincipalFor(account!));
                return Redirect("/family");
            case SignInOutcome.NeedsCode:
                AskForCode = true;
                Error = "Enter the 6-digit code from your authenticator app.";
                return Page();
            default:
                Error = Refused;
                return Page();
        }
    }
}
