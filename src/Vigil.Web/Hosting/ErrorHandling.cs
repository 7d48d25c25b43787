using Microsoft.AspNetCore.Diagnostics;
using Vigil.Web.Features.Cases;

namespace Vigil.Web.Hosting;

/// <summary>Every API error is an RFC 9457 problem document; a person in a browser gets a page that says what
/// happened and where to go next (never raw JSON), in the portal's look under /family (ADR 0653).</summary>
public static class ErrorHandling
{
    public const string PagePath = "/error";

    public static WebApplication UseVigilErrors(this WebApplication app)
    {
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusFor });
            api.UseStatusCodePages();
        });
        app.UseWhen(ctx => !IsApi(ctx), pages =>
        {
            pages.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = PagePath + "/500", StatusCodeSelector = StatusFor });
            pages.UseStatusCodePagesWithReExecute(PagePath + "/{0}");
        });
        return app;
    }

    /// <summary>API callers, and anything that asked for JSON rather than a page.</summary>
    private static bool IsApi(HttpContext ctx) =>
        ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/health") || ctx.Request.Path.StartsWithSegments("/openapi")
        || (ctx.Request.Headers.Accept.ToString() is { Length: > 0 } accept
            && accept.Contains("application/json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    private static int StatusFor(Exception ex) => ex switch
    {
        BadCursorException => StatusCodes.Status400BadRequest,
        BadHttpRequestException b => b.StatusCode,
        Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => StatusCodes.Status409Conflict,
        CaseChangeRefusedException => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status500InternalServerError,
    };
}
