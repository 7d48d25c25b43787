using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Vigil.Web.Features.Auth;

/// <summary>A staff cookie is good only while its user's security stamp is the one it was issued with, checked on
/// every request (one indexed read). Signing out, disabling the user or resetting their password rotates the stamp,
/// so a copied cookie stops working at once, not at the cookie's expiry (issue 8, finding 6; ADR 0503).</summary>
public static class StaffSession
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext ctx)
    {
        var http = ctx.HttpContext;
        var stampClaim = http.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var id = ctx.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = ctx.Principal?.FindFirstValue(stampClaim);
        var db = http.RequestServices.GetRequiredService<VigilDbContext>();
        var current = id is null ? null : await CurrentStamp.For(db)(db, id, http.RequestAborted);
        if (current is null || current.Disabled || stamp is null || !string.Equals(current.SecurityStamp, stamp, StringComparison.Ordinal))
        {
            ctx.RejectPrincipal();
            await http.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        // Identity's own validator still refreshes roles from the store at its interval.
        await SecurityStampValidator.ValidatePrincipalAsync(ctx);
    }

    /// <summary>Compiled once (ADR 2192): every staff request runs it, and EF otherwise rebuilds, parameterises and looks
    /// up the query's expression tree each time.</summary>
    private static readonly CompiledPerModel<Func<VigilDbContext, string, CancellationToken, Task<UserStamp?>>> CurrentStamp = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, string id, CancellationToken ct) =>
            db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new UserStamp(u.SecurityStamp, u.Disabled)).FirstOrDefault()));

    private sealed record UserStamp(string? SecurityStamp, bool Disabled);
}
