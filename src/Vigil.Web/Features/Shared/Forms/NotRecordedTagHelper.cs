namespace Vigil.Web.Features.Shared.Forms;

/// <summary><c>&lt;not-recorded label="Your reason" text="…" /&gt;</c>: what an officer typed into a form another officer's
/// write overtook, shown where the form was when the form itself is gone — the override it answered, the task it closed,
/// the member it decided was answered, done or decided meanwhile. A refused form gives back what was typed (ADRs 0650,
/// 0659, 3273); with no form to give it back to, it is shown here, so it is never lost unseen (ADR 3278). Nothing is
/// rendered when nothing was typed.</summary>
[HtmlTargetElement("not-recorded", TagStructure = TagStructure.WithoutEndTag)]
public sealed class NotRecordedTagHelper : TagHelper
{
    /// <summary>What the text was, as the form's field called it ("Your reason").</summary>
    public string Label { get; set; } = "";

    public string? Text { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (string.IsNullOrWhiteSpace(Text))
        {
            output.SuppressOutput();
            return;
        }
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "not-recorded");
        output.Attributes.SetAttribute("data-not-recorded", "");
        var said = new TagBuilder("p");
        said.AddCssClass("hint");
        said.InnerHtml.Append($"{Label}, as you wrote it (not recorded):");
        var text = new TagBuilder("blockquote");
        text.InnerHtml.Append(Text);
        output.Content.AppendHtml(said).AppendHtml(text);
    }
}
