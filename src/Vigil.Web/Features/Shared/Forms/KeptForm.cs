namespace Vigil.Web.Features.Shared.Forms;

/// <summary>Which form of a page was posted, and what it held. A page can repeat one form many times (an answer box
/// per question, a "next step" per action): each carries its own key in a hidden <c>__form</c> field, so when a post is
/// refused and the page is shown again, only that form gets its typed values and its errors back (ADR 0650).</summary>
public sealed class KeptForm
{
    public const string Field = "__form";

    public KeptForm(string key, HttpContext http)
    {
        Key = key;
        var request = http.Request;
        if (request.HasFormContentType && HttpMethods.IsPost(request.Method))
            Posted = string.Equals(request.Form[Field].ToString(), key, StringComparison.Ordinal) ? request.Form : null;
        else if (CarriedForm.Of(http) is { } carried && string.Equals(carried.Key, key, StringComparison.Ordinal))
            Posted = carried.ToForm();
    }

    public string Key { get; }

    /// <summary>The posted fields when this is the form that was posted (or carried back refused), else null.</summary>
    public IFormCollection? Posted { get; }

    /// <summary>The values of the select being rendered, for its options.</summary>
    public IReadOnlyList<string>? SelectValues { get; set; }

    /// <summary>The id of a field's error message in this form: unique when the form is repeated on the page. The
    /// form's error summary links to it (the field follows the message).</summary>
    public string ErrorId(string name) => $"{FormErrors.ErrorId(name)}-{FormErrors.FieldId(Key)}";

    public static KeptForm? Of(TagHelperContext context) => context.Items.TryGetValue(typeof(KeptForm), out var f) ? f as KeptForm : null;

    /// <summary>For a form refused as stale (another officer's save overtook it, ADRs 3235, 3259): its fields are shown as
    /// they are now stored, not as posted; its errors still are. The refusal says the form is "shown as it is now", and
    /// a field echoed from the overtaken page, saved again under the new version, would undo the other save unseen.</summary>
    public static void ShowStored(HttpContext http) => http.Items[StoredKey] = true;

    public static bool ShowsStored(HttpContext http) => http.Items.ContainsKey(StoredKey);

    private static readonly object StoredKey = new();
}

/// <summary><c>&lt;form method="post" form-key="answer-42"&gt;</c>: names the form (a hidden <c>__form</c> field) so a refused
/// post can give this form, and only this form, its input and errors back.</summary>
[HtmlTargetElement("form", Attributes = "form-key")]
public sealed class KeptFormTagHelper : TagHelper
{
    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    [HtmlAttributeName("form-key")] public string Key { get; set; } = "";

    // Before the fields (and the built-in form tag helper, which adds the antiforgery token at the end).
    public override int Order => -2000;

    // Set in Init, before any child element is processed (as the built-in select does for its options).
    public override void Init(TagHelperContext context) => context.Items[typeof(KeptForm)] = new KeptForm(Key, ViewContext.HttpContext);

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var marker = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
        marker.Attributes["type"] = "hidden";
        marker.Attributes["name"] = KeptForm.Field;
        marker.Attributes["value"] = Key;
        output.PreContent.AppendHtml(marker);
    }
}

/// <summary>Options of a select in a kept form: the posted choice is selected again.</summary>
[HtmlTargetElement("option")]
public sealed class KeptOptionTagHelper : TagHelper
{
    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (KeptForm.Of(context)?.SelectValues is not { } chosen) return;
        var value = output.Attributes["value"]?.Value?.ToString() ?? "";
        if (chosen.Contains(value)) output.Attributes.SetAttribute("selected", "selected");
        else output.Attributes.RemoveAll("selected");
    }
}
