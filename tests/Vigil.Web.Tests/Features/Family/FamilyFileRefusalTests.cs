using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Family.Portal;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>Two of review59's leftovers on the family file, decided by review60: what a stale details form gives back
/// (ADR 3305), and how an id the case does not hold is refused (ADR 3306).</summary>
public abstract class FamilyFileRefusalTests(VigilAppFactory app)
{
    /// <summary>The details saved on a page another officer's save has overtaken are the stale form: 409, the details as
    /// stored (ADR 3259). Before: the status this officer wrote for the family was gone, under "Make your change again",
    /// where every other stale form says what was typed (ADR 3278). It is said beside the stored one, not recorded.</summary>
    [Fact]
    public async Task Details_SavedOnAPageAnotherOfficerHasSavedSince_ShowTheStoredStatus_AndTheOneTypedNotRecorded()
    {
        var f = await FamilyKit.CaseAsync(app);
        using var officers = await FamilyFileRace.OpenAsync(app, f);
        var (stored, typed) = ("Post-mortem done " + f.Marker, "Awaiting results\nfrom the laboratory " + f.Marker);
        Assert.Equal(HttpStatusCode.Redirect, (await officers.FirstPostsAsync("File", new() { ["plainStatus"] = stored })).StatusCode);

        var late = await officers.SecondPostsAsync("File", new() { ["plainStatus"] = typed });

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var details = Forms.Parse(await late.Content.ReadAsStringAsync()).QuerySelector("#details")!;
        Assert.Contains(LiaisonCommands.FileOvertaken.Title, details.QuerySelector("[data-error-summary]")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Equal(stored, details.QuerySelector("#plainStatus")!.TextContent);
        Assert.Equal(typed, details.QuerySelector("[data-not-recorded] blockquote")?.TextContent);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(stored, (await db.FamilyFiles.SingleAsync(x => x.CaseId == f.Case.Id)).PlainStatus);
            Assert.False(await db.Disclosures.AnyAsync(d => d.CaseId == f.Case.Id && d.What.Contains("Awaiting results")));
        });
    }

    /// <summary>A task, submission or question id the case's family file does not hold is a forged form: the commands
    /// refuse it 404, as the API refuses an action, exhibit or review not on its case (ADR 3306). Before: the task's and
    /// submission's said 409, the answer to a form the case's state overtook, and an approval of another case's question
    /// said "no answer awaiting approval". The page answers 422, as every refusal that is not a stale form, and writes
    /// nothing.</summary>
    [Fact]
    public async Task AnIdTheCaseDoesNotHold_IsRefusedNotFound_ByEveryCommand_AndThePageAnswers422()
    {
        var f = await FamilyKit.CaseAsync(app);
        var other = await FamilyKit.CaseAsync(app);
        var elsewhere = await app.WithScopeAsync(async sp =>
        {
            Assert.Null(await sp.GetRequiredService<LiaisonCommands>().AddQuestionAsync(other.Case.Id, null, "Where is he now? " + other.Marker, "DC Other", null, "recorded", default));
            return await sp.GetRequiredService<Vigil.Data.VigilDbContext>().FamilyQuestions.Where(q => q.CaseId == other.Case.Id).Select(q => q.Id).SingleAsync();
        });
        var approver = new AnswerApprover(f.Investigator.UserName, MayChangeCase: true, Supervisor: false);

        var refused = await app.WithScopeAsync(async sp =>
        {
            var commands = sp.GetRequiredService<LiaisonCommands>();
            return new[]
            {
                await commands.CompleteTaskAsync(f.Case.Id, Guid.NewGuid(), "Told by phone", f.Flo.UserName, default),
                await commands.AssessSubmissionAsync(f.Case.Id, Guid.NewGuid(), "Passed to the SIO", f.Flo.UserName, default),
                await commands.AnswerAsync(f.Case.Id, elsewhere, "He is at the mortuary", f.Flo.UserName, default),
                await commands.ApproveAnswerAsync(f.Case.Id, elsewhere, null, approver, default),
                await commands.ReturnAnswerAsync(f.Case.Id, elsewhere, null, "Say when", approver, default),
            }.Select(r => $"{r?.Status} {r?.Title}").ToList();
        });

        Assert.Equal(["404 That task is not on this case.", "404 That submission is not on this case.", "404 That question is not on this case.",
            "404 That question is not on this case.", "404 That question is not on this case."], refused);
        using var flo = await app.SignedInClientAsync(f.Flo);
        var page = $"/cases/{f.Case.Id}/family";
        var forged = await Forms.PostAsync(flo, page + "?handler=Task", new() { ["__form"] = "task-forged", ["taskId"] = Guid.NewGuid().ToString(), ["outcome"] = "Told" }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);
        var question = await app.WithDbAsync(db => db.FamilyQuestions.SingleAsync(q => q.Id == elsewhere));
        Assert.Equal((null, null, null), (question.Answer, question.DraftAnswer, question.ReturnNote));
    }

    /// <summary>ADR 3318: the refusal of a row the case does not hold was said nowhere, the page's error summaries being
    /// inside its forms and no form being for that row. It is said in the page's own summary, at its top.</summary>
    [Fact]
    public async Task AForgedTaskPost_IsRefused_InThePagesOwnSummary()
    {
        var f = await FamilyKit.CaseAsync(app);
        using var flo = await app.SignedInClientAsync(f.Flo);
        var page = $"/cases/{f.Case.Id}/family";

        var forged = await Forms.PostAsync(flo, page + "?handler=Task", new() { ["__form"] = "task-forged", ["taskId"] = Guid.NewGuid().ToString(), ["outcome"] = "Told" }, page);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);
        Assert.Equal("That task is not on this case.", PageSummary(await forged.Content.ReadAsStringAsync()));
    }

    /// <summary>ADR 3317: revoking an invitation or withdrawing a portal account the case does not hold (another case's) was
    /// answered "Invitation revoked." and "Portal access withdrawn." with nothing written. Refused now, as ADR 3306 refuses
    /// a task, submission or question not on the case: 404 from the command, 422 and the refusal on the page.</summary>
    [Fact]
    public async Task ARevokeOrWithdrawal_OfAnotherCasesInvitationOrAccount_IsRefused_AndLeavesThemAlone()
    {
        var f = await FamilyKit.CaseAsync(app);
        var other = await FamilyKit.CaseAsync(app);
        var (family, accountName) = await FamilyKit.FamilySessionAsync(app, other);
        family.Dispose();
        var invitationToken = await FamilyKit.InviteAsync(app, other);
        var (invitation, account) = await app.WithDbAsync(async db => (
            await db.FamilyInvitations.Where(i => i.TokenHash == FamilyInvitations.Hash(invitationToken)).Select(i => i.Id).SingleAsync(),
            await db.FamilyAccounts.Where(a => a.UserName == accountName).Select(a => a.Id).SingleAsync()));

        var revoked = await app.WithScopeAsync(sp => sp.GetRequiredService<FamilyInvitations>().RevokeAsync(f.Case.Id, invitation, default));
        Assert.Equal("404 That invitation is not on this case.", $"{revoked?.Status} {revoked?.Title}");
        using var flo = await app.SignedInClientAsync(f.Flo);
        var page = $"/cases/{f.Case.Id}/family";
        foreach (var (handler, field, id, said) in new[] { ("Revoke", "invitationId", invitation, "That invitation is not on this case."),
            ("Withdraw", "accountId", account, "That portal account is not on this case.") })
        {
            var post = await Forms.PostAsync(flo, $"{page}?handler={handler}", new() { ["__form"] = "forged", [field] = id.ToString() }, page);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, post.StatusCode);
            Assert.Equal(said, PageSummary(await post.Content.ReadAsStringAsync()));
        }
        await app.WithDbAsync(async db =>
        {
            Assert.Null((await db.FamilyInvitations.SingleAsync(i => i.Id == invitation)).RevokedAt);
            Assert.Null((await db.FamilyAccounts.SingleAsync(a => a.Id == account)).DisabledAt);
        });
    }

    /// <summary>The refusal said in the page's own summary, outside its sections and forms (null when there is none).</summary>
    private static string? PageSummary(string html) =>
        Forms.Parse(html).QuerySelectorAll("[data-error-summary]").FirstOrDefault(e => e.Closest("section, form") is null)?.QuerySelector("li")?.TextContent.Trim();
}

[Collection(SqliteCollection.Name)]
public sealed class FamilyFileRefusalTests_Sqlite(SqliteApp app) : FamilyFileRefusalTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FamilyFileRefusalTests_Postgres(PostgresApp app) : FamilyFileRefusalTests(app);
