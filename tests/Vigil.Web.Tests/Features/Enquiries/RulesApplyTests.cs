using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Audit;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Features.Enquiries.Rules;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>`vigil rules apply` (ADR 3147): an open case saved before a rule existed gets the rule's action, once; a
/// closed case is left alone; an action an officer has dealt with is never raised again; the audit chain holds.</summary>
public abstract class RulesApplyTests(VigilAppFactory app)
{
    /// <summary>The rule the cases here were saved without: "trace, interview, eliminate" the person last seen with.</summary>
    private const string NewRule = "tie-last-seen";

    private sealed record Team(TestUser Investigator, TestUser Supervisor, TestUser SecondSupervisor);

    private async Task<Team> TeamAsync()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        return new Team(ivy, await app.CreateUserAsync(Roles.Supervisor, ivy.Team), await app.CreateUserAsync(Roles.Supervisor, ivy.Team));
    }

    /// <summary>A case created as a Vigil without <see cref="NewRule"/> saved it: the save pipeline as the app builds
    /// it, its rules hook running the built-in rules less that one.</summary>
    private Task<Guid> SavedBeforeTheRuleAsync(Team t) => app.WithScopeAsync(async sp =>
    {
        var builtIn = EnquiryRuleSet.BuiltIn();
        var older = new EnquiryRuleEngine(builtIn with { Rules = [.. builtIn.Rules.Where(r => r.Id != NewRule)] });
        var clock = sp.GetRequiredService<TimeProvider>();
        var hooks = sp.GetServices<ICaseChangeHook>()
            .Select(h => h is EnquiryRulesHook ? new EnquiryRulesHook(older, sp.GetRequiredService<IOptions<EnquiryOptions>>(), clock) : h);
        var db = sp.GetRequiredService<VigilDbContext>();
        var pipeline = new CaseSavePipeline(db, clock, hooks, sp.GetServices<ICaseChangeGate>());
        return (await new CaseCommands(db, pipeline).CreateAsync(PortLike(), t.Investigator.TeamId, default)).Id;
    });

    private Task<RulesApplySummary> ApplyAsync(Team t) =>
        app.Services.GetRequiredService<RulesApply>().RunAsync(new RulesApplyScope(t.Investigator.TeamId), dryRun: false, null, default);

    private Task<List<Vigil.Data.Enquiries.CaseAction>> ActionsOfAsync(Guid caseId) =>
        app.WithDbAsync(db => db.CaseActions.AsNoTracking().Where(a => a.CaseId == caseId).OrderBy(a => a.Number).ToListAsync());

    private Task<int> VersionOfAsync(Guid caseId) => app.WithDbAsync(db => db.Cases.Where(c => c.Id == caseId).Select(c => c.Version).SingleAsync());

    [Fact]
    public async Task OpenCaseSavedBeforeARule_GetsItsAction_AuditedAsTheSystem_AndASecondRunAddsNone()
    {
        var t = await TeamAsync();
        var id = await SavedBeforeTheRuleAsync(t);
        var before = await ActionsOfAsync(id);
        Assert.DoesNotContain(before, a => a.Source == NewRule);
        var version = await VersionOfAsync(id);
        var outbox = await app.WithDbAsync(db => db.Set<Vigil.Data.Linkage.LinkageOutboxRow>().CountAsync(r => r.CaseId == id));

        var first = await ApplyAsync(t);
        Assert.Equal((1, 1, 1), (first.Examined, first.Changed, first.Added));
        Assert.Equal(1, first.AddedByRule[NewRule]);
        var added = Assert.Single(await ActionsOfAsync(id), a => a.Source == NewRule);
        Assert.Equal((before.Max(a => a.Number) + 1, true, $"{EnquiryRulesHook.RaisedBy} v{EnquiryRuleSet.BuiltIn().Version}"), (added.Number, added.Mandatory, added.RaisedBy));
        Assert.Equal(version + 1, await VersionOfAsync(id));
        // The facts did not change: the death is not queued to be compared again.
        Assert.Equal(outbox, await app.WithDbAsync(db => db.Set<Vigil.Data.Linkage.LinkageOutboxRow>().CountAsync(r => r.CaseId == id)));
        var entry = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.EntityType == "CaseAction" && e.EntityId == added.Id.ToString()));
        Assert.Equal((RulesApply.Actor, "create"), (entry.Actor, entry.Action));

        var second = await ApplyAsync(t);
        Assert.Equal((1, 0, 0), (second.Examined, second.Changed, second.Added));
        Assert.Equal(before.Count + 1, (await ActionsOfAsync(id)).Count);
        var verification = await app.WithScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync(null, default));
        Assert.True(verification.Intact, verification.FirstProblem?.ToString());
    }

    /// <summary>The run gives each case it adds to a new version: an officer's edit read before the run and saved after
    /// it is refused as stale, never saved over a case whose actions it did not see.</summary>
    [Fact]
    public async Task EditReadBeforeTheRun_AndSavedAfterIt_IsRefusedAsStale()
    {
        var t = await TeamAsync();
        var id = await SavedBeforeTheRuleAsync(t);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var open = await db.Cases.Include(c => c.People).Include(c => c.Toxicology).Include(c => c.Exhibits).SingleAsync(c => c.Id == id);

        Assert.Equal(1, (await ApplyAsync(t)).Changed);
        var edit = await scope.ServiceProvider.GetRequiredService<CaseCommands>()
            .UpdateAsync(open, PortLike() with { Narrative = "Edited by an officer who had the case open." }, open.Version, default);
        Assert.Equal(CaseCommands.Stale, edit);
        Assert.Single(await ActionsOfAsync(id), a => a.Source == NewRule);
    }

    [Fact]
    public async Task ClosedCase_IsNotTouched_AndIsReportedSkipped()
    {
        var t = await TeamAsync();
        var id = await SavedBeforeTheRuleAsync(t);
        using (var supervisor = app.ApiClient(t.Supervisor))
        using (var second = app.ApiClient(t.SecondSupervisor))
            Assert.Equal(HttpStatusCode.OK, (await ClassifySignedAsync(supervisor, second, id,
                new ClassifyRequest(ClassificationCommands.Close, "Reviewed with the SIO", null, "Signed off by the duty supervisor"))).StatusCode);
        var actions = (await ActionsOfAsync(id)).Count;
        var version = await VersionOfAsync(id);

        var summary = await ApplyAsync(t);
        Assert.Equal((1, 0, 0), (summary.Examined, summary.Changed, summary.Added));
        var skipped = Assert.Single(summary.SkippedFor);
        Assert.Equal((ClosedCaseGate.Reason, 1, 1), (skipped.Key, skipped.Value.Cases, skipped.Value.Actions));
        Assert.Equal(0, summary.Failed);
        Assert.Equal((actions, version), ((await ActionsOfAsync(id)).Count, await VersionOfAsync(id)));
    }

    [Fact]
    public async Task ActionsAnOfficerMarkedNotPursuedOrClosed_AreNotRaisedAgain_OnlyTheMissingOneIs()
    {
        var t = await TeamAsync();
        var id = await SavedBeforeTheRuleAsync(t);
        using var investigator = app.ApiClient(t.Investigator);
        using var supervisor = app.ApiClient(t.Supervisor);
        var raised = await ActionsAsync(investigator, id);
        var finder = raised.Single(a => a.Source == "finder-statement");
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(supervisor, id, finder.Number, "not-pursue", text: "The finder is the deceased's own doctor; statement taken elsewhere")).StatusCode);
        var handwriting = raised.Single(a => a.Source == "note-handwriting");
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(investigator, id, handwriting.Number, "allocate", t.Investigator.UserName)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(investigator, id, handwriting.Number, "submit-result", text: "done")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(supervisor, id, handwriting.Number, "review", text: "accepted")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(investigator, id, handwriting.Number, "close")).StatusCode);

        var summary = await ApplyAsync(t);
        Assert.Equal((1, 1), (summary.Changed, summary.Added));
        var after = await ActionsOfAsync(id);
        Assert.Equal(raised.Count + 1, after.Count);
        Assert.Equal([NewRule], after.Select(a => a.Source).Except(raised.Select(a => a.Source)));
        Assert.Equal(after.Count, after.Select(a => a.TriggerKey).Distinct().Count());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RulesApplyTests_Sqlite(SqliteApp app) : RulesApplyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class RulesApplyTests_Postgres(PostgresApp app) : RulesApplyTests(app);
