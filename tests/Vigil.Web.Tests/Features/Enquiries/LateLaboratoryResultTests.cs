using System.Net;
using System.Net.Http.Json;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Cases;
using Vigil.Data.Identity;
using Vigil.Data.Notifications;
using Vigil.Records;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Notifications;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>Round 63 left three ways a late laboratory result could still be lost: on a closed case it was stored and the
/// case stayed closed (ADR 3344: it reopens the case), after a category that came with the case's record it raised
/// nothing (ADR 3345: any category counts, whatever set it), and the supervisors' notice of it never said when the result
/// had been considered (ADR 3346: closing the action to consider it marks it done).</summary>
public abstract class LateLaboratoryResultTests(VigilAppFactory app)
{
    private const string Fentanyl = "Fentanyl and a second person's DNA on the plunger.";

    [Fact]
    public async Task AResult_OnAClosedCase_ThroughTheApi_IsRecorded_ReopensTheCase_AndClosingAgainWaitsOnTheActionItRaises()
    {
        var (c, exhibit, exhibitId, ivy, sam, sue) = await WorkedButForTheLaboratoryAsync(app);
        using var investigator = app.ApiClient(ivy);
        using var supervisor = app.ApiClient(sam);
        using var other = app.ApiClient(sue);
        var closure = await CloseUnderOverrideAsync(supervisor, other, c.Id);
        var forensic = (await ActionsAsync(investigator, c.Id)).Single(a => a.Source == "paraphernalia-forensic");

        Assert.Equal(HttpStatusCode.NoContent, (await RecordLaboratoryResultAsync(app, investigator, c.Id, exhibitId, Fentanyl)).StatusCode);

        var raised = (await ActionsAsync(investigator, c.Id)).Single(a => a.Source == "laboratory-result");
        var gate = await GateAsync(investigator, c.Id);
        Assert.False(gate.Closed);
        Assert.Equal([$"1 mandatory action still open: A{raised.Number} {raised.Title}"], gate.Blockers);
        var log = await DecisionsAsync(investigator, c.Id);
        var (reopened, told) = (log[^2], log[^1]);
        Assert.Equal(("case-reopened", closure + 1, ivy.UserName, Fentanyl, CaseClassification.UnderInvestigation),
            (reopened.Kind, reopened.Sequence, reopened.DecidedBy, reopened.Facts, reopened.FromCategory));
        Assert.Equal($"Reopened by the laboratory's result for {exhibit}, recorded after the case was closed: A{raised.Number} raised to consider it.", reopened.Rationale);
        Assert.Equal(("new-information", $"New information after the decision: the laboratory's result for {exhibit} was recorded after A{forensic.Number} was closed and the case was closed (D{closure}). The case is reopened (D{closure + 1}); A{raised.Number} raised to consider it."),
            (told.Kind, told.Rationale));
        Assert.Equal((1, 1), (await NoticesAsync(sam.Id, raised.Id), await NoticesAsync(sue.Id, raised.Id)));

        // Closing again goes through the gate as any closure does: held by the new action until it is considered.
        var refused = await ClassifyAsync(supervisor, c.Id, ClassificationCommands.Close);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains($"A{raised.Number} {raised.Title}", await ProblemTitleAsync(refused), StringComparison.Ordinal);
        await ConsiderAsync(investigator, supervisor, c.Id, raised.Number);
        Assert.Equal(HttpStatusCode.OK, (await ClassifyAsync(supervisor, c.Id, ClassificationCommands.Close)).StatusCode);
        Assert.True((await GateAsync(investigator, c.Id)).Closed);
    }

    [Fact]
    public async Task AResult_OnAClosedCase_OnThePage_SaysTheCaseIsReopened_AndThePanelOffersToCloseIt()
    {
        var (c, exhibit, exhibitId, ivy, sam, sue) = await WorkedButForTheLaboratoryAsync(app);
        using (var supervisor = app.ApiClient(sam))
        using (var other = app.ApiClient(sue))
            await CloseUnderOverrideAsync(supervisor, other, c.Id);
        using var web = await app.SignedInClientAsync(ivy);
        Assert.Contains("case closed", (await CasePageAsync(web, c.Id)).QuerySelector("#decisions")!.TextContent, StringComparison.Ordinal);

        await RecordOnThePageAsync(web, c.Id, exhibitId);

        using var investigator = app.ApiClient(ivy);
        var raised = (await ActionsAsync(investigator, c.Id)).Single(a => a.Source == "laboratory-result");
        var page = await CasePageAsync(web, c.Id);
        Assert.Equal($"Result recorded. It came after a decision taken without it: the case is reopened, A{raised.Number} “Consider the laboratory's result for {exhibit} (syringe)” is raised and allocated; the decision log says so, and the team's supervisors are told.",
            page.QuerySelector("#custody [data-flash]")!.TextContent.Trim());
        var decisions = page.QuerySelector("#decisions")!;
        Assert.DoesNotContain("case closed", decisions.TextContent, StringComparison.Ordinal);
        Assert.NotNull(decisions.QuerySelector($"option[value='{ClassificationCommands.Close}']"));
        Assert.Equal(1, await app.WithDbAsync(db => db.ForensicSubmissions.CountAsync(s => s.CaseId == c.Id && s.Result == Fentanyl)));
    }

