using Microsoft.AspNetCore.Identity;

namespace Vigil.Web.Features.Auth;

public static class AuthSetup
{
    public const string PolicyScheme = "Vigil";

    public static IServiceCollection AddVigilAuth(this IServiceCollection services)
    {
        services.AddIdentity<VigilUser, IdentityRole>(IdentityOptions)
            .AddEntityFrameworkStores<VigilDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<VigilClaimsFactory>();
        // Roles are refreshed from the store every minute; the stamp itself is checked on every request (StaffSession).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/denied";
            o.Cookie.Name = "vigil.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = ApiAware(StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ApiAware(StatusCodes.Status403Forbidden);
            o.Events.OnValidatePrincipal = StaffSession.ValidateAsync;
        });
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = PolicyScheme;
                o.DefaultChallengeScheme = PolicyScheme;
                o.DefaultAuthenticateScheme = PolicyScheme;
            })
            .AddPolicyScheme(PolicyScheme, "cookie or bearer token", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && !IsPage(ctx)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    // A family portal session (and no staff one) is judged as what it is, so staff routes refuse it (ADR 0303).
                    : ctx.Request.Cookies.ContainsKey(Family.Portal.FamilyAuth.CookieName) && !ctx.Request.Cookies.ContainsKey("vigil.auth")
                        ? Family.Portal.FamilyAuth.Scheme
                        : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(o => o.AddVigilPolicies());
        services.AddScoped<CaseAccess>();
        services.AddScoped<StaffSignIn>();
        services.AddScoped<StaffLockout>();
        services.AddScoped<Account.PasswordChange>();
        services.AddSingleton<PasswordCheckGate>();
        return services;
    }

    /// <summary>A Razor page is the web UI, signed in with a cookie: a bearer token there is not read (ADR 3016). Otherwise
    /// a token would drive every form a browser does, an administrator's token the user pages too: set a password or make
    /// an account, sign in with it and mint tokens, outliving the token's revocation. Routing runs before authentication,
    /// so the endpoint is known here.</summary>
    private static bool IsPage(HttpContext ctx) =>
        ctx.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null;

    /// <summary>One place for password and lockout rules, used by the web app and the `users` verb alike.</summary>
    public static void IdentityOptions(IdentityOptions o)
    {
        // Length over composition rules (NCSC/NIST guidance): 12+ characters, no forced symbols or capitals.
        o.Password.RequiredLength = 12;
        o.Password.RequireNonAlphanumeric = false;
        o.Password.RequireUppercase = false;
        o.Password.RequireLowercase = false;
        o.Password.RequireDigit = false;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.Lockout.AllowedForNewUsers = true;
        o.User.RequireUniqueEmail = false;
    }

    /// <summary>API callers get a status code, not a redirect to the login page.</summary>
    private static Func<Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>, Task> ApiAware(int status) => ctx =>
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        if (status == StatusCodes.Status401Unauthorized && Family.Portal.FamilyElsewhere.IsFamilyBrowser(ctx.Request))
        {
            Family.Portal.FamilyElsewhere.Refuse(ctx.HttpContext);
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    };
}
