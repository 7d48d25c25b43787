using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Primitives;

namespace Vigil.Web.Features.Shared.Forms;

/// <summary>A refused form carried across a redirect. The case page's panels post to their own capability's handlers,
/// which cannot render the case page again; so a refused post redirects back to the section with what was typed and
/// why it was refused, and the page shows that form again as if the post had just been rendered (ADR 0659).</summary>
public sealed record CarriedForm(string Key, Dictionary<string, string[]> Fields, List<CarriedError> Errors)
{
    private const string TempDataKey = "vigil.carried-form";

    /// <summary>What a form posted, without the antiforgery token (it is issued afresh) and without passwords.</summary>
    public static CarriedForm From(HttpRequest request, List<CarriedError> errors) => new(
        request.Form[KeptForm.Field].ToString(),
        request.Form.Where(f => f.Key is not ("__RequestVerificationToken" or KeptForm.Field) && !f.Key.Contains("password", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(f => f.Key, f => f.Value.Select(v => v ?? "").ToArray()),
        errors);

    public void Keep(ITempDataDictionary temp) => temp[TempDataKey] = JsonSerializer.Serialize(this);

    public static CarriedForm? Take(ITempDataDictionary temp) =>
        temp[TempDataKey] is string json ? JsonSerializer.Deserialize<CarriedForm>(json) : null;

    /// <summary>What was typed into one field of the form ("" when it was posted empty, null when not posted).</summary>
    public string? Typed(string field) => Fields.TryGetValue(field, out var values) ? string.Join(", ", values) : null;

    public IFormCollection ToForm() => new FormCollection(Fields.ToDictionary(f => f.Key, f => new StringValues(f.Value)));

    public static CarriedForm? Of(HttpContext http) => http.Items[typeof(CarriedForm)] as CarriedForm;

    /// <summary>Restores a carried form on the page it was carried to: its errors into model state (for the summary and
    /// the fields), its values for <see cref="KeptForm"/>.</summary>
    public sealed class RestoreFilter : IPageFilter
    {
        public void OnPageHandlerSelected(PageHandlerSelectedContext context) { }

        public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
        {
            if (!HttpMethods.IsGet(context.HttpContext.Request.Method) || context.HandlerInstance is not Microsoft.AspNetCore.Mvc.RazorPages.PageModel page) return;
            if (Take(page.TempData) is not { } carried) return;
            context.HttpContext.Items[typeof(CarriedForm)] = carried;
            foreach (var e in carried.Errors) context.ModelState.AddModelError(e.Field, e.Message);
        }

        public void OnPageHandlerExecuted(PageHandlerExecutedContext context) { }
    }
}

/// <summary>One problem of a carried form: the field it belongs to ("" for the form as a whole) and what to do.</summary>
public sealed record CarriedError(string Field, string Message);
