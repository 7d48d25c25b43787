using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Cases;
using Vigil.Data.Enquiries;
using Vigil.Records;
using Vigil.Data.Identity;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Web.Features.Enquiries;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Features.Enquiries.Exhibits;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Features.Family;
using Vigil.Web.Tests.Features.Oversight;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>A post-mortem or toxicology result, once recorded, could not be corrected: a mistyped substance or a
/// laboratory's amended report had no way onto the record (round 66). A correction supersedes it, with who, when and why,
/// and the earlier stays in the history; a stale one is 409; a correction that changes the finding after a decision or a
/// closure is new information as a late result is; a changed substance reaches linkage by a case edit (ADRs 3368-3370).</summary>
public abstract class ExaminationCorrectionTests(VigilAppFactory app)
{
    private const string Typed = "Morphine 0.05 mg/L in femoral blood.";
    private const string Amended = "Amended report: GHB 310 mg/L in femoral blood; no morphine detected.";

    [Fact]
    public async Task ACorrection_ThroughTheApi_KeepsTheEarlierAsSuperseded_TheNewOneCurrent_AndThePageStrikesTheEarlierThrough()
    {
        var (c, ivy, _) = await NewCaseAsync();
        using var api = app.ApiClient(ivy);
        var before = await RecordAsync(api, c, ExaminationKinds.Toxicology, Typed);

        var answer = await CorrectAsync(api, c, before.Id, new CorrectionRequest(null, Amended, null, "The laboratory's amended report of 7 December.", null, null));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var history = await HistoryAsync(api, c);
        var (old, now) = (history.Single(x => x.Id == before.Id), history.Single(x => x.Id != before.Id));
        Assert.Equal(("superseded", Typed, ivy.UserName, "The laboratory's amended report of 7 December."), (old.Status, old.Summary, old.SupersededBy, old.SupersededReason));
        Assert.Equal(("current", Amended, before.Id, ExaminationKinds.Toxicology, before.ReceivedAt), (now.Status, now.Summary, now.CorrectsId, now.Kind, now.ReceivedAt));
        using var web = await app.SignedInClientAsync(ivy);
        var page = Forms.Parse(await web.GetStringAsync($"/cases/{c}"));
        var struck = page.QuerySelector($"#examination-{before.Id}")!;
        Assert.Equal(("superseded", Typed), (struck.GetAttribute("data-status"), struck.QuerySelector("del")!.TextContent.Split(": ", 2)[1]));
        Assert.Contains("superseded on", struck.TextContent, StringComparison.Ordinal);
        Assert.EndsWith(": The laboratory's amended report of 7 December.", struck.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("current", page.QuerySelector($"#examination-{now.Id}")!.GetAttribute("data-status"));
    }

    [Fact]
    public async Task ACorrection_OfAResultAlreadyCorrected_Is409_AndRecordsNothing_OnTheApiAndThePage()
    {
        var (c, ivy, _) = await NewCaseAsync();
        using var api = app.ApiClient(ivy);
        var before = await RecordAsync(api, c, ExaminationKinds.PostMortem, "Opiate toxicity.");
        (await CorrectAsync(api, c, before.Id, new CorrectionRequest(null, "Opiate toxicity; ligature mark on the neck.", null, "Page two of the report.", null, null))).EnsureSuccessStatusCode();

        var stale = await CorrectAsync(api, c, before.Id, new CorrectionRequest(null, "Opiate toxicity; no injuries.", null, "A second officer's reading.", null, null));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Equal("This result has already been corrected or withdrawn.", (await stale.Content.ReadFromJsonAsync<ProblemBody>())!.Title);
        using var web = await app.SignedInClientAsync(ivy);
        await CorrectOnThePageAsync(web, c, before.Id, new() { ["Kind"] = ExaminationKinds.PostMortem, ["Text"] = "Opiate toxicity; no injuries.", ["Reason"] = "Read from an old page." });
        Assert.Contains("This result has already been corrected or withdrawn.", Forms.Parse(await web.GetStringAsync($"/cases/{c}")).QuerySelector($"#examination-{before.Id}")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, (await HistoryAsync(api, c)).Count);
    }

    /// <summary>The race the route's check cannot see: another officer's correction saved between this one's read of the
    /// result and its save. The result's concurrency token refuses the second (ADR 3368).</summary>
    [Fact]
    public async Task OfTwoCorrectionsSavedAtOnce_TheSecondIsRefused409_AndOnlyTheFirstIsRecorded()
    {
        var (c, ivy, _) = await NewCaseAsync();
        using var api = app.ApiClient(ivy);
        var before = await RecordAsync(api, c, ExaminationKinds.Toxicology, Typed);

        var refused = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var corrector = sp.GetRequiredService<ExaminationCorrector>();
            var theCase = await db.Cases.Include(x => x.Toxicology).SingleAsync(x => x.Id == c);
            var read = (await corrector.FindAsync(c, before.Id, default))!;
            (await CorrectAsync(api, c, before.Id, new CorrectionRequest(null, Amended, null, "The first officer's correction.", null, null))).EnsureSuccessStatusCode();
            return (await corrector.CorrectAsync(theCase, read, new ExaminationCorrection(null, "GHB 31 mg/L.", null, "The second officer's.", false),
                new Officer(ivy.UserName, false), default)).Refused;
        });

