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

    /// <summary>A form as the browser holds it, for a race's late side: the hidden fields (its version, its antiforgery
    /// token) of the form posted to <paramref name="form"/>'s handler on the page as it was opened, <paramref name="typed"/>
    /// added, sent to <paramref name="handler"/> (a button's own formaction) or the form's.</summary>
    public static Task<HttpResponseMessage> PostHeldAsync(HttpClient client, string url, string html, string form, Dictionary<string, string> typed, string? handler = null)
    {
        var held = Parse(html).QuerySelector($"form[action*='handler={form}']") ?? throw new InvalidOperationException($"no {form} form on {url}");
        var fields = HiddenFields(held);
        foreach (var (name, value) in typed) fields[name] = value;
        return client.PostAsync($"{url}?handler={handler ?? form}", new FormUrlEncodedContent(fields));
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
