using Vigil.Web.Features.Shared.Forms;

namespace Vigil.Web.Features.Users;

/// <summary>One user: name, roles and teams; cases granted outside their teams; password; enable. Each form posts
/// to its own handler and comes back to its own section, with what was typed kept when something is refused.</summary>
[Audit.NoCaseData]
[Authorize(Policy = Policies.ManageUsers)]
public sealed class ManageModel(UserAdmin admin, ForceTime time) : PageModel
{
    public sealed class GrantFields { public string? CaseReference { get; set; } }

    public sealed class TokenFields
    {
        public Guid? TokenId { get; set; }
        public string? Reason { get; set; }
    }

    public UserDetail? Account { get; private set; }
    public AccessFields Access { get; private set; } = new();
    public GrantFields Grant { get; private set; } = new();
    public TokenFields Token { get; private set; } = new();
    /// <summary>The user's API tokens, newest first, revoked ones too (ADR 3113): never their secrets.</summary>
    public List<ApiToken> Tokens { get; private set; } = [];
    public List<string> Teams { get; private set; } = [];
    /// <summary>Why this account cannot be disabled by the administrator reading the page (their own, the last
    /// administrator), said in place of a button that could only be refused; null when it can be.</summary>
    public string? WhyNotDisable { get; private set; }
    public ForceTime Time => time;
    private string Me => User.Identity?.Name ?? "";

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Access = AccessFields.From(Account!.Summary);
        return Page();
    }

    public Task<IActionResult> OnPostAccessAsync(string id, [Bind(Prefix = "Access")] AccessFields access, CancellationToken ct) =>
        RunAsync(id, "access", "Access", async name =>
        {
            Access = access;
            // A form that sent no "seen" (from before ADR 3372) is as stale as one that sent another's.
            await admin.UpdateAccessAsync(name, access.DisplayName, access.Roles, access.AllTeams(), Me, access.Seen ?? "", ct);
            return $"Name, roles and teams of {name} saved.";
        }, ct);

    public Task<IActionResult> OnPostGrantAsync(string id, [Bind(Prefix = "Grant")] GrantFields grant, CancellationToken ct) =>
        RunAsync(id, "grants", "Grant", async name =>
        {
            Grant = grant;
            var reference = await admin.GrantAsync(name, grant.CaseReference, Me, ct);
            return $"{name} can now work on {reference}.";
        }, ct);

    public Task<IActionResult> OnPostRevokeAsync(string id, Guid caseId, CancellationToken ct) =>
        RunAsync(id, "grants", "Grant", async name =>
            await admin.RevokeGrantAsync(name, caseId, ct) ? $"Access removed." : "That grant was already removed.", ct);

    /// <summary>Revokes one of this user's tokens with the administrator's reason (ADR 3113); audited with the reason.</summary>
    public Task<IActionResult> OnPostRevokeTokenAsync(string id, [Bind(Prefix = "Token")] TokenFields token, CancellationToken ct) =>
        RunAsync(id, "tokens", "Token", async name =>
        {
            Token = token;
            var user = await admin.FindByIdAsync(id);
            if (token.TokenId is not { } tokenId) throw new RefusedException(Refusal.Invalid("Choose the token to revoke."), "TokenId");
            return await admin.RevokeTokenOfUserAsync(user!.Id, tokenId, token.Reason, Me, ct)
                ? $"The token is revoked; {name}'s other tokens are unchanged." : throw new RefusedException(Refusal.Invalid("That is not one of this user's tokens."), "TokenId");
        }, ct);

    public Task<IActionResult> OnPostPasswordAsync(string id, [Bind(Prefix = "Reset")] ResetFields reset, CancellationToken ct) =>
        RunAsync(id, "password", "Reset", async name =>
        {
            await admin.ResetPasswordAsync(name, reset.Password ?? "");
            return $"New password set for {name}; any lockout is cleared, and their sessions and API tokens have ended.";
        }, ct);

    public Task<IActionResult> OnPostEnableAsync(string id, CancellationToken ct) =>
        RunAsync(id, "account", "Account", async name =>
        {
            await admin.SetDisabledAsync(name, false, Me);
            return $"{name} is enabled and can sign in again.";
        }, ct);

    public sealed class ResetFields { public string? Password { get; set; } }

    /// <summary>Runs one form's change: back to its section with a message, or the page again with the refusal
    /// beside the field it concerns (<paramref name="prefix"/> names the form's fields).</summary>
    private async Task<IActionResult> RunAsync(string id, string section, string prefix, Func<string, Task<string>> change, CancellationToken ct)
    {
        var user = await admin.FindByIdAsync(id);
        if (user is null) return NotFound();
        try
        {
            return this.RedirectToSection($"/admin/users/{id}", section, await change(user.UserName!));
        }
        catch (RefusedException ex)
        {
            ModelState.AddModelError(ex.Field is null ? prefix : $"{prefix}.{Field(prefix, ex.Field)}", ex.Message);
            await LoadAsync(id, ct);
            // A stale access form is shown as stored now (ADR 3372), so sending it again cannot undo the other change either.
            if (prefix != "Access" || ex.Message == UserAdmin.AccessChangedSince) Access = AccessFields.From(Account!.Summary);
            // A refusal of the store's state (the last active administrator, taken by another's change in the same
            // milliseconds: ADR 3258) is a conflict, as on the disable page and every other; a field's error is 422 (ADR 3273).
            Response.StatusCode = ex.Refusal.Status == StatusCodes.Status409Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
    }

    /// <summary>Refusals name the field by its meaning; the password form calls its one field Password.</summary>
    private static string Field(string prefix, string field) => prefix == "Reset" ? "Password" : field;

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var user = await admin.FindByIdAsync(id);
        if (user is null) return false;
        Account = await admin.DetailAsync(user.UserName!, ct);
        Teams = await admin.TeamNamesAsync(ct);
        Tokens = [.. (await admin.TokensAsync(user.Id, ct)).OrderByDescending(t => t.CreatedAt)];
        WhyNotDisable = await admin.WhyNotDisableAsync(user, Me);
        return Account is not null;
    }
}
