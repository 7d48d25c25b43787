using Microsoft.Extensions.Options;

namespace Vigil.Web.Hosting;

/// <summary>Response headers every page, API answer, download and static file carries (issue 8, finding 7; ADR 0506).
/// The content security policy allows scripts, styles, fonts and images from Vigil itself only — every front-end
/// library is served from wwwroot/lib and no view has inline script or style — so injected markup cannot run script,
/// post a form elsewhere or frame Vigil. With <see cref="VigilSettings.RequireHttps"/>, plain HTTP is redirected and
/// browsers are told (HSTS) never to use it again.</summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IServiceCollection AddVigilSecurityHeaders(this IServiceCollection services)
    {
        services.AddHsts(o => { o.MaxAge = TimeSpan.FromDays(365); o.IncludeSubDomains = true; });
        services.AddOptions<Microsoft.AspNetCore.HttpsPolicy.HttpsRedirectionOptions>().Configure<IOptions<VigilSettings>>((o, s) =>
            o.HttpsPort = Uri.TryCreate(s.Value.PublicBaseUrl, UriKind.Absolute, out var u) && u.Scheme == "https" ? u.Port : 443);
        return services;
    }

    /// <summary>First in the pipeline, and set as the response starts, so error pages (which clear headers) carry them too.</summary>
    public static WebApplication UseVigilSecurityHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<VigilSettings>>().Value.RequireHttps)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var h = context.Response.Headers;
                h.ContentSecurityPolicy = ContentSecurityPolicy;
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                h["Referrer-Policy"] = "no-referrer";
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
