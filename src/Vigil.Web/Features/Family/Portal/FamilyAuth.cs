using Microsoft.AspNetCore.Authentication.Cookies;

namespace Vigil.Web.Features.Family.Portal;

/// <summary>The family portal's own sign-in: a separate cookie scheme for family accounts, never a staff user or
/// a staff role (ADR 0303). The cookie is scoped to /family so a browser does not even send it to staff pages;
/// if it arrives anyway, staff routes answer 404.</summary>
public static class FamilyAuth
{
    public const string Scheme = "Family";
    public const string Role = "family";
    public const string Policy = "family-portal";
    public const string CookieName = "vigil.family";
    public const string CaseClaim = "vigil:family-case";
    public const string StampClaim = "vigil:family-stamp";

    public static IServiceCollection AddFamilyAuth(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.Path = "/family";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/family/login";
            o.AccessDeniedPath = "/family/login";
            o.ExpireTimeSpan = TimeSpan.FromMinutes(60);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = ctx => PortalOnly(ctx, () => ctx.Response.Redirect(ctx.RedirectUri));
            o.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = StatusCodes.Status404NotFound; return Task.CompletedTask; };
            o.Events.OnValidatePrincipal = ValidateAsync;
            o.Events.OnSigningIn = ctx => { FamilyElsewhere.Mark(ctx.HttpContext); return Task.CompletedTask; };
            o.Events.OnSigningOut = ctx => { FamilyElsewhere.Clear(ctx.HttpContext); return Task.CompletedTask; };
        });
        services.Configure<AuthorizationOptions>(o => o.AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireRole(Role)));
        return services;
    }

    /// <summary>Outside the portal a family session is nobody: no redirect, no hint of what is there.</summary>
    private static Task PortalOnly(RedirectContext<CookieAuthenticationOptions> ctx, Action redirect)
    {
        if (ctx.Request.Path.StartsWithSegments("/family")) redirect();
        else ctx.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    /// <summary>Access withdrawn or password changed: the cookie stops working on the next request.</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext ctx)
    {
        var id = Guid.TryParse(ctx.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var g) ? g : Guid.Empty;
        var stamp = ctx.Principal?.FindFirstValue(StampClaim);
        var db = ctx.HttpContext.RequestServices.GetRequiredService<VigilDbContext>();
        var ok = await db.FamilyAccounts.AsNoTracking().AnyAsync(a => a.Id == id && a.DisabledAt == null && a.SecurityStamp == stamp, ctx.HttpContext.RequestAborted);
        if (ok) return;
        ctx.RejectPrincipal();
        await ctx.HttpContext.SignOutAsync(Scheme);
    }

    /// <summary>How a family account is named in the audit trail and on records it raises: "family:{account id}", never
    /// its chosen user name, so a family member can never pass for an officer (issue 8, finding 4).</summary>
    public static string AuditActor(object accountId) => $"family:{accountId}";

    public static ClaimsPrincipal PrincipalFor(FamilyAccount account) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, account.Id.ToString()),
        new Claim(ClaimTypes.Name, account.UserName),
        new Claim(ClaimTypes.Role, Role),
        new Claim(CaseClaim, account.CaseId.ToString()),
        new Claim(StampClaim, account.SecurityStamp),
    ], Scheme));

    /// <summary>The signed-in family account and its case, taken only from the cookie, never from the request.</summary>
    public static (Guid AccountId, Guid CaseId) Who(ClaimsPrincipal user) =>
        (Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!), Guid.Parse(user.FindFirstValue(CaseClaim)!));
}
