namespace Vigil.Web.Features.Shared.Forms;

/// <summary>How the form tag helpers show a message: a div whose ARIA role makes screen readers announce it
/// ("status" for news, "alert" for a refusal).</summary>
internal static class MessageBox
{
    public static void RenderAsMessageBox(this TagHelperOutput output, string cssClass, string role)
    {
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", cssClass);
        output.Attributes.SetAttribute("role", role);
    }
}
