using Microsoft.AspNetCore.Mvc.Filters;

namespace Vigil.Web.Features.Audit;

/// <summary>For pages: records the read once the GET handler has run and before the page renders, when the handler
/// answered with the page (or a file), not with a redirect or a refusal.</summary>
public sealed class ReadAuditPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is not null || executed.ActionDescriptor.ModelTypeInfo?.IsDefined(typeof(NoCaseDataAttribute), inherit: false) == true) return;
        if (executed.Result is null or PageResult or FileResult)
        {
            var http = context.HttpContext;
            await ReadAudit.RecordDefaultAsync(http, (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText, http.RequestAborted);
        }
    }
}
