using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Cases;
using Vigil.Data.Enquiries;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Features.Enquiries.Exhibits;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>An override signs the gate it was asked over (ADR 0505), not whatever the gate holds when it is signed
/// (review66, ADR 3371). Before, a signature applied a request whatever had come to hold the gate since it was asked: an
/// exhibit sent to a laboratory after the ask, or the mandatory action a late result raises (ADRs 3336, 3356), was passed
/// by a second supervisor's "yes" to a request that never named it — the death called not suspicious with the syringe's
/// result still to come, the case closed over the action to consider the toxicology. A gate that only lost blockers since
/// (a result recorded) is signed as before.</summary>
public abstract class OverrideSignedOverNewBlockersTests(VigilAppFactory app)
{
    private const string Behind = "The toxicologist is weeks behind; nothing points to a third party.";
    /// <summary>The refusal's title, as the API and the page say it (a literal, so the test runs on code without it).</summary>
    private const string GateChanged = "The gate has changed since this override was asked for: decline it and ask again.";

    [Fact]
    public async Task AnExhibitSentToALaboratory_AfterTheOverrideWasAskedFor_RefusesItsSignature_409_AndTheDeathStaysUnderInvestigation()
    {
        var (c, ivy, _, sue) = await TeamCaseAsync(app);
        using var investigator = app.ApiClient(ivy);
        using var signer = app.ApiClient(sue);
        var request = await AskAsync(investigator, c, CaseClassification.NotSuspicious);
        var syringe = await app.WithDbAsync(db => db.Exhibits.Where(e => e.CaseId == c && e.Type == "syringe").Select(e => new { e.Id, e.Reference }).SingleAsync());
        (await SubmitExhibitAsync(investigator, c, syringe.Id)).EnsureSuccessStatusCode();

        using var signed = await SignAsync(signer, c, request);

        Assert.Equal(HttpStatusCode.Conflict, signed.StatusCode);
        Assert.Equal(GateChanged, await ProblemTitleAsync(signed));
        Assert.Contains($"{syringe.Reference} (syringe) submitted to LGC Forensics", await signed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(CaseClassification.UnderInvestigation, await ClassificationAsync(c));
        Assert.DoesNotContain(await DecisionsAsync(investigator, c), d => d.Kind == DecisionKinds.OverrideSigned);
    }

    [Fact]
    public async Task ALateResultsAction_RaisedAfterAClosureWasAskedFor_RefusesItsSignatureOnThePage_AndTheCaseStaysOpen()
    {
        var (c, ivy, sam, _) = await CalledNotSuspiciousAsync(app);
        using var investigator = app.ApiClient(ivy);
        var request = await AskAsync(investigator, c, ClassificationCommands.Close);
        (await investigator.PostAsJsonAsync($"/api/v1/cases/{c}/examinations",
            new ExaminationRequest(ExaminationKinds.Toxicology, "GHB 310 mg/L in femoral blood.", null), ApiJson.Client)).EnsureSuccessStatusCode();
        var raised = (await ActionsAsync(investigator, c)).Single(a => a.Source == LateExaminationResults.Source);
        using var web = await app.SignedInClientAsync(sam);

        using var posted = await Forms.PostAsync(web, $"/cases/{c}/enquiry?handler=Sign",
            new() { ["__form"] = $"override-{request}", ["DecisionId"] = request.ToString(), ["Text"] = "Agreed: close it." }, $"/cases/{c}");

        Assert.Equal($"/cases/{c}#decisions", posted.Headers.Location!.OriginalString);
        var said = Forms.Parse(await web.GetStringAsync($"/cases/{c}")).QuerySelector("#decisions")!.TextContent;
        Assert.Contains(GateChanged, said, StringComparison.Ordinal);
        Assert.Contains($"A{raised.Number} Consider the toxicology result", said, StringComparison.Ordinal);
        var log = await DecisionsAsync(investigator, c);
        Assert.DoesNotContain(log, d => d.Kind is DecisionKinds.Closure or DecisionKinds.OverrideSigned && d.Sequence > log.Single(r => r.Id == request).Sequence);
        Assert.Equal(CaseClassification.NotSuspicious, await ClassificationAsync(c));
    }

    /// <summary>The control: a gate that only lost a blocker since the ask (the post-mortem recorded) is signed and applied.</summary>
    [Fact]
    public async Task AGateThatOnlyLostABlocker_SinceTheOverrideWasAskedFor_IsSignedAndApplied()
    {
        var (c, ivy, _, sue) = await TeamCaseAsync(app);
        using var investigator = app.ApiClient(ivy);
        using var signer = app.ApiClient(sue);
        var request = await AskAsync(investigator, c, CaseClassification.NotSuspicious);
        (await investigator.PostAsJsonAsync($"/api/v1/cases/{c}/examinations",
            new ExaminationRequest(ExaminationKinds.PostMortem, "No injuries; toxicology awaited.", null), ApiJson.Client)).EnsureSuccessStatusCode();

        using var signed = await SignAsync(signer, c, request);

        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(CaseClassification.NotSuspicious, await ClassificationAsync(c));
    }

    private static async Task<Guid> AskAsync(HttpClient asker, Guid caseId, string to)
    {
        using var asked = await PostSeenAsync(asker, $"/api/v1/cases/{caseId}/classification", new ClassifyRequest(to, "Overdose; file to close.", "Syringe at scene", Behind));
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        return (await DecisionsAsync(asker, caseId)).Where(d => d.Kind == DecisionKinds.OverrideRequested).MaxBy(d => d.Sequence)!.Id;
    }

    private static Task<HttpResponseMessage> SignAsync(HttpClient signer, Guid caseId, Guid request) =>
        PostSeenAsync(signer, $"/api/v1/cases/{caseId}/decisions/{request}/sign", new SignRequest("Second supervisor: agreed"));

    private Task<string> ClassificationAsync(Guid caseId) =>
        app.WithDbAsync(db => db.Cases.Where(x => x.Id == caseId).Select(x => x.Classification).SingleAsync());
}

[Collection(SqliteCollection.Name)]
public sealed class OverrideSignedOverNewBlockersTests_Sqlite(SqliteApp app) : OverrideSignedOverNewBlockersTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OverrideSignedOverNewBlockersTests_Postgres(PostgresApp app) : OverrideSignedOverNewBlockersTests(app);
