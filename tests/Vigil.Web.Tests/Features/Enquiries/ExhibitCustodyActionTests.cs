using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Web.Features.Enquiries.Exhibits;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>walk61 finding 5 (ADR 3324): "Forensic submission of exhibit EX-02 (syringe)" took a typed result while the
/// exhibit's custody still said "not yet submitted for testing", and once it was submitted in custody the Exhibits
/// table still read "Tested: not recorded". The chain of custody is now the one record: a submission recorded there
/// submits the action's result, the action takes no typed result, and the table reads custody.</summary>
public abstract class ExhibitCustodyActionTests(VigilAppFactory app)
{
    private static string[] Steps(IHtmlDocument page, int number) =>
        [.. page.QuerySelectorAll($"#move-to-{number} option").Select(o => o.GetAttribute("value")!)];

    [Fact]
    public async Task ASubmissionRecordedInCustody_SubmitsItsActionsResult_AndTheExhibitsTableReadsCustody()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var api = app.ApiClient(ivy);
        var forensic = (await ActionsAsync(api, c.Id)).Single(a => a.Source == "paraphernalia-forensic");
        var exhibit = (await ExhibitOfAsync(app, c.Id, forensic.Number))!;
        (await MoveAsync(api, c.Id, forensic.Number, "allocate", ivy.UserName)).EnsureSuccessStatusCode();
        using var web = await app.SignedInClientAsync(ivy);

