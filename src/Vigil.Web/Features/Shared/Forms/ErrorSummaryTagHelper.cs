using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Vigil.Web.Features.Shared.Forms;

/// <summary><c>&lt;error-summary for="Decision" /&gt;</c>: the "There is a problem" box at the top of a form (GOV.UK
/// pattern), listing each error as a link to its field. Nothing is rendered when the form has no error. With
/// <see cref="For"/>, only the errors of that form's fields (key prefix) and of the form itself are listed, so one
/// page can hold several forms (ADR 0650).</summary>
[HtmlTargetElement("error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ErrorSummaryTagHelper : TagHelper
{
    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    /// <summary>The form's key prefix ("Decision" for fields named "Decision.Rationale"); omit for a one-form page.</summary>
    public string? For { get; set; }

    /// <summary>The id a field's link goes to, where it is not Razor's id for the field's name (the case form's rows).</summary>
    public Func<string, string>? Target { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var form = KeptForm.Of(context);
        var errors = form is { Posted: null } ? [] : FormErrors.Of(ViewContext.ModelState, For);
        if (errors.Count == 0)
        {
            output.SuppressOutput();
            return;
        }
        output.RenderAsMessageBox("error-summary", "alert");
        output.Attributes.SetAttribute("tabindex", "-1");
        output.Attributes.SetAttribute("data-error-summary", "");
        output.Attributes.SetAttribute("id", form is null ? FormErrors.SummaryId(For) : FormErrors.FieldId(form.Key) + "-errors");
        output.Content.AppendHtml("<h2 class=\"error-summary-title\">There is a problem</h2><ul>");
        foreach (var (key, message) in errors)
        {
            var item = new TagBuilder("li");
            if (key.Length == 0 || key == For) item.InnerHtml.Append(message);
            else
            {
                var link = new TagBuilder("a");
                link.Attributes["href"] = "#" + (form is not null ? form.ErrorId(key) : Target is not null ? Target(key) : FormErrors.FieldId(key));
                link.InnerHtml.Append(message);
                item.InnerHtml.AppendHtml(link);
            }
            output.Content.AppendHtml(item);
        }
        output.Content.AppendHtml("</ul>");
    }
}

/// <summary>How form errors are keyed and found: by the field's name, with ids derived from names as Razor does.</summary>
public static class FormErrors
{
    public static List<(string Key, string Message)> Of(ModelStateDictionary state, string? prefix)
    {
        var result = new List<(string, string)>();
        foreach (var (key, entry) in state)
        {
            if (entry.Errors.Count == 0 || !Belongs(key, prefix)) continue;
            foreach (var e in entry.Errors) result.Add((key, string.IsNullOrEmpty(e.ErrorMessage) ? "This value is not valid" : e.ErrorMessage));
        }
        // The form's own (model-level) errors first, then the fields'.
        return [.. result.OrderBy(r => r.Item1.Length == 0 || r.Item1 == prefix ? 0 : 1)];
    }

    public static bool HasErrors(ModelStateDictionary state, string? prefix) =>
        state.Any(kv => kv.Value is { Errors.Count: > 0 } && Belongs(kv.Key, prefix));

    private static bool Belongs(string key, string? prefix) =>
        prefix is null || key == prefix || key.StartsWith(prefix + ".", StringComparison.Ordinal) || key.StartsWith(prefix + "[", StringComparison.Ordinal);

    /// <summary>The element id Razor gives a field of this name ("Form.People[0].Role" → "Form_People_0__Role").</summary>
    public static string FieldId(string name) => TagBuilder.CreateSanitizedId(name, "_");

    public static string ErrorId(string name) => FieldId(name) + "-error";

    public static string SummaryId(string? prefix) => prefix is null ? "error-summary" : FieldId(prefix) + "-errors";
}
