namespace Vigil.Web.Features.Shared.Forms;

/// <summary>Post/redirect/get that returns to the part of the page acted on: the success message travels in TempData
/// with the section it belongs to, and the redirect carries the section as its fragment, so the browser lands on
/// the form that was used and shows what happened there (ADR 0650).</summary>
public static class Flash
{
    private const string MessageKey = "vigil.flash";
    private const string SectionKey = "vigil.flash.section";

    public static RedirectResult RedirectToSection(this Microsoft.AspNetCore.Mvc.RazorPages.PageModel page, string url, string? section, string message)
    {
        page.TempData[MessageKey] = message;
        page.TempData[SectionKey] = section ?? "";
        return new RedirectResult(section is null ? url : $"{url}#{section}");
    }

    /// <summary>Takes the message if it belongs to <paramref name="section"/> ("" for a page-level message).</summary>
    public static string? Take(ITempDataDictionary temp, string section)
    {
        if (temp.Peek(MessageKey) is not string message || (temp.Peek(SectionKey) as string ?? "") != section) return null;
        temp.Remove(MessageKey);
        temp.Remove(SectionKey);
        return message;
    }
}

/// <summary><c>&lt;flash-message section="actions" /&gt;</c>: the success message of the last post, shown in the section
/// it belongs to (a page-level message when <see cref="Section"/> is omitted).</summary>
[HtmlTargetElement("flash-message", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FlashMessageTagHelper : TagHelper
{
    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    public string Section { get; set; } = "";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (Flash.Take(ViewContext.TempData, Section) is not { } message)
        {
            output.SuppressOutput();
            return;
        }
        output.RenderAsMessageBox("notice", "status");
        output.Attributes.SetAttribute("data-flash", Section);
        // Focusable by script only: site.js moves focus to it on load (ADR 3340).
        output.Attributes.SetAttribute("tabindex", "-1");
        output.Content.Append(message);
    }
}