    [Fact]
    public async Task AResult_AfterAnImportedNotSuspicious_OnThePage_RaisesAnActionToConsiderIt_TheLogNamingTheRecordsCategory()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var caseId = await ImportAsync(ivy, PortLike() with { Classification = "non-suspicious" });
        using var investigator = app.ApiClient(ivy);
        // The syringe's action is worked in custody and awaits its review: the result is late only to the category.
        var forensic = (await ActionsAsync(investigator, caseId)).Single(a => a.Source == "paraphernalia-forensic");
        (await MoveAsync(investigator, caseId, forensic.Number, "allocate", ivy.UserName)).EnsureSuccessStatusCode();
        var exhibit = (await ExhibitOfAsync(app, caseId, forensic.Number))!;
        var exhibitId = await ExhibitIdAsync(app, caseId, exhibit);
        (await SubmitExhibitAsync(investigator, caseId, exhibitId)).EnsureSuccessStatusCode();
        var before = (await ActionsAsync(investigator, caseId)).Max(a => a.Number);

        using var web = await app.SignedInClientAsync(ivy);
        await RecordOnThePageAsync(web, caseId, exhibitId);

        var raised = (await ActionsAsync(investigator, caseId)).Single(a => a.Number > before);
        Assert.Equal(($"Consider the laboratory's result for {exhibit} (syringe)", "laboratory-result", true, ivy.UserName), (raised.Title, raised.Source, raised.Mandatory, raised.AllocatedTo));
        Assert.Equal("result-submitted", (await ActionsAsync(investigator, caseId)).Single(a => a.Number == forensic.Number).Status);
        var told = (await DecisionsAsync(investigator, caseId)).MaxBy(d => d.Sequence)!;
        Assert.Equal(("new-information", $"New information after the decision: the laboratory's result for {exhibit} was recorded after the case was called “{CaseClassification.Describe(CaseClassification.NotSuspicious)}” by its record. A{raised.Number} raised to consider it."),
            (told.Kind, told.Rationale));
        Assert.Equal(1, await NoticesAsync(sam.Id, raised.Id));
        Assert.StartsWith($"Result recorded. A{forensic.Number} has its result from it, awaiting a supervisor's review. It came after a decision taken without it: A{raised.Number} ",
            (await CasePageAsync(web, caseId)).QuerySelector("#custody [data-flash]")!.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSupervisorsNotice_OfALateResult_IsDone_WhenTheActionToConsiderItIsClosed_NotWhenItsResultIsSubmitted()
    {
        var (c, _, exhibitId, ivy, sam, sue) = await WorkedButForTheLaboratoryAsync(app);
        using var investigator = app.ApiClient(ivy);
        using var supervisor = app.ApiClient(sam);
        using var other = app.ApiClient(sue);
        (await RecordLaboratoryResultAsync(app, investigator, c.Id, exhibitId, Fentanyl)).EnsureSuccessStatusCode();
        var raised = (await ActionsAsync(investigator, c.Id)).Single(a => a.Source == "laboratory-result");

        (await MoveAsync(investigator, c.Id, raised.Number, "submit-result", text: "A second person: the last-seen man to be traced and swabbed.")).EnsureSuccessStatusCode();
        var submitted = await NewInformationAsync(other);
        Assert.Equal((null, null), (submitted.DoneAt, submitted.Done));
        Assert.Contains(submitted.Id, (await other.GetFromJsonAsync<List<NotificationResponse>>("/api/v1/notifications?unread=true", ApiJson.Client))!.Select(n => n.Id));

        (await MoveAsync(supervisor, c.Id, raised.Number, "review-and-close", text: "Read against the decision: the case stays under investigation.")).EnsureSuccessStatusCode();
        var samUser = await app.WithDbAsync(db => db.Users.Where(u => u.Id == sam.Id).Select(u => new { u.DisplayName, u.UserName }).SingleAsync());
        var samName = samUser.DisplayName.Length > 0 ? samUser.DisplayName : samUser.UserName;
        var done = await NewInformationAsync(other);
        Assert.NotNull(done.DoneAt);
        Assert.Equal($"A{raised.Number} closed by {samName}", done.Done);
        Assert.Null(done.ReadAt);
        Assert.DoesNotContain(done.Id, (await other.GetFromJsonAsync<List<NotificationResponse>>("/api/v1/notifications?unread=true", ApiJson.Client))!.Select(n => n.Id));
        // The supervisor who closed it reads the same in her inbox.
        using var web = await app.SignedInClientAsync(sam);
        var item = Forms.Parse(await web.GetStringAsync("/notifications")).QuerySelectorAll("li.done").Single(li => li.TextContent.Contains("New information on", StringComparison.Ordinal));
        Assert.Contains($"Done: A{raised.Number} closed by {samName}", item.QuerySelector(".done-note")!.TextContent, StringComparison.Ordinal);
        // Said once: the notice read "New information on … after its decision: New information after the decision: …".
        Assert.Contains($"New information on {c.Reference}: the laboratory's result for", item.TextContent, StringComparison.Ordinal);
    }

    /// <summary>Closed while the laboratory is weeks behind: a supervisor's override, signed by another (ADR 0505). The
    /// closure's sequence in the decision log.</summary>
    private static async Task<int> CloseUnderOverrideAsync(HttpClient supervisor, HttpClient other, Guid caseId)
    {
        Assert.Equal(HttpStatusCode.OK, (await ClassifySignedAsync(supervisor, other, caseId,
            new ClassifyRequest(ClassificationCommands.Close, "File closed.", null, "The laboratory is weeks behind; nothing points to a third party."))).StatusCode);
        return (await DecisionsAsync(supervisor, caseId)).Single(d => d.Kind == "case-closed").Sequence;
    }

    private static async Task ConsiderAsync(HttpClient investigator, HttpClient supervisor, Guid caseId, int number)
    {
        (await MoveAsync(investigator, caseId, number, "submit-result", text: "Read against the closure: it changes nothing.")).EnsureSuccessStatusCode();
        (await MoveAsync(supervisor, caseId, number, "review-and-close", text: "Agreed.")).EnsureSuccessStatusCode();
    }

    private async Task RecordOnThePageAsync(HttpClient web, Guid caseId, Guid exhibitId)
    {
        var submissionId = await app.WithDbAsync(db => db.ForensicSubmissions.Where(s => s.ExhibitId == exhibitId && s.Result == null).Select(s => s.Id).SingleAsync());
        (await Forms.PostAsync(web, $"/cases/{caseId}/enquiry?handler=Result", new()
        {
            ["__form"] = $"result-{submissionId}", ["ExhibitId"] = exhibitId.ToString(), ["SubmissionId"] = submissionId.ToString(), ["Text"] = Fentanyl,
        }, $"/cases/{caseId}")).Dispose();
    }

    private async Task<Guid> ImportAsync(TestUser by, DeathRecord record)
    {
        var source = "late-" + Guid.NewGuid().ToString("N")[..6];
        await app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>().ImportAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(DeathRecordWriter.ToJson(record))), new ImportOptions(by.TeamId, source), null, default));
        return await app.WithDbAsync(db => db.Cases.Where(c => c.Source == source).Select(c => c.Id).SingleAsync());
    }

    private static async Task<NotificationResponse> NewInformationAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<NotificationResponse>>("/api/v1/notifications", ApiJson.Client))!.Single(n => n.Kind == NotificationKinds.NewInformation);

    private static async Task<GateDto> GateAsync(HttpClient client, Guid caseId) =>
        (await client.GetFromJsonAsync<GateDto>($"/api/v1/cases/{caseId}/gate", ApiJson.Client))!;

    /// <summary>The supervisors' new-information notices of the action raised: their task is that action (ADR 3346).</summary>
    private Task<int> NoticesAsync(string userId, Guid action) =>
        app.WithDbAsync(db => db.UserNotifications.CountAsync(n => n.UserId == userId && n.Kind == NotificationKinds.NewInformation && n.SubjectId == action));

    private static async Task<IHtmlDocument> CasePageAsync(HttpClient client, Guid caseId) => Forms.Parse(await client.GetStringAsync($"/cases/{caseId}"));
}

[Collection(SqliteCollection.Name)]
public sealed class LateLaboratoryResultTests_Sqlite(SqliteApp app) : LateLaboratoryResultTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LateLaboratoryResultTests_Postgres(PostgresApp app) : LateLaboratoryResultTests(app);
