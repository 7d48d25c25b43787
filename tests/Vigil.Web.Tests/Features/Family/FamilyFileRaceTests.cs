using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Web.Features.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>Round 55's leftovers on the family file (ADR 3256, 3257): a deployment, the next review and an invitation,
/// and round 57's, a task and an assessment (ADR 3279), each raced for real (or one step apart, where said). The later request is held by a <see cref="CommandPause"/> just after its last check has read the
/// row (no timing), the other goes through, then the later one goes on with what it read: only the database can still
/// tell. The loser is answered as a stale form and leaves nothing in the audit trail.</summary>
public abstract class FamilyFileRaceTests
{
    protected abstract VigilAppFactory NewApp(Action<IServiceCollection> services);

    private Task<(VigilAppFactory App, CommandPause Pause)> StartAsync(Func<string, bool> lastCheck) => CommandPause.AppAsync(NewApp, lastCheck);

    /// <summary>Before: "already deployed" was a read before the INSERT; the same officer pressing "Deploy me as FLO" in two
    /// tabs at once was deployed twice, and the family's portal listed her twice (walk31's bug, by a race).</summary>
    [Fact]
    public async Task AnOfficer_DeployedFromTwoTabsAtOnce_IsDeployedOnce_TheSecondFormRefusedAsStale()
    {
        // The "already deployed" check: the only statement that asks for this officer's active deployment.
        var (app, pause) = await StartAsync(sql => sql.Contains("flo_deployments", StringComparison.Ordinal) && sql.Contains("\"OfficerUserId\" = ", StringComparison.Ordinal));
        await using var _ = app;
        var f = await FamilyKit.CaseAsync(app);
        var kim = await app.CreateUserAsync(Roles.FamilyLiaison, f.Flo.Team);
        using var tabs = await FamilyFileRace.OpenAsync(app, f, kim, kim);

        var (won, lost) = await pause.RaceAsync(late: () => tabs.SecondPostsAsync("Deploy", new() { ["officerName"] = "DC Kim " + f.Marker, ["contactDetails"] = "07700 900222" }),
            first: () => tabs.FirstPostsAsync("Deploy", new() { ["officerName"] = "DC Kim " + f.Marker, ["contactDetails"] = "07700 900111" }));
        Assert.Equal(HttpStatusCode.Redirect, won.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lost.StatusCode);
        var summary = Forms.Parse(await lost.Content.ReadAsStringAsync()).QuerySelector("#details [data-error-summary]");
        Assert.Contains("Your deployment from another page was saved at the same moment", summary?.TextContent ?? "", StringComparison.Ordinal);
        await app.WithDbAsync(async db =>
        {
            var deployed = Assert.Single(await db.FloDeployments.Where(d => d.CaseId == f.Case.Id && d.OfficerUserId == kim.Id).ToListAsync());
            Assert.Equal("07700 900111", deployed.ContactDetails);
            // The audit trail: the first deployment, nothing of the second.
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.CaseId == f.Case.Id && e.EntityType == nameof(FloDeployment) && e.Action == "create"
                && e.Changes.Contains("DC Kim")));
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Changes.Contains("07700 900222")));
        });
    }

    /// <summary>Before: "Use this date" read the file, and lost to another officer's save of the details in the same
    /// milliseconds, its UPDATE matched no row: the officer was shown the error page instead of the family file.</summary>
    [Fact]
    public async Task TheNextReview_ChosenWhileAnotherOfficerSavesTheDetails_IsRefusedAsStale_OnTheFamilyFile()
    {
        var (app, pause) = await StartAsync(sql => sql.Contains("family_files", StringComparison.Ordinal));
        await using var _ = app;
        var f = await FamilyKit.CaseAsync(app);
        await app.WithScopeAsync(async sp => await sp.GetRequiredService<LiaisonCommands>().SaveFileAsync(f.Case.Id, null, null, "Liaison begun " + f.Marker, null, false, "flo", default));
        var review = await app.WithDbAsync(db => db.CaseReviews.Where(r => r.CaseId == f.Case.Id && r.CompletedAt == null).OrderBy(r => r.DueAt).FirstAsync());
        using var officers = await FamilyFileRace.OpenAsync(app, f);

        // The button is in the details form: the browser sends its fields as the page held them, with the review.
        var (won, lost) = await pause.RaceAsync(late: () => officers.SecondPostsAsync("File", new() { ["plainStatus"] = "Liaison begun " + f.Marker, ["reviewId"] = review.Id.ToString() }, handler: "NextReview"),
            first: () => officers.FirstPostsAsync("File", new() { ["plainStatus"] = "Post-mortem done " + f.Marker }));
        Assert.Equal(HttpStatusCode.Redirect, won.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lost.StatusCode);
        var shown = Forms.Parse(await lost.Content.ReadAsStringAsync());
        Assert.Contains("The liaison details have changed since you opened this page.", shown.QuerySelector("#details [data-error-summary]")?.TextContent ?? "", StringComparison.Ordinal);
        // Shown as they are now, as the refusal says: the other officer's status, not the page's old one.
        Assert.Equal("Post-mortem done " + f.Marker, shown.QuerySelector("#plainStatus")!.TextContent);
        await app.WithDbAsync(async db =>
        {
            var file = await db.FamilyFiles.SingleAsync(x => x.CaseId == f.Case.Id);
            Assert.Equal("Post-mortem done " + f.Marker, file.PlainStatus);
            Assert.Null(file.NextReviewAt);
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.CaseId == f.Case.Id && e.EntityType == nameof(FamilyFile) && e.Action == "update" && e.Changes.Contains("NextReviewAt")));
        });
    }

    /// <summary>Before: "Use this date" sent the details form's version but the handler did not read it: pressed on a page
    /// another officer's save of the details had overtaken (not in the same milliseconds), it set the date on the newer
    /// details, the officer never having seen them (round 56's leftover). Now it is the details' stale form (ADR 3271).</summary>
    [Fact]
    public async Task TheNextReview_ChosenOnAPageAnotherOfficerHasSavedSince_IsRefusedAsStale_AndShowsTheDetailsAsStored()
    {
        var (app, _) = await StartAsync(_ => false);
        await using var __ = app;
        var f = await FamilyKit.CaseAsync(app);
        await app.WithScopeAsync(async sp => await sp.GetRequiredService<LiaisonCommands>().SaveFileAsync(f.Case.Id, null, null, "Liaison begun " + f.Marker, null, false, "flo", default));
        var review = await app.WithDbAsync(db => db.CaseReviews.Where(r => r.CaseId == f.Case.Id && r.CompletedAt == null).OrderBy(r => r.DueAt).FirstAsync());
        using var officers = await FamilyFileRace.OpenAsync(app, f);

        Assert.Equal(HttpStatusCode.Redirect, (await officers.FirstPostsAsync("File", new() { ["plainStatus"] = "Post-mortem done " + f.Marker })).StatusCode);
        var late = await officers.SecondPostsAsync("File", new() { ["plainStatus"] = "Liaison begun " + f.Marker, ["reviewId"] = review.Id.ToString() }, handler: "NextReview");

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var shown = Forms.Parse(await late.Content.ReadAsStringAsync());
        Assert.Contains("The liaison details have changed since you opened this page.", shown.QuerySelector("#details [data-error-summary]")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Equal("Post-mortem done " + f.Marker, shown.QuerySelector("#plainStatus")!.TextContent);
        await app.WithDbAsync(async db =>
        {
            Assert.Null((await db.FamilyFiles.SingleAsync(x => x.CaseId == f.Case.Id)).NextReviewAt);
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.CaseId == f.Case.Id && e.EntityType == nameof(FamilyFile) && e.Action == "update" && e.Changes.Contains("NextReviewAt")));
        });
    }

    /// <summary>review59: "Use this date" pressed on a review done since the page offered it is the details form's stale
    /// form (ADR 3296), as the details overtaken are: 409, the page as stored. Before: 422, a field's error, where every
    /// other form the store's state overtook answers 409 (ADRs 3272, 3279).</summary>
    [Fact]
    public async Task TheNextReview_ChosenFromAReviewDoneSinceThePageOpened_IsRefusedAsStale()
    {
        var (app, _) = await StartAsync(_ => false);
        await using var __ = app;
        var f = await FamilyKit.CaseAsync(app);
        var review = await app.WithDbAsync(db => db.CaseReviews.Where(r => r.CaseId == f.Case.Id && r.CompletedAt == null).OrderBy(r => r.DueAt).FirstAsync());
        using var officers = await FamilyFileRace.OpenAsync(app, f);
        await app.WithDbAsync(db => db.CaseReviews.Where(r => r.Id == review.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.CompletedAt, DateTime.UtcNow)));

        var late = await officers.SecondPostsAsync("File", new() { ["reviewId"] = review.Id.ToString() }, handler: "NextReview");

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("That review is no longer scheduled", Forms.Parse(await late.Content.ReadAsStringAsync()).QuerySelector("#details [data-error-summary]")?.TextContent ?? "",
            StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync(db => db.FamilyFiles.Where(x => x.CaseId == f.Case.Id).Select(x => x.NextReviewAt).FirstOrDefaultAsync()));
    }

    /// <summary>Before: the acceptance had read "neither used nor revoked" and saved after the FLO's revocation landed: the
    /// family member had an account from an invitation the FLO had just withdrawn, and the FLO was told it was revoked.</summary>
    [Fact]
    public async Task AnInvitation_RevokedWhileItIsAccepted_LeavesNoAccount_AndTheFamilyMemberIsToldItWasWithdrawn()
    {
        // The acceptance's last check: no account for this member yet.
        var (app, pause) = await StartAsync(sql => sql.Contains("family_accounts", StringComparison.Ordinal) && sql.Contains("\"FamilyMemberId\" = ", StringComparison.Ordinal));
        await using var _ = app;
        var (f, token, flo, revoke) = await InvitedAsync(app);
        using var floBrowser = flo;
        using var family = FamilyKit.Browser(app);

        var (revoked, accepted) = await pause.RaceAsync(late: () => FamilyKit.AcceptAsync(family, token, "sarah-" + f.Marker),
            first: revoke);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        // A lost write is a conflict, on this page as on every other (ADR 3272); the page still says why.
        Assert.Equal(HttpStatusCode.Conflict, accepted.StatusCode);
        var said = Forms.Parse(await accepted.Content.ReadAsStringAsync()).QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("your family liaison officer has withdrawn it, and no account was set up", said, StringComparison.Ordinal);
        await app.WithDbAsync(async db =>
        {
            Assert.False(await db.FamilyAccounts.AnyAsync(a => a.FamilyMemberId == f.MemberId));
            var invitation = await db.FamilyInvitations.SingleAsync(i => i.FamilyMemberId == f.MemberId);
            Assert.NotNull(invitation.RevokedAt);
            Assert.Null(invitation.UsedAt);
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.CaseId == f.Case.Id && e.EntityType == nameof(FamilyAccount)));
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.CaseId == f.Case.Id && e.EntityType == nameof(FamilyInvitation) && e.Action == "update" && e.Changes.Contains("UsedAt")));
        });
    }

    /// <summary>Before: the revocation had read "neither used nor revoked" and saved after the acceptance: the invitation was
    /// both used and revoked, the account stood, and the FLO was told "Invitation revoked."</summary>
    [Fact]
    public async Task AnInvitation_AcceptedWhileItIsRevoked_IsUsed_AndTheRevocationIsRefusedAsStale()
    {
        // The revocation's check: its read of the invitation (by its id).
        var (app, pause) = await StartAsync(sql => sql.Contains("family_invitations", StringComparison.Ordinal) && sql.Contains("\"Id\" = ", StringComparison.Ordinal));
        await using var _ = app;
        var (f, token, flo, revoke) = await InvitedAsync(app);
        using var floBrowser = flo;
        using var family = FamilyKit.Browser(app);

        var (accepted, revoked) = await pause.RaceAsync(late: revoke,
            first: () => FamilyKit.AcceptAsync(family, token, "sarah-" + f.Marker));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, revoked.StatusCode);
        var row = Forms.Parse(await revoked.Content.ReadAsStringAsync()).QuerySelector("#members [data-error-summary]")?.TextContent ?? "";
        Assert.Contains("The invitation was used before it could be revoked.", row, StringComparison.Ordinal);
        await app.WithDbAsync(async db =>
        {
            Assert.True(await db.FamilyAccounts.AnyAsync(a => a.FamilyMemberId == f.MemberId && a.DisabledAt == null));
            var invitation = await db.FamilyInvitations.SingleAsync(i => i.FamilyMemberId == f.MemberId);
            Assert.NotNull(invitation.UsedAt);
            Assert.Null(invitation.RevokedAt);
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.CaseId == f.Case.Id && e.EntityType == nameof(FamilyInvitation) && e.Action == "update" && e.Changes.Contains("RevokedAt")));
        });
    }

    /// <summary>Before: the officer whose completion lost to another's in the same milliseconds was answered 422, and the
    /// page said nothing where the task was (its form gone, the task done) nor what she had written (round 57's leftover).
    /// Now it is the family file's stale form: 409, the task as done, why, and what she wrote (ADR 3278).</summary>
    [Fact]
    public async Task ATask_CompletedByTwoOfficersAtOnce_IsDoneOnce_TheSecondRefusedAsAConflict_WithWhatItSaid()
    {
        // The completion's read of the task, by its id (the page reads the case's tasks by the case).
        var (app, pause) = await StartAsync(sql => sql.Contains("family_tasks", StringComparison.Ordinal) && sql.Contains("\"Id\" = @", StringComparison.Ordinal));
        await using var _ = app;
        var f = await FamilyKit.CaseAsync(app);
        var task = await app.WithDbAsync(async db =>
        {
            var t = new FamilyTask { CaseId = f.Case.Id, Kind = "classification-changed", Description = "Tell the family the category changed", CreatedAt = DateTime.UtcNow, DueAt = DateTime.UtcNow.AddDays(1) };
            db.FamilyTasks.Add(t);
            await db.SaveChangesAsync();
            return t.Id;
        });
        using var officers = await FamilyFileRace.OpenAsync(app, f);
        var typed = "Told Sarah by phone " + f.Marker;

        var (won, lost) = await pause.RaceAsync(late: () => officers.SecondPostsAsync("Task", new() { ["outcome"] = typed }),
            first: () => officers.FirstPostsAsync("Task", new() { ["outcome"] = "Told the family at home " + f.Marker }));
        Assert.Equal(HttpStatusCode.Redirect, won.StatusCode);
        await FamilyFileRace.AssertOvertakenAsync(lost, "#tasks", "This task has been completed since you opened this page.", "Told the family at home " + f.Marker, typed);
        await app.WithDbAsync(async db =>
        {
            var done = await db.FamilyTasks.SingleAsync(t => t.Id == task);
            Assert.Equal((f.Flo.UserName, "Told the family at home " + f.Marker), (done.DoneBy, done.Outcome));
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Changes.Contains(typed)));
        });
    }

    /// <summary>The same, one step apart: the family's information assessed by another officer after this page was opened.
    /// Before: 422, and nothing said where the submission was (its form gone) nor what was written (ADR 3278).</summary>
    [Fact]
    public async Task FamilyInformation_AssessedByAnotherOfficerSinceThePageOpened_IsRefusedAsAConflict_WithWhatWasWritten()
    {
        var (app, _) = await StartAsync(_ => false);
        await using var __ = app;
        var f = await FamilyKit.CaseAsync(app);
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        using (family) Assert.Equal(HttpStatusCode.Redirect, (await PortalFlowTests.SubmitAsync(family, "He was with a man called Joe " + f.Marker)).StatusCode);
        using var officers = await FamilyFileRace.OpenAsync(app, f);
        var typed = "Filed with the statements " + f.Marker;

        Assert.Equal(HttpStatusCode.Redirect, (await officers.FirstPostsAsync("Assess", new() { ["outcome"] = "Passed to the investigator " + f.Marker })).StatusCode);
        var late = await officers.SecondPostsAsync("Assess", new() { ["outcome"] = typed });

        await FamilyFileRace.AssertOvertakenAsync(late, "#submissions", "This information has been assessed since you opened this page.", "Passed to the investigator " + f.Marker, typed);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal("Passed to the investigator " + f.Marker, (await db.FamilySubmissions.SingleAsync(s => s.CaseId == f.Case.Id)).Outcome);
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Changes.Contains(typed)));
        });
    }

    /// <summary>A family member invited, and the FLO with the family file open: her revocation as her page holds it.</summary>
    private static async Task<(FamilyCase Case, string Token, HttpClient Flo, Func<Task<HttpResponseMessage>> Revoke)> InvitedAsync(VigilAppFactory app)
    {
        var f = await FamilyKit.CaseAsync(app);
        var token = await FamilyKit.InviteAsync(app, f);
        var flo = await app.SignedInClientAsync(f.Flo);
        var page = $"/cases/{f.Case.Id}/family";
        var opened = await flo.GetStringAsync(page);
        return (f, token, flo, () => Forms.PostHeldAsync(flo, page, opened, "Revoke", new()));
    }
}

public sealed class FamilyFileRaceTests_Sqlite : FamilyFileRaceTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new SqliteApp { ServiceChanges = services };
}

public sealed class FamilyFileRaceTests_Postgres : FamilyFileRaceTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new PostgresApp { ServiceChanges = services };
}
