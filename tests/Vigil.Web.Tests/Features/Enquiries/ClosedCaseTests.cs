using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Features.Import;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>A closed case is a concluded record: no form, API call or import changes it until a decision reopens it;
/// and a death that returns to "under investigation" is reviewed again (ADR 0203, 0204).</summary>
public abstract class ClosedCaseTests(VigilAppFactory app)
{
    private sealed record Team(TestUser Investigator, TestUser Supervisor, TestUser SecondSupervisor, string Source);

    private async Task<Team> TeamAsync()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        return new Team(ivy, await app.CreateUserAsync(Roles.Supervisor, ivy.Team), await app.CreateUserAsync(Roles.Supervisor, ivy.Team),
            "closed-" + Guid.NewGuid().ToString("N")[..6]);
    }

    private Task<ImportSummary> ImportAsync(Team t, params DeathRecord[] records) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>().ImportAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", records.Select(DeathRecordWriter.ToJson)))),
            new ImportOptions(t.Investigator.TeamId, t.Source), null, default));

    private Task<CaseResponse> CaseAsync(Team t, DeathRecord r) => app.WithScopeAsync(async sp =>
        CaseResponse.From(await sp.GetRequiredService<Vigil.Data.VigilDbContext>().Cases.Include(c => c.People).ThenInclude(p => p.Person)
            .Include(c => c.Toxicology).Include(c => c.Exhibits).SingleAsync(c => c.Source == t.Source && c.SourceRef == r.Ref)));

    private async Task<HttpResponseMessage> DecideAsync(Team t, Guid caseId, string to)
    {
        using var supervisor = app.ApiClient(t.Supervisor);
        using var second = app.ApiClient(t.SecondSupervisor);
        return await EnquiryClient.ClassifySignedAsync(supervisor, second, caseId, new ClassifyRequest(to, "Reviewed with the SIO", null, "Signed off by the duty supervisor"));
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, CaseResponse c, string narrative)
    {
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{c.Id}") { Content = JsonContent.Create(new UpdateCaseRequest(c.Record with { Narrative = narrative }), options: ApiJson.Client) };
        put.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{c.Version}\""));
        return await client.SendAsync(put);
    }

    [Fact]
    public async Task ClosedCase_RefusesEditsByApiFormAndImport_UntilADecisionReopensIt()
    {
        var t = await TeamAsync();
        var record = Samples.Record();
        await ImportAsync(t, record);
        var c = await CaseAsync(t, record);
        using var investigator = app.ApiClient(t.Investigator);
        using var supervisor = app.ApiClient(t.Supervisor);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(t, c.Id, ClassificationCommands.Close)).StatusCode);

        var put = await PutAsync(investigator, c, "changed after closure");
        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
        Assert.Equal(ClosedCaseGate.Reason, await ProblemTitleAsync(put));

        using var web = await app.SignedInClientAsync(t.Investigator);
        Assert.DoesNotContain($"/cases/{c.Id}/edit", await web.GetStringAsync($"/cases/{c.Id}"), StringComparison.Ordinal);
        Assert.Contains(ClosedCaseGate.Reason, await web.GetStringAsync($"/cases/{c.Id}/edit"), StringComparison.Ordinal);
        var form = await Forms.PostAsync(web, $"/cases/{c.Id}/edit", new() { ["Form.Version"] = c.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Conflict, form.StatusCode);

        // The source re-sending the record as it is asks for no change: nothing to refuse (ADR 1630).
        var resent = await ImportAsync(t, record);
        Assert.Equal((0, 1), (resent.Rejected.Count, resent.Unchanged));

        var reimport = await ImportAsync(t, record with { Narrative = "changed by the source after closure" });
        Assert.Equal(0, reimport.Updated);
        Assert.Contains(ClosedCaseGate.Reason, Assert.Single(reimport.Rejected).Message, StringComparison.Ordinal);
        Assert.Equal(record.Narrative, (await CaseAsync(t, record)).Record.Narrative);

        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(t, c.Id, ClassificationCommands.Reopen)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(investigator, await CaseAsync(t, record), "changed after reopening")).StatusCode);
    }

    [Fact]
    public async Task DeathConcludedAtSource_IsReviewed_WhenADecisionReturnsItToUnderInvestigation()
    {
        var t = await TeamAsync();
        var record = Samples.Record(classification: "non-suspicious");
        await ImportAsync(t, record);
        var c = await CaseAsync(t, record);
        using var supervisor = app.ApiClient(t.Supervisor);
        Assert.Empty(await ReviewsAsync(supervisor, c.Id));

        var before = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(t, c.Id, "unexpected-under-investigation")).StatusCode);
        var reviews = await ReviewsAsync(supervisor, c.Id);
        Assert.Equal(["24h", "7d", "28d"], reviews.Select(r => r.Label));
        Assert.InRange(reviews[0].DueAt, before.AddHours(24).AddMinutes(-1), DateTime.UtcNow.AddHours(24).AddMinutes(1));
    }

    [Fact]
    public async Task ReimportThatReturnsADeathToUnderInvestigation_SchedulesItsReviews()
    {
        var t = await TeamAsync();
        var record = Samples.Record(classification: "non-suspicious");
        await ImportAsync(t, record);
        await ImportAsync(t, record with { Classification = "suspicious" });
        using var supervisor = app.ApiClient(t.Supervisor);
        Assert.Equal(["24h", "7d", "28d"], (await ReviewsAsync(supervisor, (await CaseAsync(t, record)).Id)).Select(r => r.Label));
    }

    [Fact]
    public async Task ReturnToUnderInvestigation_MovesPendingReviews_RatherThanDuplicatingThem()
    {
        var t = await TeamAsync();
        var c = await app.CreateCaseAsync(t.Investigator);
        using var supervisor = app.ApiClient(t.Supervisor);
        var first = await ReviewsAsync(supervisor, c.Id);
        Assert.Equal(3, first.Count);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(t, c.Id, "unexpected-not-suspicious")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(t, c.Id, "unexpected-under-investigation")).StatusCode);
        var again = await ReviewsAsync(supervisor, c.Id);
        Assert.Equal(first.Select(r => r.Id).Order(), again.Select(r => r.Id).Order());
        Assert.All(again, r => Assert.True(r.DueAt > first.Single(f => f.Id == r.Id).DueAt));
    }

    /// <summary>ADR 3177: a death returned to "under investigation" after its 24-hour review was completed is reviewed
    /// again at 24 hours. The schedule added a second review of the same label beside the completed one, which the
    /// (case, label) key refused: the decision failed whole, and so did a re-import's line.</summary>
    [Fact]
    public async Task ReturnToUnderInvestigation_AfterAReviewWasCompleted_KeepsItAndSchedulesItAgain()
    {
        var t = await TeamAsync();
        var c = await app.CreateCaseAsync(t.Investigator);
        using var supervisor = app.ApiClient(t.Supervisor);
        var first = await ReviewsAsync(supervisor, c.Id);
        var done = first.Single(r => r.Label == "24h");
        (await supervisor.PostAsJsonAsync($"/api/v1/cases/{c.Id}/reviews/{done.Id}/outcome", new { outcome = "Lines of enquiry in hand" }, ApiJson.Client))
            .EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(t, c.Id, "unexpected-not-suspicious")).StatusCode);

        var before = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(t, c.Id, "unexpected-under-investigation")).StatusCode);
        var again = await ReviewsAsync(supervisor, c.Id);
        var kept = again.Single(r => r.Id == done.Id);
        Assert.Equal(("24h", "Lines of enquiry in hand"), (kept.Label, kept.Outcome));
        var anew = Assert.Single(again, r => r.CompletedAt is null && r.Label.StartsWith("24h", StringComparison.Ordinal));
        Assert.InRange(anew.DueAt, before.AddHours(24).AddMinutes(-1), DateTime.UtcNow.AddHours(24).AddMinutes(1));
        Assert.Equal(4, again.Count);

        // A third round moves the pending one again rather than adding another.
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(t, c.Id, "unexpected-not-suspicious")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(t, c.Id, "unexpected-under-investigation")).StatusCode);
        Assert.Equal(again.Select(r => r.Id).Order(), (await ReviewsAsync(supervisor, c.Id)).Select(r => r.Id).Order());
    }

    private static async Task<List<Vigil.Web.Features.Enquiries.Reviews.CaseReviewResponse>> ReviewsAsync(HttpClient client, Guid caseId) =>
        (await client.GetFromJsonAsync<List<Vigil.Web.Features.Enquiries.Reviews.CaseReviewResponse>>($"/api/v1/cases/{caseId}/reviews", ApiJson.Client))!.OrderBy(r => r.DueAt).ToList();
}

[Collection(SqliteCollection.Name)]
public sealed class ClosedCaseTests_Sqlite(SqliteApp app) : ClosedCaseTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ClosedCaseTests_Postgres(PostgresApp app) : ClosedCaseTests(app);
