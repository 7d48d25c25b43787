using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>The case page's enquiry forms without friction (issue 9.1, 9.3): no decision is chosen for the officer;
/// a refused form comes back as it was typed with the reason in it; success is said in the section acted on; an
/// override can be declined; a signed override is said as such; actions offer only the steps they allow.</summary>
public abstract class EnquiryFormsTests(VigilAppFactory app)
{
    private static Task<HttpResponseMessage> PostAsync(HttpClient client, Guid caseId, string handler, Dictionary<string, string> fields) =>
        Forms.PostAsync(client, $"/cases/{caseId}/enquiry?handler={handler}", fields, $"/cases/{caseId}");

    private static async Task<IHtmlDocument> CasePageAsync(HttpClient client, Guid caseId) => Forms.Parse(await client.GetStringAsync($"/cases/{caseId}"));

    /// <summary>Round 29's walk-through: the decisions panel said "asked by investigator" and "investigator
    /// (investigator)", a login where the actions and the officer in charge name the officer. Readers who see no
    /// allocation list (an analyst) see the names too.</summary>
    [Fact]
    public async Task DecisionsPanel_NamesOfficers_ByTheNameTheyGoBy_ForEditorsAndReaders()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sue = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var tag = Guid.NewGuid().ToString("N")[..6];
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == sue.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, "DS Sue Hart " + tag)));
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using (var asker = app.ApiClient(sue))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await ClassifyAsync(asker, c.Id, "unexpected-not-suspicious", "Coroner asks for an interim category")).StatusCode);
            var action = (await ActionsAsync(asker, c.Id)).First();
            (await MoveAsync(asker, c.Id, action.Number, "allocate", sue.UserName)).EnsureSuccessStatusCode();
        }
        foreach (var reader in new[] { ivy, await app.CreateUserAsync(Roles.Analyst) })
        {
            using var web = await app.SignedInClientAsync(reader);
            var page = await CasePageAsync(web, c.Id);
            var decisions = page.QuerySelector("#decisions")!.TextContent;
            Assert.Contains($"asked by DS Sue Hart {tag}", decisions, StringComparison.Ordinal);
            Assert.Contains($"DS Sue Hart {tag} (supervisor)", page.QuerySelector("#decisions table.decisions tbody")!.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain(sue.UserName, decisions, StringComparison.Ordinal);
            Assert.Contains($"DS Sue Hart {tag}", page.QuerySelector("#actions table.actions tbody")!.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Decision_HasNoDefault_AndARefusalKeepsWhatWasTyped_InTheFormUsed()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var web = await app.SignedInClientAsync(ivy);
        var page = await CasePageAsync(web, c.Id);
        var choice = page.QuerySelector("#decision-to") as IHtmlSelectElement;
        Assert.Equal("", choice!.Value);
        Assert.Null(page.QuerySelector("#decision-to option[selected]"));

        var refused = await PostAsync(web, c.Id, "Classify", new()
        {
            ["__form"] = "decide", ["To"] = "unexpected-not-suspicious", ["Rationale"] = "Looks like an accidental overdose.", ["Facts"] = "Syringe beside the body",
        });
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal($"/cases/{c.Id}#decisions", refused.Headers.Location!.OriginalString);
        page = await CasePageAsync(web, c.Id);
        var form = page.QuerySelector("#decisions form[action$='handler=Classify']")!;
        Assert.Contains("mandatory actions still open", form.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Looks like an accidental overdose.", form.QuerySelector("textarea[name=Rationale]")!.TextContent);
        Assert.Equal("Syringe beside the body", form.QuerySelector("textarea[name=Facts]")!.TextContent);
        Assert.Equal("unexpected-not-suspicious", (form.QuerySelector("select[name=To]") as IHtmlSelectElement)!.Value);
        // Carried once: the next visit is a clean form.
        Assert.Null((await CasePageAsync(web, c.Id)).QuerySelector("#decisions .error-summary"));

        var empty = await PostAsync(web, c.Id, "Classify", new() { ["__form"] = "decide", ["To"] = "", ["Rationale"] = "Kept" });
        Assert.Equal(HttpStatusCode.Redirect, empty.StatusCode);
        page = await CasePageAsync(web, c.Id);
        var select = page.QuerySelector("select[name=To]")!;
        Assert.Equal("true", select.GetAttribute("aria-invalid"));
        Assert.Contains("Choose the decision to record.", page.QuerySelector($"#{select.GetAttribute("aria-describedby")}")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Kept", page.QuerySelector("textarea[name=Rationale]")!.TextContent);
        using var api = app.ApiClient(ivy);
        Assert.Empty(await DecisionsAsync(api, c.Id));
        Assert.Equal(c.Classification, (await api.GetFromJsonAsync<CaseResponse>($"/api/v1/cases/{c.Id}", ApiJson.Client))!.Classification);
    }

    /// <summary>ADR 3015: a decision posted from a page another officer's decision has overtaken is refused (the page
    /// carries the case's version, as the API's If-Match does); nothing is recorded over the newer decision.</summary>
    [Fact]
    public async Task Decision_FromAPageOvertakenByAnotherOfficersDecision_IsRefused()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var web = await app.SignedInClientAsync(ivy);
        var seen = (await CasePageAsync(web, c.Id)).QuerySelector("#decisions form[action$='handler=Classify'] input[name=Version]")?.GetAttribute("value") ?? "";
        using var supervisor = app.ApiClient(sam);
        Assert.Equal(HttpStatusCode.OK, (await ClassifyAsync(supervisor, c.Id, "homicide")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ClassifyAsync(supervisor, c.Id, "unexpected-under-investigation")).StatusCode);

        var stale = await PostAsync(web, c.Id, "Classify", new()
        {
            ["__form"] = "decide", ["Version"] = seen, ["To"] = "homicide", ["Rationale"] = "Ligature marks on the neck.",
        });
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        var form = (await CasePageAsync(web, c.Id)).QuerySelector("#decisions form[action$='handler=Classify']")!;
        Assert.Contains("changed since you opened it", form.QuerySelector(".error-summary")?.TextContent ?? "", StringComparison.Ordinal);
        using var api = app.ApiClient(ivy);
        Assert.Equal(2, (await DecisionsAsync(api, c.Id)).Count(d => d.Kind == "classification"));
        Assert.Equal("unexpected-under-investigation", (await api.GetFromJsonAsync<CaseResponse>($"/api/v1/cases/{c.Id}", ApiJson.Client))!.Classification);

        // From the page as it is now, the decision is recorded.
        var current = (await CasePageAsync(web, c.Id)).QuerySelector("#decisions form[action$='handler=Classify'] input[name=Version]")!.GetAttribute("value")!;
        await PostAsync(web, c.Id, "Classify", new() { ["__form"] = "decide", ["Version"] = current, ["To"] = "homicide", ["Rationale"] = "Ligature marks on the neck." });
        Assert.Equal("homicide", (await api.GetFromJsonAsync<CaseResponse>($"/api/v1/cases/{c.Id}", ApiJson.Client))!.Classification);
    }

    [Fact]
    public async Task OverrideRequest_CanBeDeclined_WithAReason_AndIsThenAnswered()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var investigator = app.ApiClient(ivy);
        Assert.Equal(HttpStatusCode.Accepted, (await ClassifyAsync(investigator, c.Id, "unexpected-not-suspicious", "Coroner's hearing tomorrow")).StatusCode);
        var request = (await DecisionsAsync(investigator, c.Id)).Single(d => d.Kind == "override-requested");
        using var web = await app.SignedInClientAsync(sam);
        Assert.NotNull((await CasePageAsync(web, c.Id)).QuerySelector($"#override-{request.Id} button[formaction$='handler=Decline']"));

        var noReason = await PostAsync(web, c.Id, "Decline", new() { ["__form"] = $"override-{request.Id}", ["DecisionId"] = request.Id.ToString(), ["Text"] = " " });
        Assert.Equal(HttpStatusCode.Redirect, noReason.StatusCode);
        Assert.Contains("Write why you decline", (await CasePageAsync(web, c.Id)).QuerySelector($"#override-{request.Id} .error-summary")!.TextContent, StringComparison.Ordinal);

        var declined = await PostAsync(web, c.Id, "Decline", new() { ["__form"] = $"override-{request.Id}", ["DecisionId"] = request.Id.ToString(), ["Text"] = "Toxicology is due on Friday; wait for it." });
        Assert.Equal($"/cases/{c.Id}#decisions", declined.Headers.Location!.OriginalString);
        var page = await CasePageAsync(web, c.Id);
        Assert.Contains("Override declined", page.QuerySelector("#decisions [data-flash]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector($"#override-{request.Id}"));
        var log = await DecisionsAsync(investigator, c.Id);
        var answer = log.Single(d => d.Kind == "override-declined");
        Assert.Equal((request.Id, sam.UserName, "Toxicology is due on Friday; wait for it."), (answer.Signs!.Value, answer.DecidedBy, answer.Rationale));
        Assert.DoesNotContain(log, d => d.Kind == "classification");

        await PostAsync(web, c.Id, "Sign", new() { ["__form"] = $"override-{request.Id}", ["DecisionId"] = request.Id.ToString(), ["Text"] = "Signing after all" });
        // The request's form is gone from the page, so the refusal is said at the top of the section.
        Assert.Contains("already been answered", (await CasePageAsync(web, c.Id)).QuerySelector("#decisions .error-summary")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(await DecisionsAsync(investigator, c.Id), d => d.Kind == "classification");
    }

    /// <summary>walk53 finding 2: a supervisor refused by the gate read "A supervisor may override with a written reason;
    /// an investigator may ask for that override", with the override he could sign just above. The page says to each
    /// reader what they may do; the API's detail and the decision log's recorded gate stay as they were.</summary>
    [Fact]
    public async Task TheGatesRefusal_SaysToEachReaderWhatTheyMayDo_TheApiAndTheRecordedGateUnchanged()
    {
        const string GateAdvice = "A supervisor may override with a written reason; an investigator may ask for that override.";
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        async Task<string> RefusedOnThePageAsync(HttpClient web)
        {
            await PostAsync(web, c.Id, "Classify", new() { ["__form"] = "decide", ["To"] = "unexpected-not-suspicious", ["Rationale"] = "Accidental overdose." });
            return (await CasePageAsync(web, c.Id)).QuerySelector("#decisions form[action$='handler=Classify'] .error-summary")!.TextContent;
        }
        using var investigator = await app.SignedInClientAsync(ivy);
        var toHer = await RefusedOnThePageAsync(investigator);
        Assert.Contains("You may ask a supervisor to override it: write why under “Override reason” and record the decision again", toHer, StringComparison.Ordinal);
        Assert.DoesNotContain(GateAdvice, toHer, StringComparison.Ordinal);

        using var supervisor = await app.SignedInClientAsync(sam);
        Assert.Contains("As a supervisor you may override it: write your reason under “Override reason” and record the decision again; another supervisor then signs it",
            await RefusedOnThePageAsync(supervisor), StringComparison.Ordinal);
        using var ivyApi = app.ApiClient(ivy);
        Assert.Equal(HttpStatusCode.Accepted, (await ClassifyAsync(ivyApi, c.Id, "unexpected-not-suspicious", "Coroner's hearing tomorrow")).StatusCode);
        var request = (await DecisionsAsync(ivyApi, c.Id)).Single(d => d.Kind == "override-requested");
        var toHim = await RefusedOnThePageAsync(supervisor);
        Assert.Contains($"As a supervisor you may sign the override D{request.Sequence} asked for above", toHim, StringComparison.Ordinal);
        Assert.DoesNotContain("an investigator may ask", toHim, StringComparison.Ordinal);

        using var samApi = app.ApiClient(sam);
        var problem = (await (await ClassifyAsync(samApi, c.Id, "unexpected-not-suspicious")).Content
            .ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(ApiJson.Client))!;
        Assert.Equal(GateAdvice, problem.Detail);
        Assert.StartsWith("Refused because ", request.BlockedBy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedOverride_IsSaidAsSuch_AndTheLogNumbersItsEntries()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using (var ivyApi = app.ApiClient(ivy))
        using (var samApi = app.ApiClient(sam))
            Assert.Equal(HttpStatusCode.OK, (await EnquiryClient.ClassifySignedAsync(ivyApi, samApi, c.Id,
                new ClassifyRequest("unexpected-not-suspicious", "Interim category for the coroner", null, "Coroner's interim hearing"))).StatusCode);
        using var web = await app.SignedInClientAsync(ivy);
        var decisions = (await CasePageAsync(web, c.Id)).QuerySelector("#decisions")!;
        var gate = decisions.QuerySelector("#gate")!.TextContent;
        Assert.Matches($@"under an override signed by {System.Text.RegularExpressions.Regex.Escape(sam.UserName)} \(D\d+\)", gate);
        Assert.DoesNotContain("Cannot yet be called", gate, StringComparison.Ordinal);
        var log = decisions.QuerySelector("table.decisions")!.TextContent;
        Assert.Contains("D1", log, StringComparison.Ordinal);
        Assert.Contains("D2", log, StringComparison.Ordinal);
        Assert.DoesNotContain("@", log, StringComparison.Ordinal);
        Assert.Contains("Override signed", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actions_OfferOnlyTheStepsAllowed_AndSayWhatHappenedInTheirOwnSection()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        var first = (await ActionsAsync(app.ApiClient(ivy), c.Id)).First();
        using var web = await app.SignedInClientAsync(ivy);
        string[] Steps(IHtmlDocument page) => [.. page.QuerySelectorAll($"#move-to-{first.Number} option").Select(o => o.GetAttribute("value")!)];
        Assert.Equal(["allocate"], Steps(await CasePageAsync(web, c.Id)));
        using var supervisor = await app.SignedInClientAsync(sam);
        Assert.Equal(["allocate", "not-pursue"], Steps(await CasePageAsync(supervisor, c.Id)));

        var moved = await PostAsync(web, c.Id, "Move", new()
        {
            ["__form"] = $"move-{first.Number}", ["Number"] = first.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Version"] = first.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["To"] = "allocate", ["AllocateTo"] = ivy.UserName,
        });
        Assert.Equal($"/cases/{c.Id}#actions", moved.Headers.Location!.OriginalString);
        var page = await CasePageAsync(web, c.Id);
        Assert.Contains("is now allocated", page.QuerySelector("#actions [data-flash]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#decisions [data-flash]"));
        Assert.Equal(["submit-result", "allocate"], Steps(page)); // its next step first; it may still be re-allocated (ADR 3312)
    }
}

[Collection(SqliteCollection.Name)]
public sealed class EnquiryFormsTests_Sqlite(SqliteApp app) : EnquiryFormsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EnquiryFormsTests_Postgres(PostgresApp app) : EnquiryFormsTests(app);