        Assert.Equal((409, ExaminationCorrector.Overtaken.Title), (refused?.Status, refused?.Title));
        Assert.Equal([("superseded", Typed, "The first officer's correction."), ("current", Amended, null)],
            (await HistoryAsync(api, c)).Select(x => (x.Status, x.Summary, x.SupersededReason)));
    }

    [Fact]
    public async Task ACorrection_WithoutAReason_IsRefusedWithAClearMessage_AndRecordsNothing_OnTheApiAndThePage()
    {
        var (c, ivy, _) = await NewCaseAsync();
        using var api = app.ApiClient(ivy);
        var before = await RecordAsync(api, c, ExaminationKinds.Toxicology, Typed);

        var refused = await CorrectAsync(api, c, before.Id, new CorrectionRequest(null, Amended, null, "  ", null, null));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(ExaminationCorrectionRules.ReasonMissing, (await refused.Content.ReadFromJsonAsync<ProblemBody>())!.Title);
        using var web = await app.SignedInClientAsync(ivy);
        await CorrectOnThePageAsync(web, c, before.Id, new() { ["Kind"] = ExaminationKinds.Toxicology, ["Text"] = Amended, ["Reason"] = "" });
        var page = Forms.Parse(await web.GetStringAsync($"/cases/{c}"));
        Assert.Contains(ExaminationCorrectionRules.ReasonMissing, page.QuerySelector("#custody")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["current"], (await HistoryAsync(api, c)).Select(x => x.Status));
    }

    [Fact]
    public async Task AnotherTeamsInvestigator_AReviewer_AndAFamilyMember_CannotCorrect()
    {
        var f = await FamilyKit.CaseAsync(app);
        var c = f.Case.Id;
        using var api = app.ApiClient(f.Investigator);
        var before = await RecordAsync(api, c, ExaminationKinds.Toxicology, Typed);
        var outsider = await app.CreateUserAsync(Roles.Investigator);
        var reviewer = await app.CreateUserAsync(Roles.Reviewer);
        var body = new CorrectionRequest(null, Amended, null, "Not theirs to correct.", null, null);

        using (var other = app.ApiClient(outsider)) Assert.Equal(HttpStatusCode.NotFound, (await CorrectAsync(other, c, before.Id, body)).StatusCode);
        using (var review = app.ApiClient(reviewer)) Assert.Equal(HttpStatusCode.Forbidden, (await CorrectAsync(review, c, before.Id, body)).StatusCode);
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        using (family)
        {
            var tried = await family.PostAsJsonAsync($"/api/v1/cases/{c}/examinations/{before.Id}/corrections", body, ApiJson.Client);
            Assert.False(tried.IsSuccessStatusCode, $"a family member's correction answered {tried.StatusCode}");
        }
        Assert.Equal([("current", Typed)], (await HistoryAsync(api, c)).Select(x => (x.Status, x.Summary)));
    }

    [Fact]
    public async Task ACorrectionThatChangesTheFinding_AfterTheCaseWasClosed_ReopensIt_AndRaisesTheActionToConsiderIt_AsALateResultDoes()
    {
        var (c, ivy, sam) = await NewCaseAsync();
        var sue = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        using var api = app.ApiClient(ivy);
        var before = await RecordAsync(api, c, ExaminationKinds.PostMortem, "Opiate toxicity; no injuries.");
        using (var supervisor = app.ApiClient(sam))
        using (var other = app.ApiClient(sue))
            Assert.Equal(HttpStatusCode.OK, (await ClassifySignedAsync(supervisor, other, c,
                new ClassifyRequest(ClassificationCommands.Close, "Expected death; file closed.", null, "The toxicologist is weeks behind; nothing points to a third party."))).StatusCode);
        var closure = (await DecisionsAsync(api, c)).Single(d => d.Kind == DecisionKinds.Closure).Sequence;

        (await CorrectAsync(api, c, before.Id, new CorrectionRequest(null, "Compression of the neck by a ligature.", null, "The pathologist's amended report.", null, null))).EnsureSuccessStatusCode();

        var log = await DecisionsAsync(api, c);
        var raised = (await ActionsAsync(api, c)).Single(a => a.Source == LateExaminationResults.Source);
        Assert.Equal(("Consider the corrected post-mortem result", "allocated", ivy.UserName), (raised.Title, raised.Status, raised.AllocatedTo));
        Assert.Equal((DecisionKinds.Reopened, closure + 1), (log[^2].Kind, log[^2].Sequence));
        Assert.Equal($"New information after the decision: the corrected post-mortem result was recorded after the case was closed (D{closure}). The case is reopened (D{closure + 1}); A{raised.Number} raised to consider it.",
            log[^1].Rationale);
        Assert.Equal("Compression of the neck by a ligature. (corrected from: Opiate toxicity; no injuries.)", log[^1].Facts);
    }

    [Fact]
    public async Task AToxicologyCorrection_ThatChangesTheSubstances_ChangesTheCasesFindings_AndQueuesTheCaseForLinkage()
    {
        var (c, ivy, _) = await NewCaseAsync(Samples.Record() with { Toxicology = [new RecordToxicology { Substance = "morphine", ConcentrationMgL = 0.05 }] });
        using var api = app.ApiClient(ivy);
        var before = await RecordAsync(api, c, ExaminationKinds.Toxicology, Typed);
        var queued = await app.WithDbAsync(db => db.Outbox().CountAsync(o => o.CaseId == c));

        (await CorrectAsync(api, c, before.Id, new CorrectionRequest(null, Amended, null, "The laboratory's amended report.", null,
            [new RecordToxicology { Substance = "GHB", ConcentrationMgL = 310 }]))).EnsureSuccessStatusCode();

        Assert.Equal(queued + 1, await app.WithDbAsync(db => db.Outbox().CountAsync(o => o.CaseId == c)));
        Assert.Equal([("GHB", (double?)310)], await app.WithDbAsync(db => db.Toxicology.Where(t => t.CaseId == c).Select(t => new { t.Substance, t.ConcentrationMgL }).ToListAsync())
            .ContinueWith(t => t.Result.Select(x => (x.Substance, x.ConcentrationMgL)).ToList(), TaskScheduler.Default));
        // The same substances again (a correction of the words only) is not a new fact for linkage: no second row.
        var amended = (await HistoryAsync(api, c)).Single(x => x.Status == "current");
        (await CorrectAsync(api, c, amended.Id, new CorrectionRequest(null, Amended + " Femoral.", null, "Typing slip.", null,
            [new RecordToxicology { Substance = "ghb", ConcentrationMgL = 310 }]))).EnsureSuccessStatusCode();
        Assert.Equal(queued + 1, await app.WithDbAsync(db => db.Outbox().CountAsync(o => o.CaseId == c)));
    }

    [Fact]
    public async Task AsKnown_BeforeTheCorrection_ShowsTheEarlierResult_AndAfterIt_BothWithTheEarlierStruckThrough()
    {
        var (c, ivy, _) = await NewCaseAsync();
        using var api = app.ApiClient(ivy);
        var before = await RecordAsync(api, c, ExaminationKinds.Toxicology, Typed);
        var then = await OversightKit.LastSequenceAsync(app);

        (await CorrectAsync(api, c, before.Id, new CorrectionRequest(null, Amended, null, "The laboratory's amended report.", null, null))).EnsureSuccessStatusCode();

        using var web = await app.SignedInClientAsync(ivy);
        var earlier = Forms.Parse(await web.GetStringAsync($"/cases/{c}/as-known?seq={then}"));
        Assert.Equal([("current", true)], earlier.QuerySelectorAll("li[data-status]").Select(li => (li.GetAttribute("data-status")!, li.TextContent.EndsWith(Typed, StringComparison.Ordinal))));
        Assert.DoesNotContain(Amended, earlier.DocumentElement.OuterHtml, StringComparison.Ordinal);
        var later = Forms.Parse(await web.GetStringAsync($"/cases/{c}/as-known"));
        Assert.Equal(["superseded", "current"], later.QuerySelectorAll("li[data-status]").Select(li => li.GetAttribute("data-status")!));
        Assert.Contains(Typed, later.QuerySelector("li[data-status=superseded] del")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWithdrawal_OnThePage_ShowsTheResultWithdrawn_AndTheGateAsksForTheResultAgain()
    {
        var (c, ivy, _) = await NewCaseAsync();
        using var api = app.ApiClient(ivy);
        var before = await RecordAsync(api, c, ExaminationKinds.Toxicology, Typed);
        using var web = await app.SignedInClientAsync(ivy);

        await CorrectOnThePageAsync(web, c, before.Id, new() { ["Kind"] = ExaminationKinds.Toxicology, ["Text"] = Typed, ["Reason"] = "Filed to the wrong case: it is another death's.", ["Withdraw"] = "true" });

        var page = Forms.Parse(await web.GetStringAsync($"/cases/{c}"));
        Assert.Equal("Toxicology result withdrawn: the earlier stays in the history.", page.QuerySelector("#custody [data-flash]")!.TextContent.Trim());
        Assert.Equal("withdrawn", page.QuerySelector($"#examination-{before.Id}")!.GetAttribute("data-status"));
        Assert.Contains("withdrawn on", page.QuerySelector($"#examination-{before.Id}")!.TextContent, StringComparison.Ordinal);
        Assert.Equal([("withdrawn", "Filed to the wrong case: it is another death's.")], (await HistoryAsync(api, c)).Select(x => (x.Status, x.SupersededReason)));
        Assert.Contains("the toxicology result is not recorded", (await api.GetFromJsonAsync<GateDto>($"/api/v1/cases/{c}/gate", ApiJson.Client))!.Blockers);
    }

    private async Task<(Guid Case, TestUser Ivy, TestUser Sam)> NewCaseAsync(DeathRecord? record = null)
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        return ((await app.CreateCaseAsync(ivy, record ?? PortLike())).Id, ivy, sam);
    }

    private static async Task<ExaminationResponse> RecordAsync(HttpClient api, Guid caseId, string kind, string summary)
    {
        (await api.PostAsJsonAsync($"/api/v1/cases/{caseId}/examinations", new ExaminationRequest(kind, summary, null), ApiJson.Client)).EnsureSuccessStatusCode();
        return (await HistoryAsync(api, caseId)).Last(x => x.Summary == summary);
    }

    private static Task<HttpResponseMessage> CorrectAsync(HttpClient api, Guid caseId, Guid resultId, CorrectionRequest body) =>
        api.PostAsJsonAsync($"/api/v1/cases/{caseId}/examinations/{resultId}/corrections", body, ApiJson.Client);

    /// <summary>The correction form of one result on the case page, posted as a browser does.</summary>
    private static async Task CorrectOnThePageAsync(HttpClient web, Guid caseId, Guid resultId, Dictionary<string, string> fields)
    {
        fields["__form"] = $"correct-{resultId}";
        fields["ResultId"] = resultId.ToString();
        (await Forms.PostAsync(web, $"/cases/{caseId}/enquiry?handler=CorrectExamination", fields, $"/cases/{caseId}")).Dispose();
    }

    private static async Task<List<ExaminationResponse>> HistoryAsync(HttpClient api, Guid caseId) =>
        (await api.GetFromJsonAsync<List<ExaminationResponse>>($"/api/v1/cases/{caseId}/examinations", ApiJson.Client))!;

    private sealed record ProblemBody(string Title, int Status, string? Detail);
}

[Collection(SqliteCollection.Name)]
public sealed class ExaminationCorrectionTests_Sqlite(SqliteApp app) : ExaminationCorrectionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ExaminationCorrectionTests_Postgres(PostgresApp app) : ExaminationCorrectionTests(app);
