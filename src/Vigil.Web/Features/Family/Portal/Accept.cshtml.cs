using Microsoft.AspNetCore.RateLimiting;

namespace Vigil.Web.Features.Family.Portal;

/// <summary>Accepting an invitation: the family member chooses a user name and password. Looking at the page does
/// not use the invitation; only creating the account does.</summary>
[AllowAnonymous]
[EnableRateLimiting(Hosting.RateLimits.Login)]
public sealed class AcceptModel(FamilyInvitations invitations) : PageModel
{
    public const int MinPasswordLength = 12;
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string UserName { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty] public string Confirm { get; set; } = "";
    /// <summary>Why the invitation cannot be used (None: it can).</summary>
    public InvitationProblem Problem { get; private set; }
    public bool Valid => Problem == InvitationProblem.None;
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Problem = (await invitations.CheckAsync(Token, ct)).Problem;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Problem = (await invitations.CheckAsync(Token, ct)).Problem;
        if (!Valid) return Refused();
        Error = (UserName ?? "").Trim() is { Length: < 3 or > 100 } ? "Choose a user name of 3 to 100 characters."
            : (Password ?? "").Length < MinPasswordLength ? $"Your password needs at least {MinPasswordLength} characters. A few words together work well."
            : !string.Equals(Password, Confirm, StringComparison.Ordinal) ? "The two passwords are not the same."
            : null;
        if (Error is not null) return Page();
        var (account, problem, error) = await invitations.AcceptAsync(Token!, UserName!, Password!, ct);
        if (account is null)
        {
            // An invitation revoked or used while this form was being filled in (ADR 3257) is said as on opening the link.
            (Problem, Error) = (problem, error);
            return Valid ? Page() : Refused();
        }
        await HttpContext.SignInAsync(FamilyAuth.Scheme, FamilyAuth.PrincipalFor(account));
        return Redirect("/family");
    }

    /// <summary>The form was refused for the invitation's state: revoked, used or expired since the page was opened, or in
    /// the same milliseconds as this press (ADR 3257). A write the state forbids, or lost to another, is a 409 on every
    /// page (ADR 3272); the page still says why, in the words the link says on opening. An unknown token changed no state
    /// (nothing to lose a race to): it stays the page as opened.</summary>
    private PageResult Refused()
    {
        if (Problem != InvitationProblem.Unknown) Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }
}
