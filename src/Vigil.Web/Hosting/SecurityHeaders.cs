using Microsoft.Net.Http.Headers;

namespace Vigil.Web.Hosting;

/// <summary>Response headers every page, API answer, download and static file carries (issue 8, finding 7; ADR 0506).
/// The content security policy allows scripts, styles, fonts and images from Vigil itself only — every front-end
/// library is served from wwwroot/lib and no view has inline script or style — so injected markup cannot run script,
/// post a form elsewhere or frame Vigil. With <see cref="VigilSettings.RequireHttps"/>, plain HTTP is redirected and
/// browsers are told (HSTS) never to use it again.</summary>
public static class SecurityHeaders
{
    /// <summary>The policy; a force's own map tile server (Vigil:Map:TileUrl) is the one other origin images may come from.</summary>
    public static string ContentSecurityPolicy(string? tileUrl = null)
    {
        var tiles = Uri.TryCreate(tileUrl?.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal), UriKind.Absolute, out var u)
            && u.Scheme is "http" or "https" ? " " + u.GetLeftPart(UriPartial.Authority) : "";
        return $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:{tiles}; font-src 'self'; connect-src 'self'; " +
            "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

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
        var policy = ContentSecurityPolicy(app.Services.GetService<IOptions<Features.Map.MapSettings>>()?.Value.TileUrl);
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var h = context.Response.Headers;
                h.ContentSecurityPolicy = policy;
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                h["Referrer-Policy"] = "no-referrer";
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                // What a route answers (API answers, reports, downloads) is a case's data or about one: kept by no browser
                // or proxy, as the pages already are, unless the route says otherwise (the map's tiles). Static files,
                // served before routing, have no endpoint and stay cacheable (sec61, ADR 3309).
                if (context.GetEndpoint() is not null && !h.ContainsKey(HeaderNames.CacheControl)) h.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
