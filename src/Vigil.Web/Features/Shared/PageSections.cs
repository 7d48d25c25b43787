namespace Vigil.Web.Features.Shared;

/// <summary>The sections of one long page (the case page), in the order they were rendered: what its section menu
/// lists. Filled by <see cref="PageSectionTagHelper"/> while the body renders; read by the layout afterwards.</summary>
public sealed class PageSections
{
    public sealed record Entry(string Id, string Heading, string? Note, bool Attention);

    private readonly List<Entry> entries = [];

    public IReadOnlyList<Entry> All => entries;

    public void Add(Entry entry)
    {
        if (entries.All(e => e.Id != entry.Id)) entries.Add(entry);
    }
}

/// <summary><c>&lt;page-section id="people" heading="People" note="2 people"&gt;…&lt;/page-section&gt;</c>: a panel of a long
/// page with its heading, listed in the page's section menu, and collapsible when the script runs (the heading
/// becomes a button; without the script every section is simply open). <see cref="Attention"/> marks a section
/// that holds something overdue or flagged: it is never collapsed for the reader (ADR 0657).</summary>
[HtmlTargetElement("page-section")]
public sealed class PageSectionTagHelper(PageSections sections) : TagHelper
{
    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    public string Id { get; set; } = "";
    public string Heading { get; set; } = "";
    /// <summary>A few words after the heading that stay visible when the section is collapsed ("3 open · 1 overdue").</summary>
    public string? Note { get; set; }
    /// <summary>Collapsed on first view at every width (e.g. the audit history).</summary>
    public bool Collapsed { get; set; }
    /// <summary>Open on first view at every width, phones included, unless the reader closed it on this device (the
    /// reviewer's Oversight panel: their way into the case; ADR 3102). Unlike <see cref="Attention"/>, no flag.</summary>
    public bool Opened { get; set; }
    public bool Attention { get; set; }

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        sections.Add(new PageSections.Entry(Id, Heading, Note, Attention));
        var content = await output.GetChildContentAsync();
        output.TagName = "section";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("id", Id);
        // A panel's own classes (hooks for tests and print styles: "linkage-panel", "no-print") are kept beside "panel".
        var own = output.Attributes.TryGetAttribute("class", out var given) ? " " + given.Value : "";
        output.Attributes.SetAttribute("class", "panel" + (Attention ? " attention" : "") + own);
        output.Attributes.SetAttribute("aria-labelledby", Id + "-h");
        output.Attributes.SetAttribute("data-collapsible", Collapsed ? "collapsed" : Attention ? "attention" : Opened ? "opened" : "open");
        var heading = new TagBuilder("h2");
        heading.Attributes["id"] = Id + "-h";
        heading.InnerHtml.Append(Heading);
        if (!string.IsNullOrEmpty(Note))
        {
            heading.InnerHtml.AppendHtml(" ");
            var note = new TagBuilder("span");
            note.AddCssClass("muted");
            note.InnerHtml.Append(Note);
            heading.InnerHtml.AppendHtml(note);
        }
        var body = new TagBuilder("div");
        body.AddCssClass("panel-body");
        body.Attributes["id"] = Id + "-body";
        body.InnerHtml.AppendHtml(content);
        output.Content.SetHtmlContent(heading);
        output.Content.AppendHtml(body);
    }
}
