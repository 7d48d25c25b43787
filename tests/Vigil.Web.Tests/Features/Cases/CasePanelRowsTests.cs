using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Data.Enquiries;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Auth;
using Vigil.Web.Features.Cases;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Cases;

/// <summary>The case page skips the panel reads its one presence statement finds empty (ADR 2461); the page must be
/// the same page. Each case is rendered twice in one app: as served, and with every read sent (the header below makes
/// <see cref="AllReads"/> know nothing, as before ADR 2461). A case with a row in every panel table and one with none.</summary>
public abstract class CasePanelRowsTests(Func<Action<IServiceCollection>, VigilAppFactory> newApp) : IAsyncLifetime
{
    private const string EveryRead = "X-Test-Every-Read";
    private readonly VigilAppFactory app = newApp(services =>
    {
        services.RemoveAll<CasePanelRows>();
        services.AddScoped<CasePanelRows, AllReads>();
        // No background worker: the queued row below must still be queued when the page is rendered the second time
        // (it took the row between the two renders in one fresh-clone run). Nothing else builds the index, so new cases
        // stay queued too, and without waiting 30 s each for it (ADR 3289).
        BackgroundServices.WithoutLinkageWorker(services);
        BackgroundServices.NoWaitForAnIndexNobodyBuilds(services);
    });

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task CaseWithEveryPanelFilled_AndOneWithNone_RenderTheSamePageAsWithEveryReadSent()
    {
        var supervisor = await app.CreateUserAsync(Roles.Supervisor);
        var filled = await app.CreateCaseAsync(supervisor);
        var other = await app.CreateCaseAsync(supervisor);
        var empty = await app.CreateCaseAsync(supervisor, Samples.Record() with { People = [], Exhibits = [] });
        // People in no other death: the page does not ask for their other deaths (ADR 3199).
        var alone = await app.CreateCaseAsync(supervisor, Samples.Record() with
        {
            People = [new Vigil.Records.RecordPerson { Role = "finder", Name = "Lone Finder " + Guid.NewGuid().ToString("N")[..8] }],
        });
        await FillEveryPanelAsync(filled.Id, other.Id, supervisor);
        using var client = await app.SignedInClientAsync(supervisor);

        foreach (var id in new[] { filled.Id, empty.Id, alone.Id })
        {
            var served = await PageAsync(client, id, everyRead: false);
            var asBefore = await PageAsync(client, id, everyRead: true);
            var at = Enumerable.Range(0, Math.Min(served.Length, asBefore.Length)).FirstOrDefault(i => served[i] != asBefore[i], -1);
            Assert.True(served == asBefore, $"case {id} differs at {at}:\nserved:    {Around(served, at)}\nas before: {Around(asBefore, at)}");
        }
        var full = await PageAsync(client, filled.Id, everyRead: false);
        foreach (var shown in new[] { "the event of the test", "Trace the panel's caller", "moved for the test", "the lab of the test",
            "the examination of the test", "the outcome of the test", "Family contact by visit", "The family asked: the question of the test",
            "told the family the test", "FLO of the test", "PANEL-SERIES", "appears in 1 other death" })
            Assert.Contains(shown, full, StringComparison.Ordinal);
        Assert.DoesNotContain("appears in", await PageAsync(client, alone.Id, everyRead: false), StringComparison.Ordinal);
    }

    private static string Around(string page, int at) => at < 0 ? page[Math.Max(0, page.Length - 300)..] : page[Math.Max(0, at - 200)..Math.Min(page.Length, at + 300)];

