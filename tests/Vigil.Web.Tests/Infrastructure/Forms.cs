using AngleSharp.Html.Parser;

namespace Vigil.Web.Tests.Infrastructure;

/// <summary>Posts a form the way a browser does: GET the page, take its antiforgery token, POST the fields.</summary>
public static class Forms
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> fields, string? getUrl = null)
    {
        var page = await client.GetStringAsync(getUrl ?? url);
        var token = AntiforgeryToken(page) ?? throw new InvalidOperationException($"no antiforgery token on {getUrl ?? url}");
        fields["__RequestVerificationToken"] = token;
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    /// <summary>A form post whose fields may repeat (ticked checkboxes of one name).</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields, string? getUrl = null)
    {
        var page = await client.GetStringAsync(getUrl ?? url);
        var token = AntiforgeryToken(page) ?? throw new InvalidOperationException($"no antiforgery token on {getUrl ?? url}");
        return await client.PostAsync(url, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
    }

    /// <summary>Posts a form of a page as the browser holds it: the hidden fields (antiforgery token, versions, keys) of the
    /// page it was opened on, <paramref name="html"/>, which may since be stale, with what was typed. The form is the
    /// page's one posting to <paramref name="handler"/>.</summary>
    public static Task<HttpResponseMessage> SubmitHeldAsync(HttpClient client, string url, string html, string handler, Dictionary<string, string> typed)
    {
        var form = Parse(html).QuerySelector($"form[action*='handler={handler}']") ?? throw new InvalidOperationException($"no {handler} form");
        var fields = HiddenFields(form);
        foreach (var (name, value) in typed) fields[name] = value;
        return client.PostAsync($"{url}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    /// <summary>A form's hidden fields, as the page gave them.</summary>
    public static Dictionary<string, string> HiddenFields(AngleSharp.Dom.IElement form) =>
        form.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");

    public static string? AntiforgeryToken(string html)
    {
        var doc = new HtmlParser().ParseDocument(html);
        return doc.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
    }

    public static AngleSharp.Html.Dom.IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>
    /// The page without its antiforgery tokens. A token is random base64, so a short secret ("GHB") asserted absent
    /// from the raw HTML is found in one page in a few hundred; leak checks read the page without them.
    /// </summary>
    public static string WithoutAntiforgeryTokens(string html)
    {
        var doc = Parse(html);
        foreach (var token in doc.QuerySelectorAll("input[name=__RequestVerificationToken]").ToList())
            token.Remove();
        return doc.DocumentElement.OuterHtml;
    }
}
