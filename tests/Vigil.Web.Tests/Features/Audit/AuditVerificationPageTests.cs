using System.Net;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Audit;
using Vigil.Data.Identity;
using Vigil.Web.Features.Audit.Verification;
using Vigil.Web.Tests.Features.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Audit;

/// <summary>The reviewer's page that verifies the audit trail (ADR 3221; round 51's walk-through, finding 14).</summary>
public abstract class AuditVerificationPageTests(VigilAppFactory app)
{
    internal const string Page = "/audit/verification";

    /// <summary>Presses the button as <paramref name="client"/> and waits for the run it started or joined to finish.</summary>
    internal static async Task<AuditVerificationRun> VerifyAsync(VigilAppFactory app, HttpClient client)
    {
        var pressed = await Forms.PostAsync(client, Page, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, pressed.StatusCode);
        AuditVerificationRun? run = null;
        await Eventually.HoldsAsync(async () =>
        {
            run = await app.WithDbAsync(db => db.Set<AuditVerificationRun>().AsNoTracking().OrderByDescending(r => r.StartedAt).FirstAsync());
            return !run.IsRunning;
        }, TimeSpan.FromSeconds(60), "the verification's end");
        return run!;
    }

    [Fact]
    public async Task AReviewer_VerifiesTheTrail_AndThePageSaysIntact_InWords()
    {
        await app.CreateCaseAsync(await app.CreateUserAsync(Roles.Investigator));
        var reviewer = await app.CreateUserAsync(Roles.Reviewer);
        var name = await app.NameAsync(reviewer, "Helen Verifies");
        using var client = await app.SignedInClientAsync(reviewer);
        Assert.Contains($"href=\"{Page}\"", await client.GetStringAsync("/reviews"), StringComparison.Ordinal);

        var run = await VerifyAsync(app, client);
        Assert.Equal(AuditVerificationRun.Outcomes.Intact, run.Outcome);
        Assert.Equal(reviewer.UserName, run.StartedBy);
        Assert.True(run.Checked >= run.Total && run.Total > 0, $"{run.Checked} of {run.Total}");
        var page = Forms.Parse(await client.GetStringAsync(Page));
        Assert.StartsWith("Intact.", page.QuerySelector("#verdict")!.TextContent.Trim(), StringComparison.Ordinal);
        var facts = page.QuerySelector("#verification-result dl")!.TextContent;
        Assert.Contains("Entrieschecked" + run.Checked.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en-GB")), Squeeze(facts), StringComparison.Ordinal);
        Assert.Contains(run.HeadHash!, facts, StringComparison.Ordinal);
        Assert.Contains("First entry", facts, StringComparison.Ordinal);
        Assert.StartsWith("passed", page.QuerySelector("#key-check")!.TextContent, StringComparison.Ordinal);
        // walk53 finding 14: "Run by reviewer", a login; the name, the login in the title.
        var runBy = page.QuerySelector("#verification-run span[title]")!;
        Assert.Equal((name, reviewer.UserName), (runBy.TextContent, runBy.GetAttribute("title")));
        Assert.StartsWith($"Run by {name},", page.QuerySelector("#verification-run")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartingAndViewing_AreAuditEvents_AndTheResultIsChainedToo()
    {
        var reviewer = await app.CreateUserAsync(Roles.Reviewer);
        using var client = await app.SignedInClientAsync(reviewer);
        var run = await VerifyAsync(app, client);
        await client.GetStringAsync(Page);
        var events = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == AuditVerificationRuns.EntityType && e.EntityId == run.Id.ToString()).ToListAsync());
        Assert.Contains(events, e => e.Action == "start" && e.Actor.EndsWith(":" + reviewer.UserName, StringComparison.Ordinal));
        Assert.Contains(events, e => e.Action == "verified" && e.Actor == AuditVerificationRunner.Actor && e.Changes.Contains("\"intact\"", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Action == "view" && e.Actor.EndsWith(":" + reviewer.UserName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnInvestigatorOrFlo_CanNeitherStartNorSeeIt()
    {
        var before = await RunsAsync();
        foreach (var role in new[] { Roles.Investigator, Roles.FamilyLiaison, Roles.Supervisor, Roles.Analyst })
        {
            using var client = await app.SignedInClientAsync(await app.CreateUserAsync(role));
            var view = await client.GetAsync(Page);
            Assert.Equal(HttpStatusCode.Redirect, view.StatusCode);
            Assert.Contains("/denied", view.Headers.Location!.OriginalString, StringComparison.Ordinal);
            // A well-formed press of the button (a real antiforgery token from a page the role may open) is refused too.
            var press = await Forms.PostAsync(client, Page, new Dictionary<string, string>(), getUrl: "/account/password");
            Assert.Equal(HttpStatusCode.Redirect, press.StatusCode);
            Assert.Contains("/denied", press.Headers.Location!.OriginalString, StringComparison.Ordinal);
            var progress = await client.GetAsync($"{Page}?handler=Progress&run={Guid.NewGuid()}");
            Assert.Contains("/denied", progress.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain($"href=\"{Page}\"", await client.GetStringAsync("/notifications"), StringComparison.Ordinal);
        }
        Assert.Equal(before, await RunsAsync());
    }

    [Fact]
    public async Task AFamilyMember_CannotSeeIt()
    {
        var family = await FamilyKit.CaseAsync(app);
        var (portal, _) = await FamilyKit.FamilySessionAsync(app, family);
        // A family member on a staff page is told it is not part of her updates (ADR 3238), and shown nothing of it.
        var view = await portal.GetAsync(Page);
        Assert.Equal(HttpStatusCode.NotFound, view.StatusCode);
        var body = await view.Content.ReadAsStringAsync();
        Assert.Contains("not part of your family updates", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Verify the audit trail", body, StringComparison.Ordinal);
    }

    /// <summary>One run at a time across the nodes: a reviewer pressing while one runs joins it; a run whose node stopped
    /// beating no longer holds the turn.</summary>
    [Fact]
    public async Task ASecondStart_WhileOneRuns_JoinsIt_AndAStaleRunHoldsNothing()
    {
        var (first, started) = await StartAsync("reviewer-a");
        var (second, startedAgain) = await StartAsync("reviewer-b");
        Assert.True(started);
        Assert.False(startedAgain);
        Assert.Equal(first.Id, second.Id);
        await app.WithDbAsync(db => db.Set<AuditVerificationRun>().Where(r => r.Id == first.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.HeartbeatAt, DateTime.UtcNow - AuditVerificationRun.StaleAfter - TimeSpan.FromSeconds(1))));
        var (third, startedThird) = await StartAsync("reviewer-c");
        Assert.True(startedThird);
        Assert.NotEqual(first.Id, third.Id);
        var joins = await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == AuditVerificationRuns.EntityType && e.Action == "join" && e.EntityId == first.Id.ToString()));
        Assert.Equal(1, joins);
        // Finish them as their node would, so later tests in this store start runs of their own.
        await app.WithDbAsync(db => db.Set<AuditVerificationRun>().Where(r => r.Outcome == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Outcome, AuditVerificationRun.Outcomes.Failed).SetProperty(r => r.FinishedAt, DateTime.UtcNow)));
    }

    /// <summary>Retention (ADR 3231): a finishing run keeps the newest hundred ended runs, itself among them, and every
    /// run that found a problem however old; a run that only failed, or whose node went away, goes with the rest.</summary>
    [Fact]
    public async Task AFinishingRun_KeepsTheNewestHundred_AndEveryRunThatFoundAProblem()
    {
        var now = DateTime.UtcNow;
        var staleBefore = now - AuditVerificationRun.StaleAfter;
        // Earlier tests' runs in this store are all newer than the seeded ones, so they (and the new run) rank first.
        var endedBefore = await app.WithDbAsync(db => db.Set<AuditVerificationRun>().CountAsync(r => r.Outcome != null || r.HeartbeatAt <= staleBefore));
        var keptIntact = AuditVerificationRetention.Keep - endedBefore - 1;
        Assert.True(keptIntact > 10, $"{endedBefore} runs already in the store");
        var seeded = Enumerable.Range(0, keptIntact + 20).Select(i => Seeded(now.AddDays(-30).AddMinutes(-i), (i - keptIntact) switch
        {
            2 => AuditVerificationRun.Outcomes.Broken,
            5 => AuditVerificationRun.Outcomes.KeyProblem,
            8 => null, // its node went away mid-run
            11 => AuditVerificationRun.Outcomes.Failed,
            _ => AuditVerificationRun.Outcomes.Intact,
        })).ToList();
        await app.WithDbAsync(db => { db.Set<AuditVerificationRun>().AddRange(seeded); return db.SaveChangesAsync(); });

        using var client = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));
        var run = await VerifyAsync(app, client);

        var expected = seeded.Where((r, i) => i < keptIntact || r.Outcome is AuditVerificationRun.Outcomes.Broken or AuditVerificationRun.Outcomes.KeyProblem)
            .Select(r => r.Id).Order().ToList();
        var left = await app.WithDbAsync(db => db.Set<AuditVerificationRun>().AsNoTracking().Where(r => r.StartedBy == "seeded").Select(r => r.Id).ToListAsync());
        Assert.Equal(expected, left.Order().ToList());
        Assert.True(await app.WithDbAsync(db => db.Set<AuditVerificationRun>().AnyAsync(r => r.Id == run.Id && r.Outcome == AuditVerificationRun.Outcomes.Intact)));
        var verified = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .SingleAsync(e => e.EntityType == AuditVerificationRuns.EntityType && e.EntityId == run.Id.ToString() && e.Action == "verified"));
        Assert.Contains($"\"runs_pruned\":{seeded.Count - expected.Count}", verified.Changes, StringComparison.Ordinal);
    }