    /// <summary>The page without what differs between two views of it: the antiforgery tokens, the audit section and its
    /// count in the section menu (each view appends itself) and any script nonce.</summary>
    private static async Task<string> PageAsync(HttpClient client, Guid id, bool everyRead)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/cases/{id}");
        if (everyRead) request.Headers.Add(EveryRead, "1");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var page = Forms.Parse(Forms.WithoutAntiforgeryTokens(await response.Content.ReadAsStringAsync()));
        page.QuerySelector("#audit")?.Remove();
        foreach (var link in page.QuerySelectorAll("a[href='#audit']").ToList()) link.ParentElement?.Remove();
        foreach (var script in page.QuerySelectorAll("[nonce]")) script.RemoveAttribute("nonce");
        return page.QuerySelector("main")?.OuterHtml ?? page.DocumentElement.OuterHtml;
    }

    private Task FillEveryPanelAsync(Guid caseId, Guid otherId, TestUser by) => app.WithDbAsync(async db =>
    {
        var at = new DateTime(2026, 11, 2, 10, 0, 0, DateTimeKind.Utc);
        var exhibit = await db.Exhibits.FirstAsync(e => e.CaseId == caseId);
        db.TimelineEvents.Add(new TimelineEvent { CaseId = caseId, OccurredAt = at, Kind = "note", Description = "the event of the test", RecordedBy = by.UserName });
        db.CaseActions.Add(new CaseAction { CaseId = caseId, Number = 90, Title = "Trace the panel's caller", RaisedAt = at, RaisedBy = by.UserName, DueAt = at.AddDays(7) });
        db.CaseDecisions.Add(new CaseDecision { CaseId = caseId, Sequence = 90, At = at, Kind = DecisionKinds.ReviewCompleted, Rationale = "the rationale of the test", DecidedBy = by.UserName, DecidedByRole = Roles.Supervisor });
        db.ExhibitMovements.Add(new ExhibitMovement { CaseId = caseId, ExhibitId = exhibit.Id, MovedAt = at, RecordedAt = at, MovedBy = by.UserName, From = "scene", To = "store", Reason = "moved for the test", RecordedBy = by.UserName });
        db.ForensicSubmissions.Add(new ForensicSubmission { CaseId = caseId, ExhibitId = exhibit.Id, Laboratory = "the lab of the test", Examination = "toxicology", SubmittedAt = at, SubmittedBy = by.UserName });
        db.ExaminationResults.Add(new ExaminationResult { CaseId = caseId, Kind = "post-mortem", ReceivedAt = at, Summary = "the examination of the test", RecordedBy = by.UserName });
        db.CaseReviews.Add(new CaseReview { CaseId = caseId, Label = "test-review", DueAt = at, CompletedAt = at.AddHours(1), CompletedBy = by.UserName, Outcome = "the outcome of the test" });
        db.Set<FamilyFile>().Add(new FamilyFile { CaseId = caseId, IdentifiedAt = at, PlainStatus = "the status of the test", UpdatedAt = at });
        db.Set<FamilyContact>().Add(new FamilyContact { CaseId = caseId, At = at, Method = "visit", By = by.UserName, Summary = "the contact of the test", RecordedAt = at });
        db.Set<FamilyQuestion>().Add(new FamilyQuestion { CaseId = caseId, Text = "the question of the test", AskedAt = at, OwnerName = by.UserName, DueAt = at.AddDays(3) });
        db.Set<Disclosure>().Add(new Disclosure { CaseId = caseId, At = at, By = by.UserName, What = "told the family the test" });
        db.Set<FamilySubmission>().Add(new FamilySubmission { CaseId = caseId, FamilyAccountId = Guid.NewGuid(), SubmittedBy = "family", SubmittedAt = at, Text = "the submission of the test" });
        db.Set<FloDeployment>().Add(new FloDeployment { CaseId = caseId, OfficerUserId = by.Id, OfficerName = "FLO of the test", ContactDetails = "0000", DeployedAt = at });
        db.Set<FamilyTask>().Add(new FamilyTask { CaseId = caseId, Kind = "tell-the-family", Description = "the task of the test", CreatedAt = at, DueAt = at.AddDays(2) });
        db.Set<LinkCandidate>().Add(new LinkCandidate { NewerCaseId = caseId, EarlierCaseId = otherId, Probability = 0.9, Summary = "the candidate of the test", Explanation = "{}", RaisedAt = at });
        db.Set<LinkageOutboxRow>().Add(new LinkageOutboxRow { CaseId = caseId, FoundAt = at, EnqueuedAt = at, Attempts = 1 });
        var series = new LinkedSeries { Reference = "PANEL-SERIES", Summary = "the series of the test", CreatedAt = at, CreatedBy = by.UserName };
        series.Members.Add(new LinkedSeriesMember { CaseId = caseId, Probability = 0.9, Reasons = "the test", AddedAt = at, AddedBy = by.UserName });
        series.Members.Add(new LinkedSeriesMember { CaseId = otherId, Probability = 0.9, Reasons = "the test", AddedAt = at, AddedBy = by.UserName });
        db.Set<LinkedSeries>().Add(series);
        await db.SaveChangesAsync();
    });

    /// <summary>The presence read switched off for a request that asks (the page as it was before ADR 2461): the case
    /// read as the API reads it, nothing known about its panel tables or its people's other deaths.</summary>
    private sealed class AllReads(VigilDbContext db, IHttpContextAccessor http) : CasePanelRows(db)
    {
        public override Task<DeathCase?> LoadCaseAsync(CaseAccess access, Guid id, CancellationToken ct) =>
            http.HttpContext?.Request.Headers.ContainsKey(EveryRead) == true ? CaseApi.LoadAsync(access, id, ct) : base.LoadCaseAsync(access, id, ct);
    }
}

public sealed class CasePanelRowsTests_Sqlite() : CasePanelRowsTests(changes => new SqliteApp { ServiceChanges = changes });

public sealed class CasePanelRowsTests_Postgres() : CasePanelRowsTests(changes => new PostgresApp { ServiceChanges = changes });
