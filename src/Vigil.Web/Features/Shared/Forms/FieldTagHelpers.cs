using Microsoft.AspNetCore.Mvc.TagHelpers;

namespace Vigil.Web.Features.Shared.Forms;

/// <summary>Every input, select and textarea whose name has an error is marked <c>aria-invalid</c> and described by
/// its error message, so a screen reader hears the problem on the field itself. Runs after the built-in tag
/// helpers (which set the name and id from <c>asp-for</c>); fields without an id get the one Razor would give them,
/// so the error summary's links always land.</summary>
[HtmlTargetElement("input")]
[HtmlTargetElement("select")]
[HtmlTargetElement("textarea")]
public sealed class FieldStateTagHelper : TagHelper
{
    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    public override int Order => 1000;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var form = KeptForm.Of(context);
        if (form is not null && output.TagName == "select") form.SelectValues = null;
        if (output.Attributes["name"]?.Value?.ToString() is not { Length: > 0 } name) return;
        // Fields bound with asp-for get their typed value back from model state already; hand-named ones from the post.
        if (form?.Posted is { } posted && !context.AllAttributes.ContainsName("asp-for") && !KeptForm.ShowsStored(ViewContext.HttpContext))
            await KeepAsync(context, output, name, posted, form);
        if (form is { Posted: null }) return;
        if (!ViewContext.ModelState.TryGetValue(name, out var entry) || entry.Errors.Count == 0) return;
        if (!output.Attributes.ContainsName("id") && form is null) output.Attributes.SetAttribute("id", FormErrors.FieldId(name));
        output.Attributes.SetAttribute("aria-invalid", "true");
        var errorId = form?.ErrorId(name) ?? FormErrors.ErrorId(name);
        var describedBy = output.Attributes["aria-describedby"]?.Value?.ToString();
        output.Attributes.SetAttribute("aria-describedby", string.IsNullOrEmpty(describedBy) ? errorId : $"{describedBy} {errorId}");
        output.AddClass("input-error", System.Text.Encodings.Web.HtmlEncoder.Default);
    }

    /// <summary>Puts the posted value back: text as the value, a textarea's text, checkboxes and radios ticked as
    /// posted, a select's choice for its options. Passwords, files and hidden fields are never echoed.</summary>
    private static async Task KeepAsync(TagHelperContext context, TagHelperOutput output, string name, IFormCollection posted, KeptForm form)
    {
        var values = posted[name];
        var type = output.Attributes["type"]?.Value?.ToString()?.ToLowerInvariant() ?? "text";
        switch (output.TagName)
        {
            case "textarea":
                await output.GetChildContentAsync();
                output.Content.SetContent(values.ToString());
                break;
            case "select":
                form.SelectValues = [.. values.Select(v => v ?? "")];
                break;
            case "input" when type is "checkbox" or "radio":
                var value = output.Attributes["value"]?.Value?.ToString() ?? "on";
                if (values.Contains(value)) output.Attributes.SetAttribute("checked", "checked");
                else output.Attributes.RemoveAll("checked");
                break;
            case "input" when type is "password" or "file" or "hidden" or "submit" or "button":
                break;
            case "input":
                output.Attributes.SetAttribute("value", values.ToString());
                break;
        }
    }
}

/// <summary><c>&lt;field-error for="Decision.Rationale" /&gt;</c>: the message beside a field (nothing when it has none).
/// Works for fields named by hand as well as with <c>asp-for</c>: the key is the field's name.</summary>
[HtmlTargetElement("field-error", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorTagHelper : TagHelper
{
    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    public string For { get; set; } = "";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (KeptForm.Of(context) is { Posted: null } || !ViewContext.ModelState.TryGetValue(For, out var entry) || entry.Errors.Count == 0)
        {
            output.SuppressOutput();
            return;
        }
        output.TagName = "p";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "field-error");
        output.Attributes.SetAttribute("id", KeptForm.Of(context)?.ErrorId(For) ?? FormErrors.ErrorId(For));
        output.Content.AppendHtml("<span class=\"visually-hidden\">Error: </span>");
        output.Content.Append(string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)));
    }
}
