using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Enquiries;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Features.Enquiries.Exhibits;
using Vigil.Web.Hosting;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Shared;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>Round 65: closing a case or reopening it published nothing, so no FLO was asked to tell the family the
/// investigation had ended or started again, and the portal never said where it stood (ADRs 3359–3361).</summary>
public abstract class ClosureTellsTheFamilyTests(VigilAppFactory app)
{
    private const string Ended = "Tell the family the investigation has ended";
    private const string Again = "Tell the family the investigation has started again";

    [Fact]
    public async Task ClosingACase_RaisesOneTaskForTheFlo_AndThePortalSaysClosed_OnceTheFamilyIsTold_NeverWhy()
    {
        var f = await FamilyKit.CaseAsync(app);
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        var (otherFamily, _) = await FamilyKit.FamilySessionAsync(app, await FamilyKit.CaseAsync(app));
        var rationale = "RATIONALE-" + f.Marker;

        var closure = await CloseAsync(f, rationale);

        var task = Assert.Single(await TasksAsync(f.Case.Id));
        Assert.Equal((CaseEventKinds.Closed, $"{Ended}, and agree with them how liaison ends (their portal stays open until you withdraw it): The case was closed (D{closure.Sequence})."),
            (task.Kind, task.Description));
        Assert.Equal(TimeSpan.FromHours(24), task.DueAt - task.CreatedAt); // the task's usual deadline
        // The same closure published again (a second publisher, a retry) is still one task.
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Vigil.Data.VigilDbContext>();
            await sp.GetRequiredService<CaseEvents>().PublishAsync(db, CaseEvent.Closed(f.Case.Id, closure.Sequence, "test"), default);
            await db.SaveChangesAsync();
            return true;
        });
        Assert.Single(await TasksAsync(f.Case.Id));

        // On the FLO's dashboard and the family page, as a reclassification's task is.
        using var flo = await app.SignedInClientAsync(f.Flo);
        var row = Forms.Parse(await flo.GetStringAsync("/liaison")).QuerySelectorAll("table.liaison tbody tr").Single(r => r.TextContent.Contains(f.Case.Reference, StringComparison.Ordinal));
        Assert.Contains("1 \"tell the family\" task open", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(Ended, Forms.Parse(await flo.GetStringAsync($"/cases/{f.Case.Id}/family")).QuerySelector("#tasks")!.TextContent, StringComparison.Ordinal);

        // The FLO tells them first: until then the portal keeps the standing they were told.
        Assert.Equal("The investigation is open.", await StandingAsync(family));
        await TellAsync(flo, f, task.Id);
        Assert.Equal($"The investigation was closed on {await DayAsync(closure.At)}.", await StandingAsync(family));
        var portal = await family.GetStringAsync("/family");
        foreach (var secret in new[] { rationale, "OVERRIDE-" + f.Marker, $"D{closure.Sequence}", f.Case.Reference })
            Assert.DoesNotContain(secret, portal, StringComparison.Ordinal);
        // Another family reads their own case, never this one's closure.
        Assert.Equal("The investigation is open.", await StandingAsync(otherFamily));
        Assert.DoesNotContain(rationale, await otherFamily.GetStringAsync("/family"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReopeningOnThePage_RaisesOneTask_AndThePortalSaysReopened_AtTheTasksDueTimeIfNoOneToldThem()
    {
        var f = await FamilyKit.CaseAsync(app);
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        var closure = await CloseAsync(f, "Closed " + f.Marker);
        using var flo = await app.SignedInClientAsync(f.Flo);
        await TellAsync(flo, f, Assert.Single(await TasksAsync(f.Case.Id)).Id);

        var supervisor = await app.CreateUserAsync(Roles.Supervisor, f.Investigator.Team);
        using var web = await app.SignedInClientAsync(supervisor);
        var posted = await Forms.PostAsync(web, $"/cases/{f.Case.Id}/enquiry?handler=Classify",
            new() { ["__form"] = "decide", ["To"] = ClassificationCommands.Reopen, ["Rationale"] = "REOPENED-" + f.Marker }, $"/cases/{f.Case.Id}");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        var reopened = await LatestAsync(f.Case.Id, DecisionKinds.Reopened);
        var task = Assert.Single(await TasksAsync(f.Case.Id), t => t.DoneAt is null);
        Assert.Equal((CaseEventKinds.Reopened, $"{Again}: The case was reopened (D{reopened.Sequence})."), (task.Kind, task.Description));
        Assert.Equal($"The investigation was closed on {await DayAsync(closure.At)}.", await StandingAsync(family));
        // The force's own deadline passes with the family untold: the portal says it rather than keep it from them.
        await app.WithDbAsync(async db =>
        {
            (await db.FamilyTasks.SingleAsync(t => t.Id == task.Id)).DueAt = DateTime.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync();
        });
        Assert.Equal($"The investigation was reopened on {await DayAsync(reopened.At)} and is open.", await StandingAsync(family));
        Assert.DoesNotContain("REOPENED-" + f.Marker, await family.GetStringAsync("/family"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALateLaboratoryResult_ReopeningAClosedCase_RaisesTheTask()
    {
        var (c, _, exhibitId, ivy, sam, sue) = await WorkedButForTheLaboratoryAsync(app);
        await app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<LiaisonCommands>().AddMemberAsync(new FamilyMember { CaseId = c.Id, Name = "Sarah Test", Relationship = "sister" }, default);
            return true;
        });
        using var investigator = app.ApiClient(ivy);
        using (var supervisor = app.ApiClient(sam))
        using (var other = app.ApiClient(sue))
            Assert.Equal(HttpStatusCode.OK, (await ClassifySignedAsync(supervisor, other, c.Id,
                new ClassifyRequest(ClassificationCommands.Close, "File closed.", null, "The laboratory is weeks behind."))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await RecordLaboratoryResultAsync(app, investigator, c.Id, exhibitId, "A second person's DNA.")).StatusCode);

        var reopened = await LatestAsync(c.Id, DecisionKinds.Reopened);
        Assert.Equal([CaseEventKinds.Closed, CaseEventKinds.Reopened], (await TasksAsync(c.Id)).Select(t => t.Kind));
        Assert.EndsWith($": The case was reopened (D{reopened.Sequence}).", (await TasksAsync(c.Id))[^1].Description, StringComparison.Ordinal);
    }

    /// <summary>ADR 3356 reopens a closed case by a post-mortem or toxicology result too, through the same rule of late
    /// results: the family hears of that reopening as of any other (lead, at the merge of flow65 and family65).</summary>
    [Fact]
    public async Task ALateToxicologyResult_ReopeningAClosedCase_RaisesTheTask()
    {
        var f = await FamilyKit.CaseAsync(app);
        var closed = await CloseAsync(f, "File closed: overdose.");
        using var investigator = app.ApiClient(f.Investigator);
        Assert.Equal(HttpStatusCode.NoContent, (await investigator.PostAsJsonAsync($"/api/v1/cases/{f.Case.Id}/examinations",
            new ExaminationRequest("toxicology", "GHB 310 mg/L.", null), ApiJson.Client)).StatusCode);

        var reopened = await LatestAsync(f.Case.Id, DecisionKinds.Reopened);
        Assert.True(reopened.Sequence > closed.Sequence);
        Assert.Equal([CaseEventKinds.Closed, CaseEventKinds.Reopened], (await TasksAsync(f.Case.Id)).Select(t => t.Kind));
        Assert.EndsWith($": The case was reopened (D{reopened.Sequence}).", (await TasksAsync(f.Case.Id))[^1].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACaseWithNoFamily_ClosedAndReopened_RaisesNoTask()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var sue = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy);
        using var supervisor = app.ApiClient(sam);
        using var other = app.ApiClient(sue);
        Assert.Equal(HttpStatusCode.OK, (await ClassifySignedAsync(supervisor, other, c.Id, new ClassifyRequest(ClassificationCommands.Close, "Closed.", null, "Nothing further."))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ClassifyAsync(supervisor, c.Id, ClassificationCommands.Reopen)).StatusCode);
        Assert.Equal(2, (await DecisionsAsync(supervisor, c.Id)).Count(d => d.Kind is DecisionKinds.Closure or DecisionKinds.Reopened));
        Assert.Empty(await TasksAsync(c.Id));
    }

    /// <summary>Closed through the API by a supervisor, the gate's refusal (the case's mandatory actions are open) overridden
    /// and signed by a second supervisor (ADR 0505): the closure's entry in the decision log.</summary>
    private async Task<CaseDecision> CloseAsync(FamilyCase f, string rationale)
    {
        using var supervisor = app.ApiClient(await app.CreateUserAsync(Roles.Supervisor, f.Investigator.Team));
        using var other = app.ApiClient(await app.CreateUserAsync(Roles.Supervisor, f.Investigator.Team));
        Assert.Equal(HttpStatusCode.OK, (await ClassifySignedAsync(supervisor, other, f.Case.Id,
            new ClassifyRequest(ClassificationCommands.Close, rationale, null, "OVERRIDE-" + f.Marker))).StatusCode);
        return await LatestAsync(f.Case.Id, DecisionKinds.Closure);
    }

    private Task<CaseDecision> LatestAsync(Guid caseId, string kind) =>
        app.WithDbAsync(db => db.CaseDecisions.AsNoTracking().Where(d => d.CaseId == caseId && d.Kind == kind).OrderByDescending(d => d.Sequence).FirstAsync());

    private Task<List<FamilyTask>> TasksAsync(Guid caseId) =>
        app.WithDbAsync(db => db.FamilyTasks.AsNoTracking().Where(t => t.CaseId == caseId).OrderBy(t => t.CreatedAt).ToListAsync());

    private static async Task TellAsync(HttpClient flo, FamilyCase f, Guid taskId) =>
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(flo, $"/cases/{f.Case.Id}/family?handler=Task",
            new() { ["taskId"] = taskId.ToString(), ["outcome"] = "Told them at home; agreed to talk again after the inquest." }, $"/cases/{f.Case.Id}/family")).StatusCode);

    private static async Task<string> StandingAsync(HttpClient family) =>
        Forms.Parse(await family.GetStringAsync("/family")).QuerySelector("#investigation")!.TextContent.Trim();

    private Task<string> DayAsync(DateTime at) => app.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<ForceTime>().Day(at)));
}

[Collection(SqliteCollection.Name)]
public sealed class ClosureTellsTheFamilyTests_Sqlite(SqliteApp app) : ClosureTellsTheFamilyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ClosureTellsTheFamilyTests_Postgres(PostgresApp app) : ClosureTellsTheFamilyTests(app);