        // The action's own form takes no result: it says where the submission is recorded.
        var page = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}"));
        Assert.Equal(["allocate"], Steps(page, forensic.Number));
        Assert.Null(page.QuerySelector($"#move-text-{forensic.Number}"));
        Assert.Contains($"record {exhibit}'s submission to the laboratory under Exhibit custody", page.QuerySelector($"#custody-link-{forensic.Number}")!.TextContent, StringComparison.Ordinal);

        var exhibitId = await ExhibitIdAsync(app, c.Id, exhibit);
        var fields = new Dictionary<string, string>
        {
            ["__form"] = $"submit-{exhibitId}", ["ExhibitId"] = exhibitId.ToString(), ["Laboratory"] = "LGC Forensics", ["Examination"] = "Toxicology and DNA",
        };
        (await Forms.PostAsync(web, $"/cases/{c.Id}/enquiry?handler=Submit", fields, $"/cases/{c.Id}")).Dispose();

        page = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}"));
        Assert.Equal($"Submission recorded. A{forensic.Number} has its result from it, awaiting a supervisor's review.", page.QuerySelector("#custody [data-flash]")!.TextContent.Trim());
        var moved = await ActionAsync(api, c.Id, forensic.Number);
        Assert.Equal(("result-submitted", ivy.UserName), (moved.Status, moved.AllocatedTo));
        Assert.Equal($"From the chain of custody: {exhibit} submitted to LGC Forensics for Toxicology and DNA, awaiting the laboratory's result.", moved.Result);
        Assert.Equal("submitted to LGC Forensics, awaiting the result", TestedCell(page, exhibit));
        Assert.Equal("2 recorded, 1 awaiting a laboratory result, 1 not known to be tested", page.QuerySelector("#exhibits-h .muted")!.TextContent.Trim());
        Assert.Equal($"{exhibit} syringe", page.QuerySelectorAll("#custody h3").Single(h => h.TextContent.StartsWith(exhibit, StringComparison.Ordinal)).TextContent.Trim());
        Assert.Contains($"A{forensic.Number} {forensic.Title} (result submitted, awaiting a supervisor's review)", page.QuerySelector("#decisions")!.TextContent, StringComparison.Ordinal);
        // Audited as any move: the action's change is its own entry, beside the submission's.
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == "CaseAction" && e.EntityId == forensic.Id.ToString() && e.Changes.Contains("result-submitted"))));

        // The laboratory's result recorded in custody brings the result awaiting review up to date; the table says tested.
        var submissionId = await app.WithDbAsync(db => db.ForensicSubmissions.Where(s => s.CaseId == c.Id).Select(s => s.Id).SingleAsync());
        (await api.PostAsJsonAsync($"/api/v1/cases/{c.Id}/exhibits/{exhibitId}/submissions/{submissionId}/result", new ResultRequest("Heroin residue; the deceased's DNA only."), ApiJson.Client)).EnsureSuccessStatusCode();
        moved = await ActionAsync(api, c.Id, forensic.Number);
        Assert.Equal(("result-submitted", $"From the chain of custody: {exhibit} submitted to LGC Forensics for Toxicology and DNA, the laboratory's result: Heroin residue; the deceased's DNA only."), (moved.Status, moved.Result));
        Assert.Equal("yes", TestedCell(Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}")), exhibit));
    }

    [Fact]
    public async Task TheApi_RefusesATypedResultForAnExhibitsAction_AndItsSubmissionRouteSubmitsIt()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var api = app.ApiClient(ivy);
        var actions = await ActionsAsync(api, c.Id);
        var forensic = actions.Single(a => a.Source == "paraphernalia-forensic");
        var exhibit = (await ExhibitOfAsync(app, c.Id, forensic.Number))!;

        // Allocated by a supervisor, the typed result is refused with where to record it; the action is unchanged.
        using (var supervisor = app.ApiClient(sam))
            (await MoveAsync(supervisor, c.Id, forensic.Number, "allocate", ivy.UserName)).EnsureSuccessStatusCode();
        var typed = await MoveAsync(api, c.Id, forensic.Number, "submit-result", text: "Submitted to the laboratory.");
        Assert.Equal(HttpStatusCode.Conflict, typed.StatusCode);
        Assert.StartsWith($"A{forensic.Number}'s result comes from the chain of custody of {exhibit}: record its submission", await ProblemTitleAsync(typed), StringComparison.Ordinal);
        Assert.Equal(("allocated", (string?)null), await ActionAsync(api, c.Id, forensic.Number) is var a ? (a.Status, a.Result) : default);

        // The client finds the exhibit's id where it finds everything else, through the API (ADR 1655).
        var exhibits = (await api.GetFromJsonAsync<List<ExhibitDto>>($"/api/v1/cases/{c.Id}/exhibits", ApiJson.Client))!;
        Assert.Equal(await app.WithDbAsync(db => db.Exhibits.Where(e => e.CaseId == c.Id).OrderBy(e => e.Reference).Select(e => e.Reference).ToListAsync()),
            exhibits.Select(e => e.Reference));
        (await SubmitExhibitAsync(api, c.Id, exhibits.Single(e => e.Reference == exhibit).Id)).EnsureSuccessStatusCode();
        var moved = await ActionAsync(api, c.Id, forensic.Number);
        Assert.Equal(("result-submitted", forensic.Version + 2), (moved.Status, moved.Version));
        Assert.StartsWith("From the chain of custody: ", moved.Result, StringComparison.Ordinal);

        // The API says which exhibit an action is for, and only for such an action.
        var listed = JsonNode.Parse(await api.GetStringAsync($"/api/v1/cases/{c.Id}/actions"))!.AsArray();
        Assert.Equal(exhibit, (string?)listed.Single(a => (int)a!["number"]! == forensic.Number)!["exhibit"]);
        Assert.All(listed.Where(a => (int)a!["number"]! != forensic.Number), a => Assert.Null((string?)a!["exhibit"]));
    }

    private static async Task<Vigil.Web.Features.Enquiries.Actions.ActionDto> ActionAsync(HttpClient client, Guid caseId, int number) =>
        (await client.GetFromJsonAsync<Vigil.Web.Features.Enquiries.Actions.ActionDto>($"/api/v1/cases/{caseId}/actions/{number.ToString(CultureInfo.InvariantCulture)}", ApiJson.Client))!;

    private static string TestedCell(IHtmlDocument page, string reference) =>
        page.QuerySelectorAll("#exhibits tbody tr").Single(r => r.QuerySelector(".card-title")!.TextContent == reference).QuerySelector("[data-label=Tested]")!.TextContent.Trim();
}

[Collection(SqliteCollection.Name)]
public sealed class ExhibitCustodyActionTests_Sqlite(SqliteApp app) : ExhibitCustodyActionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ExhibitCustodyActionTests_Postgres(PostgresApp app) : ExhibitCustodyActionTests(app);
