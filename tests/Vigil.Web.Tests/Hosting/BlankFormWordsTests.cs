using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Features.Family;
using Vigil.Web.Tests.Features.Import;
using Vigil.Web.Tests.Features.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>Every form a role meets, sent with nothing typed, is answered in words a user can act on: never the model
/// binder's defaults, which name the code's properties ("The UserName field is required.", "The value '' is invalid.").
/// Round 63 found one on the create-user page (ADR 3341); this walks every form of every page each role works on, so the
/// next one is found by the suite, not by a user. A refusal shown after a redirect (a panel's flash) is read too.</summary>
public abstract partial class BlankFormWordsTests(VigilAppFactory app)
{
    [GeneratedRegex(@"The [A-Z][A-Za-z0-9]*(\.[A-Za-z0-9]+)* field is required|The field [A-Z][A-Za-z0-9.]* must|The value '[^']*' is (not valid|invalid)|A value for the '[^']*' (parameter|property) was not provided|is not valid for [A-Z][A-Za-z0-9.]*|The supplied value is invalid")]
    private static partial Regex BinderDefault();

    [Fact]
    public async Task EveryFormOfEveryRole_PostedBlank_IsAnsweredInWords()
    {
        var f = await FamilyKit.CaseAsync(app);
        var supervisor = await app.CreateUserAsync(Roles.Supervisor, f.Investigator.Team);
        var analyst = await app.CreateUserAsync(Roles.Analyst, f.Investigator.Team);
        var reviewer = await app.CreateUserAsync(Roles.Reviewer);
        var administrator = await app.CreateUserAsync(Roles.Administrator);
        var managed = await app.CreateUserAsync(Roles.Investigator);
        var person = await app.WithDbAsync(db => db.CasePeople.Where(p => p.CaseId == f.Case.Id).Select(p => p.PersonId).FirstAsync());
        var @case = $"/cases/{f.Case.Id}";
        var finding = await RaiseFindingAsync(reviewer, f.Case.Reference);
        var pair = await LinkageClient.AlertedPairAsync(app, app);
        // The pages a walk of fixed addresses cannot reach by itself: the mapping page of an upload, a series with deaths
        // awaiting the analyst's decision.
        var mapping = await UploadAsync(supervisor);
        var (series, _) = await CandidateSeriesSeed.AddAsync(app, Vigil.Data.Linkage.AlertKind.Pair, pair.First.Id, pair.Second.Id);

        var heard = new List<string>();
        var posted = new List<string>();
        foreach (var (user, pages) in new (TestUser, string[])[]
        {
            (f.Investigator, ["/cases/new", @case, $"{@case}/edit", "/account/password", "/saved-searches", "/notifications"]),
            (supervisor, [@case, "/import", mapping]),
            (f.Flo, [$"{@case}/family", @case]),
            (analyst, [$"/people/{person}"]),
            (pair.Ann, [$"/linkage/candidates/{pair.Row.Id}", $"/series/{series}"]),
            (reviewer, ["/reviews/new", finding, "/audit/verification"]),
            // Last: a blank "Access" form may take the managed user's roles away, which no other page here needs.
            (administrator, ["/admin/users/new", $"/admin/users/{managed.Id}/disable", $"/admin/users/{managed.Id}"]),
        })
        {
            using var client = await app.SignedInClientAsync(user);
            await SendBlankAsync(client, user.Role, pages, heard, posted);
        }

        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        using (family) await SendBlankAsync(family, "family", ["/family/ask", "/family/submit", "/family/security"], heard, posted);

        Assert.True(posted.Count >= 25, $"only {posted.Count} forms were found: the walk no longer reaches the pages it names");
        Assert.Contains(mapping, posted);
        Assert.Contains($"/series/{series}", posted);
        Assert.True(heard.Count == 0, $"{heard.Count} of {posted.Count} forms answered in the binder's words or failed:\n{string.Join("\n", heard)}");
    }