    private static AuditVerificationRun Seeded(DateTime at, string? outcome) => new()
    {
        StartedBy = "seeded", Node = "seeded", StartedAt = at, HeartbeatAt = at.AddSeconds(5), Total = 10, Checked = 10,
        Outcome = outcome, FinishedAt = outcome is null ? null : at.AddSeconds(5),
    };

    private Task<(AuditVerificationRun Run, bool Started)> StartAsync(string by) =>
        app.WithScopeAsync(sp => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<AuditVerificationRuns>(sp).StartAsync(by, "test-node", default));

    private Task<int> RunsAsync() => app.WithDbAsync(db => db.Set<AuditVerificationRun>().CountAsync());

    private static string Squeeze(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", "");
}

[Collection(SqliteCollection.Name)]
public sealed class AuditVerificationPageTests_Sqlite(SqliteApp app) : AuditVerificationPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AuditVerificationPageTests_Postgres(PostgresApp app) : AuditVerificationPageTests(app);

/// <summary>A store changed behind the application's back (the append-only triggers dropped, as an insider with rights
/// over the schema could): the page names the entry, as `vigil audit verify` does. Each test has its own store.</summary>
public abstract class AuditVerificationPageTamperTests
{
    protected abstract VigilAppFactory NewApp();

    [Fact]
    public async Task AnAuditRowChangedInTheDatabase_IsReportedBroken_AtThatEntry()
    {
        await using var app = NewApp();
        await app.InitializeAsync();
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        for (var i = 0; i < 3; i++) await app.CreateCaseAsync(ivy);
        await app.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync(AppendOnly.DropTriggersSql(app.Provider, "audit_entries"));
            await db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET \"Actor\" = 'nobody' WHERE \"Sequence\" = 5");
        });
        using var client = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));

        var run = await AuditVerificationPageTests.VerifyAsync(app, client);

        Assert.Equal(AuditVerificationRun.Outcomes.Broken, run.Outcome);
        Assert.Equal(5, run.ProblemSequence);
        Assert.Equal(4, run.Checked);
        var verdict = Forms.Parse(await client.GetStringAsync(AuditVerificationPageTests.Page)).QuerySelector("#verdict")!.TextContent;
        Assert.Contains("Broken at entry #5 (altered).", verdict, StringComparison.Ordinal);
        Assert.Contains("was altered: its content does not match its hash under the audit key", verdict, StringComparison.Ordinal);
    }
}

public sealed class AuditVerificationPageTamperTests_Sqlite : AuditVerificationPageTamperTests
{
    protected override VigilAppFactory NewApp() => new SqliteApp();
}

public sealed class AuditVerificationPageTamperTests_Postgres : AuditVerificationPageTamperTests
{
    protected override VigilAppFactory NewApp() => new PostgresApp();
}
