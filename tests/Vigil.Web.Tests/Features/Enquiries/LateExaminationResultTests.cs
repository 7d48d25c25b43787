using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Cases;
using Vigil.Data.Enquiries;
using Vigil.Data.Identity;
using Vigil.Data.Notifications;
using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Features.Enquiries.Exhibits;
using Vigil.Web.Features.Notifications;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>A post-mortem or toxicology result recorded after the death was called not suspicious, or after the case was
/// closed, raised nothing and left the case closed (round 64's closing note): a toxicology result showing GHB after an
/// expected death was closed is the information the decision was taken without. It is new information as a late
/// laboratory result is (ADR 3356): the action to consider it, the decision log's entry, the supervisors' notice (done
/// when the action is closed), and a closed case reopened in the same save; on the API and the page alike.</summary>
public abstract class LateExaminationResultTests(VigilAppFactory app)
{
    private const string Ghb = "GHB 310 mg/L in femoral blood: a dose the deceased is not known to have taken.";
    private static readonly string NotSuspicious = CaseClassification.Describe(CaseClassification.NotSuspicious);

    [Fact]
    public async Task AToxicologyResult_AfterTheDeathWasCalledNotSuspicious_ThroughTheApi_RaisesTheActionToConsiderIt_LogsIt_AndTellsTheSupervisors()
    {
        var (c, ivy, sam, sue) = await CalledNotSuspiciousAsync();
        using var investigator = app.ApiClient(ivy);
        var called = (await DecisionsAsync(investigator, c)).Where(d => d.Kind == DecisionKinds.Classification).MaxBy(d => d.Sequence)!;

        Assert.Equal(HttpStatusCode.NoContent, (await RecordAsync(investigator, c, ExaminationKinds.Toxicology, Ghb)).StatusCode);

        var raised = await RaisedAsync(investigator, c);
        Assert.Equal(("Consider the toxicology result", true, "high", "allocated", ivy.UserName, TimeSpan.FromDays(2)),
            (raised.Title, raised.Mandatory, raised.Priority, raised.Status, raised.AllocatedTo, raised.DueAt - raised.RaisedAt));
        Assert.Equal($"The toxicology result came after the case was called “{NotSuspicious}” (D{called.Sequence}): \"{Ghb}\". Read it against the decision and record what it changes, or why it changes nothing.",
            raised.Detail);
        var told = (await DecisionsAsync(investigator, c)).MaxBy(d => d.Sequence)!;
        Assert.Equal(("new-information", $"New information after the decision: the toxicology result was recorded after the case was called “{NotSuspicious}” (D{called.Sequence}). A{raised.Number} raised to consider it.", Ghb),
            (told.Kind, told.Rationale, told.Facts));
        Assert.Equal((1, 1), (await NoticesAsync(sam.Id, NotificationKinds.NewInformation, raised.Id), await NoticesAsync(sue.Id, NotificationKinds.NewInformation, raised.Id)));
        Assert.Equal(1, await NoticesAsync(ivy.Id, NotificationKinds.ActionAllocated, raised.Id));
        // Open and mandatory, it holds the gate: the case cannot be closed as it stands until it is considered.
        Assert.Contains($"A{raised.Number} Consider the toxicology result", string.Join("; ", (await GateAsync(investigator, c)).Blockers), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.ExaminationResults.CountAsync(x => x.CaseId == c && x.Summary == Ghb)));
    }

    [Fact]
    public async Task AToxicologyResult_OnAClosedCase_ThroughTheApi_ReopensItInTheSameSave_AndRaisesTheAction()
    {
        var (c, ivy, sam, sue) = await NewCaseAsync();
        using var investigator = app.ApiClient(ivy);
        using (var supervisor = app.ApiClient(sam))
        using (var other = app.ApiClient(sue))
            Assert.Equal(HttpStatusCode.OK, (await ClassifySignedAsync(supervisor, other, c,
                new ClassifyRequest(ClassificationCommands.Close, "Expected death; file closed.", null, "The toxicologist is weeks behind; nothing points to a third party."))).StatusCode);
        var closure = (await DecisionsAsync(investigator, c)).Single(d => d.Kind == DecisionKinds.Closure).Sequence;
        Assert.True((await GateAsync(investigator, c)).Closed);

        Assert.Equal(HttpStatusCode.NoContent, (await RecordAsync(investigator, c, ExaminationKinds.Toxicology, Ghb)).StatusCode);

        Assert.False((await GateAsync(investigator, c)).Closed);
        var raised = await RaisedAsync(investigator, c);
        var log = await DecisionsAsync(investigator, c);
        var (reopened, told) = (log[^2], log[^1]);
        Assert.Equal((DecisionKinds.Reopened, closure + 1, ivy.UserName, Ghb, CaseClassification.UnderInvestigation),
            (reopened.Kind, reopened.Sequence, reopened.DecidedBy, reopened.Facts, reopened.FromCategory));
        Assert.Equal($"Reopened by the toxicology result, recorded after the case was closed: A{raised.Number} raised to consider it.", reopened.Rationale);
        Assert.Equal(("new-information", $"New information after the decision: the toxicology result was recorded after the case was closed (D{closure}). The case is reopened (D{closure + 1}); A{raised.Number} raised to consider it."),
            (told.Kind, told.Rationale));
        Assert.Equal(("allocated", ivy.UserName), (raised.Status, raised.AllocatedTo));
        Assert.Equal((1, 1), (await NoticesAsync(sam.Id, NotificationKinds.NewInformation, raised.Id), await NoticesAsync(sue.Id, NotificationKinds.NewInformation, raised.Id)));
    }

    /// <summary>ADR 3345's rule for a category the case came with; no officer worked an action for an examination, so with
    /// no officer in charge the action waits for a supervisor to allocate it.</summary>
    [Fact]
    public async Task APostMortemResult_AfterTheRecordsExpectedDeath_WithNoOfficerInCharge_RaisesTheActionUnallocated_TheLogNamingTheRecord()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = (await app.CreateCaseAsync(ivy, PortLike() with { Classification = "expected" })).Id;
        await app.WithDbAsync(db => db.Cases.Where(x => x.Id == c).ExecuteUpdateAsync(s => s.SetProperty(x => x.OfficerInChargeId, (string?)null)));
        using var investigator = app.ApiClient(ivy);

        Assert.Equal(HttpStatusCode.NoContent, (await RecordAsync(investigator, c, ExaminationKinds.PostMortem, "Compression of the neck by a ligature.")).StatusCode);

        var raised = await RaisedAsync(investigator, c);
        Assert.Equal(("Consider the post-mortem result", "raised", null), (raised.Title, raised.Status, raised.AllocatedTo));
        var told = (await DecisionsAsync(investigator, c)).MaxBy(d => d.Sequence)!;
        Assert.Equal(("new-information", $"New information after the decision: the post-mortem result was recorded after the case was called “{CaseClassification.Describe(CaseClassification.Expected)}” by its record. A{raised.Number} raised to consider it."),
            (told.Kind, told.Rationale));
        Assert.Equal(1, await NoticesAsync(sam.Id, NotificationKinds.NewInformation, raised.Id));
    }

    [Fact]
    public async Task APostMortemAndAToxicologyResult_BeforeAnyDecision_RaiseNothing_OnTheApiOrThePage()
    {
        var (c, ivy, sam, _) = await NewCaseAsync();
        using var investigator = app.ApiClient(ivy);
        var (actions, entries) = ((await ActionsAsync(investigator, c)).Count, (await DecisionsAsync(investigator, c)).Count);

        Assert.Equal(HttpStatusCode.NoContent, (await RecordAsync(investigator, c, ExaminationKinds.PostMortem, "Opiate toxicity; no injuries.")).StatusCode);
        using var web = await app.SignedInClientAsync(ivy);
        await RecordOnThePageAsync(web, c, ExaminationKinds.Toxicology);

        Assert.Equal("Toxicology result recorded.", (await CasePageAsync(web, c)).QuerySelector("#custody [data-flash]")!.TextContent.Trim());
        Assert.Equal((actions, entries), ((await ActionsAsync(investigator, c)).Count, (await DecisionsAsync(investigator, c)).Count));
        Assert.Equal(0, await app.WithDbAsync(db => db.UserNotifications.CountAsync(n => n.UserId == sam.Id && n.Kind == NotificationKinds.NewInformation)));
        Assert.Equal(2, await app.WithDbAsync(db => db.ExaminationResults.CountAsync(x => x.CaseId == c)));
    }

    [Fact]
    public async Task AToxicologyResult_AfterTheDeathWasCalledNotSuspicious_OnThePage_DoesWhatTheApiDoes_AndSaysSo()
    {
        var (c, ivy, sam, sue) = await CalledNotSuspiciousAsync();
        using var investigator = app.ApiClient(ivy);
        var called = (await DecisionsAsync(investigator, c)).Where(d => d.Kind == DecisionKinds.Classification).MaxBy(d => d.Sequence)!;
        using var web = await app.SignedInClientAsync(ivy);

        await RecordOnThePageAsync(web, c, ExaminationKinds.Toxicology);

        var raised = await RaisedAsync(investigator, c);
        Assert.Equal(("Consider the toxicology result", true, "allocated", ivy.UserName), (raised.Title, raised.Mandatory, raised.Status, raised.AllocatedTo));
        Assert.Equal($"Toxicology result recorded. It came after a decision taken without it: A{raised.Number} “Consider the toxicology result” is raised and allocated; the decision log says so, and the team's supervisors are told.",
            (await CasePageAsync(web, c)).QuerySelector("#custody [data-flash]")!.TextContent.Trim());
        var told = (await DecisionsAsync(investigator, c)).MaxBy(d => d.Sequence)!;
        Assert.Equal(("new-information", $"New information after the decision: the toxicology result was recorded after the case was called “{NotSuspicious}” (D{called.Sequence}). A{raised.Number} raised to consider it."),
            (told.Kind, told.Rationale));
        Assert.Equal((1, 1), (await NoticesAsync(sam.Id, NotificationKinds.NewInformation, raised.Id), await NoticesAsync(sue.Id, NotificationKinds.NewInformation, raised.Id)));
    }

    [Fact]
    public async Task TheSupervisorsNotice_OfALateToxicologyResult_IsDone_WhenTheActionToConsiderItIsClosed_NotWhenItsResultIsSubmitted()
    {
        var (c, ivy, sam, sue) = await CalledNotSuspiciousAsync();
        using var investigator = app.ApiClient(ivy);
        using var supervisor = app.ApiClient(sam);
        using var other = app.ApiClient(sue);
        (await RecordAsync(investigator, c, ExaminationKinds.Toxicology, Ghb)).EnsureSuccessStatusCode();
        var raised = await RaisedAsync(investigator, c);

        (await MoveAsync(investigator, c, raised.Number, "submit-result", text: "GHB at that level is not his habit: the category is to be reconsidered.")).EnsureSuccessStatusCode();
        var submitted = await NewInformationAsync(other);
        Assert.Equal((null, null), (submitted.DoneAt, submitted.Done));
        Assert.StartsWith("New information on ", submitted.Text, StringComparison.Ordinal);
        Assert.EndsWith($": the toxicology result was recorded after the case was called “{NotSuspicious}” (D{(await DecisionsAsync(investigator, c)).Where(d => d.Kind == DecisionKinds.Classification).Max(d => d.Sequence)}). A{raised.Number} raised to consider it.",
            submitted.Text, StringComparison.Ordinal);

        (await MoveAsync(supervisor, c, raised.Number, "review-and-close", text: "Read against the decision: the death is to be reinvestigated.")).EnsureSuccessStatusCode();
        var samUser = await app.WithDbAsync(db => db.Users.Where(u => u.Id == sam.Id).Select(u => new { u.DisplayName, u.UserName }).SingleAsync());
        var done = await NewInformationAsync(other);
        Assert.NotNull(done.DoneAt);
        Assert.Equal($"A{raised.Number} closed by {(samUser.DisplayName.Length > 0 ? samUser.DisplayName : samUser.UserName)}", done.Done);
        Assert.DoesNotContain(done.Id, (await other.GetFromJsonAsync<List<NotificationResponse>>("/api/v1/notifications?unread=true", ApiJson.Client))!.Select(n => n.Id));
    }

    private Task<(Guid Case, TestUser Ivy, TestUser Sam, TestUser Sue)> NewCaseAsync() => TeamCaseAsync(app);

    private Task<(Guid Case, TestUser Ivy, TestUser Sam, TestUser Sue)> CalledNotSuspiciousAsync() => EnquiryClient.CalledNotSuspiciousAsync(app);

    private static Task<HttpResponseMessage> RecordAsync(HttpClient client, Guid caseId, string kind, string summary) =>
        client.PostAsJsonAsync($"/api/v1/cases/{caseId}/examinations", new ExaminationRequest(kind, summary, null), ApiJson.Client);

    private static async Task RecordOnThePageAsync(HttpClient web, Guid caseId, string kind) =>
        (await Forms.PostAsync(web, $"/cases/{caseId}/enquiry?handler=Examination", new() { ["__form"] = "examination", ["Kind"] = kind, ["Text"] = Ghb }, $"/cases/{caseId}")).Dispose();

    private static async Task<ActionDto> RaisedAsync(HttpClient client, Guid caseId) =>
        (await ActionsAsync(client, caseId)).Single(a => a.Source == "examination-result");

    private static async Task<GateDto> GateAsync(HttpClient client, Guid caseId) =>
        (await client.GetFromJsonAsync<GateDto>($"/api/v1/cases/{caseId}/gate", ApiJson.Client))!;

    private static async Task<NotificationResponse> NewInformationAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<NotificationResponse>>("/api/v1/notifications", ApiJson.Client))!.Single(n => n.Kind == NotificationKinds.NewInformation);

    private Task<int> NoticesAsync(string userId, string kind, Guid subject) =>
        app.WithDbAsync(db => db.UserNotifications.CountAsync(n => n.UserId == userId && n.Kind == kind && n.SubjectId == subject));

    private static async Task<IHtmlDocument> CasePageAsync(HttpClient client, Guid caseId) => Forms.Parse(await client.GetStringAsync($"/cases/{caseId}"));
}

[Collection(SqliteCollection.Name)]
public sealed class LateExaminationResultTests_Sqlite(SqliteApp app) : LateExaminationResultTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LateExaminationResultTests_Postgres(PostgresApp app) : LateExaminationResultTests(app);
