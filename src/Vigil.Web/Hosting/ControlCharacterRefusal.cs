using Microsoft.Extensions.Primitives;

namespace Vigil.Web.Hosting;

/// <summary>The same rule as JSON bodies (<see cref="FreeTextFilter"/>) for query strings and form posts, in one
/// place for the API and the pages: a control character other than tab and line breaks (ESC, U+0011, DEL, C1) is
/// refused with 400 before any handler runs, so nothing is stored or searched with it (issue 14, ADR 1261).
/// The API answers a validation problem naming the field; a page shows the status page with the same message.</summary>
public static class ControlCharacterRefusal
{
    public const string ItemKey = "vigil.refused-text";

    public static IApplicationBuilder UseControlCharacterRefusal(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        // The status page re-runs the pipeline for the refused request: let it through to say why.
        if (http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null)
        {
            await next(http);
            return;
        }
        var field = FirstRefused(http.Request.Query);
        if (field is null && http.Request.HasFormContentType && !HttpMethods.IsGet(http.Request.Method))
        {
            IFormCollection? form = null;
            try { form = await http.Request.ReadFormAsync(http.RequestAborted); }
            catch (InvalidDataException) { /* a malformed form is the handler's to refuse, with its own answer */ }
            if (form is not null) field = FirstRefused(form);
        }
        if (field is null)
        {
            await next(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        if (http.Request.Path.StartsWithSegments("/api"))
            await TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [FreeTextFilter.Message] }, title: FreeTextFilter.Title).ExecuteAsync(http);
        else
            http.Items[ItemKey] = $"{FreeTextFilter.Message} Remove them from “{field}” and send it again.";
    });

    private static string? FirstRefused(IEnumerable<KeyValuePair<string, StringValues>> values) =>
        values.FirstOrDefault(kv => kv.Key.Any(FreeTextFilter.IsRefused) || kv.Value.Any(v => v is not null && v.Any(FreeTextFilter.IsRefused))).Key;
}