    /// <summary>A CSV uploaded by <paramref name="importer"/>; its mapping page's address. No column is named like a field,
    /// so the blank import is refused rather than run.</summary>
    private async Task<string> UploadAsync(TestUser importer)
    {
        using var client = await app.SignedInClientAsync(importer);
        using var uploaded = await WorkbookPackage.UploadAsync(client, "old system.csv", "Incident No,Date Found,Surname\nB-1,02/03/2015 07:20,Brook\n"u8.ToArray());
        return uploaded.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"the file was not uploaded: {uploaded.StatusCode}");
    }

    private async Task<string> RaiseFindingAsync(TestUser reviewer, string subject)
    {
        using var client = await app.SignedInClientAsync(reviewer);
        using var raised = await Forms.PostAsync(client, "/reviews/new", new()
        {
            ["Form.Subject"] = subject, ["Form.Title"] = "Bottle not sent for testing", ["Form.Severity"] = "high",
            ["Form.Detail"] = "The bottle found at the scene was not sent for testing.", ["Form.ResponseDue"] = "2027-01-31",
        });
        return raised.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"the finding was not raised: {raised.StatusCode}");
    }

    /// <summary>Posts every form (and every button with a form action of its own) on each page with its hidden fields as
    /// given and everything a user would type left blank; each post's page goes to <paramref name="posted"/>. An answer
    /// of 5xx is heard too: a form that fails has no words at all (the mapping page's own address did, ADR 3362).</summary>
    private static async Task SendBlankAsync(HttpClient client, string who, string[] pages, List<string> heard, List<string> posted)
    {
        foreach (var page in pages)
        {
            var html = await client.GetStringAsync(page);
            // The page's own address posted with nothing but the form token, as a form that lost its button's handler
            // would send it: a page whose posts all name a handler rendered with nothing loaded, a 500 (ADR 3362).
            using (var bare = await client.PostAsync(page, new FormUrlEncodedContent([new("__RequestVerificationToken", Forms.AntiforgeryToken(html) ?? "")])))
                if ((int)bare.StatusCode >= 500) heard.Add($"{who} {page} (no handler): answered {(int)bare.StatusCode}");
            // Not the header's "Sign out": it has nothing to type, and it would end the walk.
            foreach (var form in Forms.Parse(html).QuerySelectorAll("form[method=post i]").Where(f => !(f.GetAttribute("action") ?? "").EndsWith("/logout", StringComparison.Ordinal)))
            {
                foreach (var target in Targets(form, page))
                {
                    using var response = await client.PostAsync(target, Blank(form));
                    posted.Add(page);
                    if ((int)response.StatusCode >= 500) heard.Add($"{who} {target}: answered {(int)response.StatusCode}");
                    var answer = await response.Content.ReadAsStringAsync();
                    if (response.Headers.Location is { } next && !next.IsAbsoluteUri)
                        answer = await client.GetStringAsync(next);
                    foreach (Match said in BinderDefault().Matches(Forms.Parse(answer).Body?.TextContent ?? ""))
                        heard.Add($"{who} {target}: \"{said.Value}\"");
                }
            }
        }
    }

    private static IEnumerable<string> Targets(IElement form, string page)
    {
        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : page;
        var own = form.QuerySelectorAll("button[formaction], input[formaction]").Select(b => b.GetAttribute("formaction")!);
        return own.Prepend(action).Distinct(StringComparer.Ordinal);
    }

    private static string Shown(IElement select) =>
        (select.QuerySelector("option[selected]") ?? select.QuerySelector("option")) is { } option
            ? option.GetAttribute("value") ?? option.TextContent
            : "";

    private static HttpContent Blank(IElement form)
    {
        var fields = form.QuerySelectorAll("input[type=hidden]")
            .Where(i => i.GetAttribute("name") is { Length: > 0 })
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .Concat(form.QuerySelectorAll("input:not([type]), input[type=text], input[type=password], input[type=date], input[type=time], input[type=datetime-local], input[type=number], input[type=search], input[type=tel], input[type=email], textarea")
                .Where(i => i.GetAttribute("name") is { Length: > 0 })
                .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, "")))
            // A browser cannot send a select blank: it sends the option shown, the chosen one or else the first.
            .Concat(form.QuerySelectorAll("select")
                .Where(s => s.GetAttribute("name") is { Length: > 0 } && !s.HasAttribute("multiple"))
                .Select(s => new KeyValuePair<string, string>(s.GetAttribute("name")!, Shown(s))))
            .ToList();
        if (!string.Equals(form.GetAttribute("enctype"), "multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return new FormUrlEncodedContent(fields);
        var multipart = new MultipartFormDataContent();
        foreach (var (name, value) in fields) multipart.Add(new StringContent(value), name);
        return multipart;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class BlankFormWordsTests_Sqlite(SqliteApp app) : BlankFormWordsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class BlankFormWordsTests_Postgres(PostgresApp app) : BlankFormWordsTests(app);
