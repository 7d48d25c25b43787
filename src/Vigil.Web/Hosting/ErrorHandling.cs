using Microsoft.AspNetCore.Diagnostics;

namespace Vigil.Web.Hosting;

/// <summary>Every API error is an RFC 9457 problem document; a person in a browser gets a page that says what
/// happened and where to go next (never raw JSON), in the portal's look under /family (ADR 0653).</summary>
public static class ErrorHandling
{
    public const string PagePath = "/error";

    public static WebApplication UseVigilErrors(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            // A client that retries after a 503 should wait a little rather than hammer a recovering database.
            http.Response.OnStarting(() =>
            {
                if (http.Response.StatusCode == StatusCodes.Status503ServiceUnavailable) http.Response.Headers.RetryAfter = "5";
                return Task.CompletedTask;
            });
            return next(http);
        });
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
        Features.Cases.BadCursorException => StatusCodes.Status400BadRequest,
        BadHttpRequestException b => b.StatusCode,
        Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => StatusCodes.Status409Conflict,
        Features.Shared.RefusedException r => r.Refusal.Status,
        _ when IsDatabaseUnavailable(ex) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The database cannot be reached (stopped, restarting, network gone): a 503 the client may retry,
    /// not a 500 that says the request itself was wrong.</summary>
    public static bool IsDatabaseUnavailable(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is Npgsql.NpgsqlException { IsTransient: true } or TimeoutException) return true;
            // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now; class 08: connection exceptions.
            if (ex is Npgsql.PostgresException pg && (pg.SqlState is "57P01" or "57P02" or "57P03" || pg.SqlState.StartsWith("08", StringComparison.Ordinal))) return true;
            if (ex is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }) return true; // SQLITE_BUSY / SQLITE_LOCKED
        }
        return false;
    }
}
