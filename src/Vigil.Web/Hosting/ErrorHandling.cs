using Microsoft.AspNetCore.Diagnostics;
using Vigil.Web.Features.Cases;

namespace Vigil.Web.Hosting;

/// <summary>Every API error is an RFC 9457 problem document; pages get a plain error page.</summary>
public static class ErrorHandling
{
    public static WebApplication UseVigilErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex switch
            {
                BadCursorException => StatusCodes.Status400BadRequest,
                BadHttpRequestException b => b.StatusCode,
                Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => StatusCodes.Status409Conflict,
                CaseChangeRefusedException => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        return app;
    }
}
