using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Cases;
using Vigil.Data.Enquiries;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Shared;
using Vigil.Web.Tests.Features.Linkage;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>Round 66 (ADR 3365): a family found after the case was closed, reclassified or linked to a series was never
/// told of it (none was owed when it happened); and a reclassification or a series raised a task on any case while a
/// closure or a reopening raised one only where a family was known. One rule now: a task only where a family is known,
/// and one task, when the family becomes known, saying where the investigation stands.</summary>
public abstract class FamilyKnownLaterTests(VigilAppFactory app)
{
    [Fact]
    public async Task ACaseClosedBeforeItsFamilyIsKnown_RaisesOneTask_WhenTheFileIsMade_NoneForTheFirstMemberOrFlo_AndThePortalWaitsForIt()
    {
        var (c, ivy, flo) = await UnknownFamilyCaseAsync();
        var closure = await CloseAsync(c.Id, ivy);
        Assert.Empty(await TasksAsync(c.Id));

        using var web = await app.SignedInClientAsync(flo);
        await MakeFileAsync(web, c.Id);
        var task = Assert.Single(await TasksAsync(c.Id));
        Assert.Equal((FamilyNowKnown.Kind, $"{FamilyNowKnown.Title}: the case was closed (D{closure.Sequence})."), (task.Kind, task.Description));
        Assert.Equal(TimeSpan.FromHours(24), task.DueAt - task.CreatedAt);

        var member = await AddMemberAsync(web, c.Id, "Sarah Test");
        await AddMemberAsync(web, c.Id, "Tom Test");
        await DeployAsync(web, c.Id);
        Assert.Equal([task.Id], (await TasksAsync(c.Id)).Select(t => t.Id));
        Assert.Contains(FamilyNowKnown.Title, Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}/family")).QuerySelector("#tasks")!.TextContent, StringComparison.Ordinal);

        // As for a closure's own task (ADR 3360): the family hears it from their FLO before the portal says it.
        var (family, _) = await FamilyKit.FamilySessionAsync(app, new FamilyCase(c, ivy, flo, member, "M"));
        Assert.Equal("The investigation is open.", await StandingAsync(family));
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(web, $"/cases/{c.Id}/family?handler=Task",
            new() { ["taskId"] = task.Id.ToString(), ["outcome"] = "Told them at home." }, $"/cases/{c.Id}/family")).StatusCode);
        var day = await app.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<ForceTime>().Day(closure.At)));
        Assert.Equal($"The investigation was closed on {day}.", await StandingAsync(family));
    }

    [Fact]
    public async Task ACaseReclassifiedAndReopened_BeforeAnyFamily_RaisesOneTaskNamingBoth_WhenTheFirstFloIsDeployed()
    {
        var (c, ivy, flo) = await UnknownFamilyCaseAsync();
        await CloseAsync(c.Id, ivy);
        using (var supervisor = app.ApiClient(await app.CreateUserAsync(Roles.Supervisor, ivy.Team)))
            Assert.Equal(HttpStatusCode.OK, (await ClassifyAsync(supervisor, c.Id, ClassificationCommands.Reopen)).StatusCode);
        using (var api = app.ApiClient(ivy))
            Assert.Equal(HttpStatusCode.OK, (await PostSeenAsync(api, $"/api/v1/cases/{c.Id}/classification",
                new ClassifyRequest(CaseClassification.Homicide, "Third-party involvement established", null, null))).StatusCode);
        var reopened = await app.WithDbAsync(db => db.CaseDecisions.Where(d => d.CaseId == c.Id && d.Kind == DecisionKinds.Reopened).Select(d => d.Sequence).SingleAsync());
        Assert.Empty(await TasksAsync(c.Id));

        using var web = await app.SignedInClientAsync(flo);
        await DeployAsync(web, c.Id);
        await AddMemberAsync(web, c.Id, "Sarah Test");

        var task = Assert.Single(await TasksAsync(c.Id));
        Assert.Equal($"{FamilyNowKnown.Title}: the case was closed and has been reopened (D{reopened}); the death has been reclassified: it is now \"{CaseClassification.Describe(CaseClassification.Homicide)}\".",
            task.Description);
    }

    [Fact]
    public async Task ACaseWhoseStandingNeverChanged_RaisesNoTask_WhenItsFamilyIsKnown()
    {
        var (c, _, flo) = await UnknownFamilyCaseAsync();
        using var web = await app.SignedInClientAsync(flo);
        await MakeFileAsync(web, c.Id);
        await AddMemberAsync(web, c.Id, "Sarah Test");
        await DeployAsync(web, c.Id);
        Assert.Empty(await TasksAsync(c.Id));
    }

    /// <summary>The one rule, kind by kind: a reclassification, a closure and a reopening raise a task on the case whose
    /// family is known and none on the case with no family (before, the reclassification raised one on both).</summary>
    [Fact]
    public async Task EveryKind_RaisesATask_OnlyWhereTheFamilyIsKnown()
    {
        var known = await FamilyKit.CaseAsync(app);
        var (unknown, _, _) = await UnknownFamilyCaseAsync(known.Investigator);
        using var api = app.ApiClient(known.Investigator);
        using var supervisor = app.ApiClient(await app.CreateUserAsync(Roles.Supervisor, known.Investigator.Team));
        foreach (var id in new[] { known.Case.Id, unknown.Id })
        {
            Assert.Equal(HttpStatusCode.OK, (await PostSeenAsync(api, $"/api/v1/cases/{id}/classification",
                new ClassifyRequest(CaseClassification.Homicide, "Third-party involvement established", null, null))).StatusCode);
            await CloseAsync(id, known.Investigator);
            Assert.Equal(HttpStatusCode.OK, (await ClassifyAsync(supervisor, id, ClassificationCommands.Reopen)).StatusCode);
        }
        Assert.Equal([CaseEventKinds.ClassificationChanged, CaseEventKinds.Closed, CaseEventKinds.Reopened], (await TasksAsync(known.Case.Id)).Select(t => t.Kind));
        Assert.Empty(await TasksAsync(unknown.Id));
    }

    /// <summary>A series confirmed by the analyst (the real comparison and confirmation): no task on either death with no
    /// family (before, one on each); the first member recorded on one of them raises one naming the series.</summary>
    [Fact]
    public async Task ASeriesLink_RaisesNoTaskWithNoFamily_AndOneWhenTheFamilyIsKnown()
    {
        var (ivy, ann, _, first, second, row) = await LinkageClient.AlertedPairAsync(app, app);
        using var analyst = await app.SignedInClientAsync(ann);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(analyst, $"/linkage/candidates/{row.Id}",
            new() { ["Decision"] = "confirm", ["Reason"] = "Same finder, same wall, three weeks apart" })).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.TimelineEvents.AnyAsync(e => e.CaseId == first.Id && e.Kind == TimelineKinds.LinkedSeries)));
        Assert.Empty(await TasksAsync(first.Id));
        Assert.Empty(await TasksAsync(second.Id));

        using var web = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.FamilyLiaison, ivy.Team));
        await AddMemberAsync(web, first.Id, "Sarah Test");
        var task = Assert.Single(await TasksAsync(first.Id));
        Assert.Equal($"{FamilyNowKnown.Title}: the death is being looked at with other deaths.", task.Description);
        Assert.Empty(await TasksAsync(second.Id));
    }

    private async Task<(CaseResponse Case, TestUser Investigator, TestUser Flo)> UnknownFamilyCaseAsync(TestUser? investigator = null)
    {
        var ivy = investigator ?? await app.CreateUserAsync(Roles.Investigator, "fam-" + Guid.NewGuid().ToString("N")[..8]);
        var flo = await app.CreateUserAsync(Roles.FamilyLiaison, ivy.Team);
        return (await app.CreateCaseAsync(ivy, Samples.Record()), ivy, flo);
    }

    /// <summary>Closed through the API by a supervisor, the gate overridden and signed by a second one (ADR 0505).</summary>
    private async Task<CaseDecision> CloseAsync(Guid caseId, TestUser investigator)
    {
        using var supervisor = app.ApiClient(await app.CreateUserAsync(Roles.Supervisor, investigator.Team));
        using var other = app.ApiClient(await app.CreateUserAsync(Roles.Supervisor, investigator.Team));
        Assert.Equal(HttpStatusCode.OK, (await ClassifySignedAsync(supervisor, other, caseId,
            new ClassifyRequest(ClassificationCommands.Close, "File closed.", null, "Nothing further to do."))).StatusCode);
        return await app.WithDbAsync(db => db.CaseDecisions.AsNoTracking().Where(d => d.CaseId == caseId && d.Kind == DecisionKinds.Closure)
            .OrderByDescending(d => d.Sequence).FirstAsync());
    }

    private static async Task MakeFileAsync(HttpClient web, Guid caseId) =>
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(web, $"/cases/{caseId}/family?handler=File",
            new() { ["fileVersion"] = "0", ["plainStatus"] = "We are looking after your family." }, $"/cases/{caseId}/family")).StatusCode);

    private static async Task DeployAsync(HttpClient web, Guid caseId) =>
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(web, $"/cases/{caseId}/family?handler=Deploy",
            new() { ["officerName"] = "DC Flo", ["contactDetails"] = "07700 900001" }, $"/cases/{caseId}/family")).StatusCode);

    private async Task<Guid> AddMemberAsync(HttpClient web, Guid caseId, string name)
    {
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(web, $"/cases/{caseId}/family?handler=Member",
            new() { ["member.Name"] = name, ["member.Relationship"] = "sibling" }, $"/cases/{caseId}/family")).StatusCode);
        return await app.WithDbAsync(db => db.FamilyMembers.Where(m => m.CaseId == caseId && m.Name == name).Select(m => m.Id).SingleAsync());
    }

    private Task<List<FamilyTask>> TasksAsync(Guid caseId) =>
        app.WithDbAsync(db => db.FamilyTasks.AsNoTracking().Where(t => t.CaseId == caseId).OrderBy(t => t.CreatedAt).ToListAsync());

    private static async Task<string> StandingAsync(HttpClient family) =>
        Forms.Parse(await family.GetStringAsync("/family")).QuerySelector("#investigation")!.TextContent.Trim();
}

[Collection(SqliteCollection.Name)]
public sealed class FamilyKnownLaterTests_Sqlite(SqliteApp app) : FamilyKnownLaterTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FamilyKnownLaterTests_Postgres(PostgresApp app) : FamilyKnownLaterTests(app);
