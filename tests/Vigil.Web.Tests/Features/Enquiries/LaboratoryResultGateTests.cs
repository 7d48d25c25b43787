using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Data.Cases;
using Vigil.Data.Notifications;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Features.Enquiries.Exhibits;
using Vigil.Web.Features.Shared;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>Since ADR 3324 a syringe's forensic action could be reviewed and closed on its submission to the laboratory
/// alone, and the gate then let the death be called not suspicious with the result still to come — the Port deaths'
/// failure; and a result that came later was recorded in custody and told no one. The outstanding result now holds the
/// gate (ADR 3336), and a late one raises an action to consider it, tells the supervisors and is in the decision log
/// (ADR 3337).</summary>
public abstract class LaboratoryResultGateTests(VigilAppFactory app)
{
    [Fact]
    public async Task NotSuspicious_WithTheSyringesResultOutstanding_IsRefused_OnThePageAndTheApi_UntilTheResultIsRecorded()
    {
        var (c, exhibit, exhibitId, ivy, sam, _) = await WorkedButForTheLaboratoryAsync(app);
        using var investigator = app.ApiClient(ivy);
        using var supervisor = app.ApiClient(sam);
        var awaiting = await AwaitingWordsAsync(c.Id, exhibit);

        // The API's gate and its refusal name the exhibit and the laboratory; nothing else is outstanding.
        Assert.Equal([awaiting], await GateAsync(supervisor, c.Id));
        var refused = await ClassifyAsync(supervisor, c.Id, CaseClassification.NotSuspicious);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal($"Classifying it \"{CaseClassification.Describe(CaseClassification.NotSuspicious)}\" is refused: {awaiting}.", await ProblemTitleAsync(refused));

        // The page says it in the same words, and its decision form is refused with them.
        using var web = await app.SignedInClientAsync(sam);
        Assert.Contains(awaiting, (await CasePageAsync(web, c.Id)).QuerySelector("#gate")!.TextContent, StringComparison.Ordinal);
        (await Forms.PostAsync(web, $"/cases/{c.Id}/enquiry?handler=Classify", new() { ["__form"] = "decide", ["To"] = CaseClassification.NotSuspicious, ["Rationale"] = "Overdose." }, $"/cases/{c.Id}")).Dispose();
        var form = (await CasePageAsync(web, c.Id)).QuerySelector("#decisions form[action$='handler=Classify']")!;
        Assert.Contains(awaiting, form.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(CaseClassification.UnderInvestigation, await ClassificationAsync(c.Id));

        // The laboratory's result recorded in custody lifts it. The syringe's action was closed on the submission, so the
        // result is read by the action it raises (ADR 3337); once that is considered, the death may be called.
        (await RecordLaboratoryResultAsync(app, investigator, c.Id, exhibitId)).EnsureSuccessStatusCode();
        var consider = (await ActionsAsync(investigator, c.Id)).Single(a => a.Source == "laboratory-result");
        Assert.Equal([$"1 mandatory action still open: A{consider.Number} {consider.Title}"], await GateAsync(supervisor, c.Id));
        (await MoveAsync(investigator, c.Id, consider.Number, "submit-result", text: "Heroin residue, the deceased's DNA: consistent with the toxicology.")).EnsureSuccessStatusCode();
        (await MoveAsync(supervisor, c.Id, consider.Number, "review-and-close", text: "Read.")).EnsureSuccessStatusCode();
        Assert.Empty(await GateAsync(supervisor, c.Id));
        Assert.Null((await CasePageAsync(web, c.Id)).QuerySelector("#gate"));
        Assert.Equal(HttpStatusCode.OK, (await ClassifyAsync(supervisor, c.Id, CaseClassification.NotSuspicious)).StatusCode);
    }

    [Fact]
    public async Task ALaboratoryResult_AfterItsActionClosedAndTheDeathWasCalledNotSuspicious_OnThePage_RaisesAnActionToConsiderIt_AndTellsTheSupervisors()
    {
        var (c, exhibit, exhibitId, ivy, sam, sue) = await WorkedButForTheLaboratoryAsync(app);
        using var investigator = app.ApiClient(ivy);
        using (var supervisor = app.ApiClient(sam))
        using (var other = app.ApiClient(sue))
        {
            // Called not suspicious under a signed override (ADR 0505): the written override still works.
            var asked = await PostSeenAsync(supervisor, $"/api/v1/cases/{c.Id}/classification",
                new ClassifyRequest(CaseClassification.NotSuspicious, "Overdose.", "Syringe at scene", "The laboratory is weeks behind; nothing else points to a third party."));
            Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
            var pending = (await DecisionsAsync(other, c.Id)).Where(d => d.Kind == "override-requested").MaxBy(d => d.Sequence)!;
            Assert.Equal(HttpStatusCode.OK, (await PostSeenAsync(other, $"/api/v1/cases/{c.Id}/decisions/{pending.Id}/sign", new SignRequest("Agreed."))).StatusCode);
        }
        Assert.Equal(CaseClassification.NotSuspicious, await ClassificationAsync(c.Id));
        var called = (await DecisionsAsync(investigator, c.Id)).Where(d => d.Kind == "classification").MaxBy(d => d.Sequence)!;
        var forensic = (await ActionsAsync(investigator, c.Id)).Single(a => a.Source == "paraphernalia-forensic");
        var before = (await ActionsAsync(investigator, c.Id)).Max(a => a.Number);

        // The investigator records the laboratory's result on the case page, once, in custody.
        using var web = await app.SignedInClientAsync(ivy);
        var submissionId = await app.WithDbAsync(db => db.ForensicSubmissions.Where(s => s.ExhibitId == exhibitId).Select(s => s.Id).SingleAsync());
        (await Forms.PostAsync(web, $"/cases/{c.Id}/enquiry?handler=Result", new()
        {
            ["__form"] = $"result-{submissionId}", ["ExhibitId"] = exhibitId.ToString(), ["SubmissionId"] = submissionId.ToString(), ["Text"] = "Fentanyl and a second person's DNA on the plunger.",
        }, $"/cases/{c.Id}")).Dispose();

        var raised = (await ActionsAsync(investigator, c.Id)).Single(a => a.Number > before);
        var title = $"Consider the laboratory's result for {exhibit} (syringe)";
        Assert.Equal((title, true, "allocated", ivy.UserName), (raised.Title, raised.Mandatory, raised.Status, raised.AllocatedTo));
        Assert.Contains("Fentanyl and a second person's DNA on the plunger.", raised.Detail, StringComparison.Ordinal);
        var page = await CasePageAsync(web, c.Id);
        Assert.Equal($"Result recorded. It came after a decision taken without it: A{raised.Number} “{title}” is raised and allocated; the decision log says so, and the team's supervisors are told.",
            page.QuerySelector("#custody [data-flash]")!.TextContent.Trim());
        // The new action holds the case open: its closure waits on it.
        Assert.Contains($"A{raised.Number} {title}", page.QuerySelector("#gate")!.TextContent, StringComparison.Ordinal);

        var logged = (await DecisionsAsync(investigator, c.Id)).MaxBy(d => d.Sequence)!;
        Assert.Equal(("new-information", $"New information after the decision: the laboratory's result for {exhibit} was recorded after A{forensic.Number} was closed and the case was called “{CaseClassification.Describe(CaseClassification.NotSuspicious)}” (D{called.Sequence}). A{raised.Number} raised to consider it."),
            (logged.Kind, logged.Rationale));
        // The officer in charge by the allocation's notice, both supervisors by the decision's, whose task is the new action
        // (ADR 3346); the closed action and the
        // one result are as they were (one record of one act).
        Assert.Equal(1, await NoticesAsync(ivy.Id, NotificationKinds.ActionAllocated, raised.Id));
        Assert.Equal((1, 1), (await NoticesAsync(sam.Id, "new-information", raised.Id), await NoticesAsync(sue.Id, "new-information", raised.Id)));
        var closed = (await ActionsAsync(investigator, c.Id)).Single(a => a.Number == forensic.Number);
        Assert.Equal(("closed", forensic.Result), (closed.Status, closed.Result));
        Assert.Equal(1, await app.WithDbAsync(db => db.ForensicSubmissions.CountAsync(s => s.CaseId == c.Id && s.Result != null)));
    }

    [Fact]
    public async Task ALaboratoryResult_ThroughTheApi_AfterItsActionWasClosedOnTheSubmission_RaisesAnActionAndTheLogSaysSo()
    {
        var (c, exhibit, exhibitId, ivy, sam, sue) = await WorkedButForTheLaboratoryAsync(app);
        using var investigator = app.ApiClient(ivy);
        var forensic = (await ActionsAsync(investigator, c.Id)).Single(a => a.Source == "paraphernalia-forensic");
        var before = (await ActionsAsync(investigator, c.Id)).Max(a => a.Number);

        Assert.Equal(HttpStatusCode.NoContent, (await RecordLaboratoryResultAsync(app, investigator, c.Id, exhibitId)).StatusCode);

        var raised = (await ActionsAsync(investigator, c.Id)).Single(a => a.Number > before);
        Assert.Equal(($"Consider the laboratory's result for {exhibit} (syringe)", true, ivy.UserName), (raised.Title, raised.Mandatory, raised.AllocatedTo));
        var logged = (await DecisionsAsync(investigator, c.Id)).MaxBy(d => d.Sequence)!;
        Assert.Equal(("new-information", $"New information after the decision: the laboratory's result for {exhibit} was recorded after A{forensic.Number} was closed. A{raised.Number} raised to consider it."),
            (logged.Kind, logged.Rationale));
        Assert.Equal((1, 1), (await NoticesAsync(sam.Id, "new-information", raised.Id), await NoticesAsync(sue.Id, "new-information", raised.Id)));
        // Its own gate: the case cannot be called not suspicious until it is considered.
        Assert.Equal([$"1 mandatory action still open: A{raised.Number} {raised.Title}"], await GateAsync(investigator, c.Id));
    }

    private async Task<string> AwaitingWordsAsync(Guid caseId, string exhibit)
    {
        var at = await app.WithDbAsync(db => db.ForensicSubmissions.Where(s => s.CaseId == caseId).Select(s => s.SubmittedAt).SingleAsync());
        return $"{exhibit} (syringe) submitted to LGC Forensics on {app.Services.GetRequiredService<ForceTime>().Day(at)}, awaiting the laboratory's result";
    }

    private static async Task<List<string>> GateAsync(HttpClient client, Guid caseId) =>
        (await client.GetFromJsonAsync<GateDto>($"/api/v1/cases/{caseId}/gate", ApiJson.Client))!.Blockers;

    private Task<string> ClassificationAsync(Guid caseId) =>
        app.WithDbAsync(db => db.Cases.Where(x => x.Id == caseId).Select(x => x.Classification).SingleAsync());

    private Task<int> NoticesAsync(string userId, string kind, Guid subject) =>
        app.WithDbAsync(db => db.UserNotifications.CountAsync(n => n.UserId == userId && n.Kind == kind && n.SubjectId == subject));

    private static async Task<IHtmlDocument> CasePageAsync(HttpClient client, Guid caseId) => Forms.Parse(await client.GetStringAsync($"/cases/{caseId}"));
}

[Collection(SqliteCollection.Name)]
public sealed class LaboratoryResultGateTests_Sqlite(SqliteApp app) : LaboratoryResultGateTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LaboratoryResultGateTests_Postgres(PostgresApp app) : LaboratoryResultGateTests(app);
