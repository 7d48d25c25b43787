using Microsoft.AspNetCore.Mvc.Filters;

namespace Vigil.Web.Hosting;

/// <summary>A POST that selects no handler (none unnamed, or a name the page has not) on a page with handlers answers
/// 404. Razor Pages would render such a page without running any handler, so nothing it shows was loaded: a 500 on
/// `/cases/{id}` (GET only), `/notifications`, `/people/{id}`, `/reviews/{id}`, `/admin/users/{id}` (named POST handlers
/// only) and, until it previewed, `/import/{upload}` (ADR 3362). No form sends one; a hand-made request does. The status
/// page, which a failed POST is re-executed on, has its own OnPost.</summary>
public sealed class NoHandlerFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context) { }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        // A page with no handler at all (a view) renders as before; GET and HEAD of a page without OnGet too.
        var method = context.HttpContext.Request.Method;
        if (context.HandlerMethod is null && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && context.ActionDescriptor.HandlerMethods.Count > 0)
            context.Result = new NotFoundResult();
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context) { }
}
