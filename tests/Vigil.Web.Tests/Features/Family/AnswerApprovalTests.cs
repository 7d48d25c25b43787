using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Web.Features.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>Answers previewed, and approved by the officer in charge where the force asks for it (ADR 0658), on each
/// provider with the force's setting on.</summary>
public abstract class AnswerApprovalTests
{
    protected abstract VigilAppFactory NewApp(IReadOnlyDictionary<string, string> settings);

    /// <summary>A fresh app with the force's approval rule on; disposed (database dropped) however the test ends.</summary>
    private async Task WithApprovalAsync(Func<VigilAppFactory, Task> test)
    {
        var app = NewApp(new Dictionary<string, string> { ["Vigil:Family:AnswersNeedApproval"] = "true" });
        await app.InitializeAsync();
        try { await test(app); }
        finally { await app.DisposeAsync(); }
    }

    [Fact]
    public Task Answer_IsPreviewedKeptAndHeldForApproval_ThenTheFamilySeesItOnlyOnceApproved() => WithApprovalAsync(async app =>
    {
        var f = await FamilyKit.CaseAsync(app);
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(family, "/family/ask", new() { ["Question"] = "Was the bottle tested? " + f.Marker })).StatusCode);
        var questionId = await app.WithScopeAsync(async sp => (await sp.GetRequiredService<Vigil.Data.VigilDbContext>().FamilyQuestions.SingleAsync(q => q.CaseId == f.Case.Id)).Id);

        using var flo = await app.SignedInClientAsync(f.Flo);
        var page = $"/cases/{f.Case.Id}/family";
        var text = "It has gone to the laboratory " + f.Marker;
        var preview = await Forms.PostAsync(flo, page + "?handler=Answer", new()
        {
            ["__form"] = $"answer-{questionId}", ["questionId"] = questionId.ToString(), ["answer"] = text, ["preview"] = "true",
        }, page);
        var shown = Forms.Parse(await preview.Content.ReadAsStringAsync());
        Assert.Contains(text, shown.QuerySelector($"#preview-{questionId} .answer")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(text, shown.QuerySelector($"#answer-{questionId}")!.TextContent);

        var sent = await Forms.PostAsync(flo, page + "?handler=Answer", new() { ["__form"] = $"answer-{questionId}", ["questionId"] = questionId.ToString(), ["answer"] = text }, page);
        Assert.Equal($"{page}#questions", sent.Headers.Location!.OriginalString);
        Assert.DoesNotContain(text, await family.GetStringAsync("/family"), StringComparison.Ordinal);

        // The case's officer in charge (the investigator who created it, ADR 1401) approves it; a supervisor of the case
        // who is not in charge is refused and the family still sees nothing (ADR 1403).
        var supervisor = await app.CreateUserAsync(Vigil.Data.Identity.Roles.Supervisor, f.Investigator.Team);
        using var boss = await app.SignedInClientAsync(supervisor);
        Assert.Null(Forms.Parse(await boss.GetStringAsync(page)).QuerySelector($"form[action*='ApproveAnswer'] input[value='{questionId}']"));
        var notInCharge = await Forms.PostAsync(boss, page + "?handler=ApproveAnswer", new() { ["__form"] = $"approve-{questionId}", ["questionId"] = questionId.ToString() }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notInCharge.StatusCode);
        Assert.DoesNotContain(text, await family.GetStringAsync("/family"), StringComparison.Ordinal);

        using var inCharge = await app.SignedInClientAsync(f.Investigator);
        Assert.Contains(f.Investigator.UserName, Forms.Parse(await inCharge.GetStringAsync(page)).QuerySelector("#approver")!.TextContent, StringComparison.Ordinal);
        var approve = await Forms.PostAsync(inCharge, page + "?handler=ApproveAnswer", new() { ["__form"] = $"approve-{questionId}", ["questionId"] = questionId.ToString() }, page);
        Assert.Equal($"{page}#questions", approve.Headers.Location!.OriginalString);
        Assert.Contains(text, await family.GetStringAsync("/family"), StringComparison.Ordinal);
        var q = await app.WithScopeAsync(async sp => await sp.GetRequiredService<Vigil.Data.VigilDbContext>().FamilyQuestions.SingleAsync(x => x.Id == questionId));
        Assert.Equal((f.Flo.UserName, f.Investigator.UserName), (q.AnsweredBy, q.ApprovedBy));
    });

    [Fact]
    public Task WithNoOfficerInCharge_ASupervisorOfTheCaseApproves_AndTheFamilyNeverSeesTheDraftBefore() => WithApprovalAsync(async app =>
    {
        var f = await FamilyKit.CaseAsync(app);
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        var supervisor = await app.CreateUserAsync(Vigil.Data.Identity.Roles.Supervisor, f.Investigator.Team);
        using (var api = app.ApiClient(supervisor))
            Assert.Equal(HttpStatusCode.OK, (await Cases.OfficerInChargeTests.NameAsync(api, f.Case.Id, null, f.Case.Version)).StatusCode);
        Guid questionId = default;
        await app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<LiaisonCommands>().AddQuestionAsync(f.Case.Id, null, "When can we see him? " + f.Marker, "flo", null, "recorded", default);
            questionId = (await sp.GetRequiredService<Vigil.Data.VigilDbContext>().FamilyQuestions.SingleAsync(q => q.CaseId == f.Case.Id)).Id;
            return true;
        });
        var page = $"/cases/{f.Case.Id}/family";
        var text = "The viewing can be on Thursday " + f.Marker;
        using var flo = await app.SignedInClientAsync(f.Flo);
        await Forms.PostAsync(flo, page + "?handler=Answer", new() { ["__form"] = $"answer-{questionId}", ["questionId"] = questionId.ToString(), ["answer"] = text }, page);
        // Neither the portal's updates nor its question list show the held draft.
        Assert.DoesNotContain(text, await family.GetStringAsync("/family"), StringComparison.Ordinal);
        Assert.DoesNotContain(text, await family.GetStringAsync("/family/ask"), StringComparison.Ordinal);
        // The investigator is no longer in charge: not theirs to approve.
        using var investigator = await app.SignedInClientAsync(f.Investigator);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Forms.PostAsync(investigator, page + "?handler=ApproveAnswer",
            new() { ["__form"] = $"approve-{questionId}", ["questionId"] = questionId.ToString() }, page)).StatusCode);
        Assert.DoesNotContain(text, await family.GetStringAsync("/family"), StringComparison.Ordinal);

        using var boss = await app.SignedInClientAsync(supervisor);
        var approve = await Forms.PostAsync(boss, page + "?handler=ApproveAnswer", new() { ["__form"] = $"approve-{questionId}", ["questionId"] = questionId.ToString() }, page);
        Assert.Equal($"{page}#questions", approve.Headers.Location!.OriginalString);
        Assert.Contains(text, await family.GetStringAsync("/family"), StringComparison.Ordinal);
    });

    [Fact]
    public Task EmptyAnswer_IsRefusedInItsOwnForm_AndAnFloCannotApprove() => WithApprovalAsync(async app =>
    {
        var f = await FamilyKit.CaseAsync(app);
        var ids = new List<Guid>();
        await app.WithScopeAsync(async sp =>
        {
            var c = sp.GetRequiredService<LiaisonCommands>();
            await c.AddQuestionAsync(f.Case.Id, null, "First " + f.Marker, "flo", null, "recorded", default);
            await c.AddQuestionAsync(f.Case.Id, null, "Second " + f.Marker, "flo", null, "recorded", default);
            ids.AddRange(await sp.GetRequiredService<Vigil.Data.VigilDbContext>().FamilyQuestions.Where(q => q.CaseId == f.Case.Id).OrderBy(q => q.AskedAt).Select(q => q.Id).ToListAsync());
            return true;
        });
        using var flo = await app.SignedInClientAsync(f.Flo);
        var page = $"/cases/{f.Case.Id}/family";
        var refused = await Forms.PostAsync(flo, page + "?handler=Answer", new() { ["__form"] = $"answer-{ids[0]}", ["questionId"] = ids[0].ToString(), ["answer"] = " " }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = Forms.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Single(html.QuerySelectorAll("[data-error-summary]"));
        Assert.NotNull(html.QuerySelector($"#question-{ids[0]} [data-error-summary]"));
        Assert.Equal("true", html.QuerySelector($"#answer-{ids[0]}")!.GetAttribute("aria-invalid"));
        Assert.Null(html.QuerySelector($"#answer-{ids[1]}")!.GetAttribute("aria-invalid"));

        await Forms.PostAsync(flo, page + "?handler=Answer", new() { ["__form"] = $"answer-{ids[1]}", ["questionId"] = ids[1].ToString(), ["answer"] = "Draft " + f.Marker }, page);
        var notAllowed = await Forms.PostAsync(flo, page + "?handler=ApproveAnswer", new() { ["__form"] = $"approve-{ids[1]}", ["questionId"] = ids[1].ToString() }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notAllowed.StatusCode);
        var q = await app.WithScopeAsync(async sp => await sp.GetRequiredService<Vigil.Data.VigilDbContext>().FamilyQuestions.SingleAsync(x => x.Id == ids[1]));
        Assert.Null(q.Answer);
        Assert.Equal("Draft " + f.Marker, q.DraftAnswer);
    });

    [Fact]
    public Task Return_IsForTheOfficerInCharge_NeedsANote_AndLeavesNothingToApprove() => WithApprovalAsync(async app =>
    {
        var f = await FamilyKit.CaseAsync(app);
        Guid questionId = default;
        await app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<LiaisonCommands>().AddQuestionAsync(f.Case.Id, null, "Who will we speak to? " + f.Marker, "flo", null, "recorded", default);
            questionId = (await sp.GetRequiredService<Vigil.Data.VigilDbContext>().FamilyQuestions.SingleAsync(q => q.CaseId == f.Case.Id)).Id;
            return true;
        });
        var page = $"/cases/{f.Case.Id}/family";
        using var flo = await app.SignedInClientAsync(f.Flo);
        await Forms.PostAsync(flo, page + "?handler=Answer", new() { ["__form"] = $"answer-{questionId}", ["questionId"] = questionId.ToString(), ["answer"] = "Draft " + f.Marker }, page);
        Task<HttpResponseMessage> ReturnAsync(HttpClient who, string note) => Forms.PostAsync(who, page + "?handler=ReturnAnswer",
            new() { ["__form"] = $"return-{questionId}", ["questionId"] = questionId.ToString(), ["note"] = note }, page);

        var supervisor = await app.CreateUserAsync(Vigil.Data.Identity.Roles.Supervisor, f.Investigator.Team);
        using var boss = await app.SignedInClientAsync(supervisor);
        var notInCharge = await ReturnAsync(boss, "Say when");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notInCharge.StatusCode);

        var byBoss = await app.WithScopeAsync(async sp => await sp.GetRequiredService<LiaisonCommands>()
            .ReturnAnswerAsync(f.Case.Id, questionId, null, "Say when", new AnswerApprover(supervisor.UserName, MayChangeCase: true, Supervisor: true), default));
        Assert.Equal((403, $"Only the officer in charge of this case ({f.Investigator.UserName}) approves or returns an answer to the family."), (byBoss!.Status, byBoss.Title));
        var cannotChange = await app.WithScopeAsync(async sp => await sp.GetRequiredService<LiaisonCommands>()
            .ApproveAnswerAsync(f.Case.Id, questionId, null, new AnswerApprover(f.Investigator.UserName, MayChangeCase: false, Supervisor: false), default));
        Assert.Equal(403, cannotChange!.Status);

        using var inCharge = await app.SignedInClientAsync(f.Investigator);
        var noNote = await ReturnAsync(inCharge, " ");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noNote.StatusCode);
        Assert.Contains("Say what should change before the family is answered.", await noNote.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal($"{page}#questions", (await ReturnAsync(inCharge, "Name the officer")).Headers.Location!.OriginalString);
        var q = await app.WithScopeAsync(async sp => await sp.GetRequiredService<Vigil.Data.VigilDbContext>().FamilyQuestions.SingleAsync(x => x.Id == questionId));
        Assert.Equal(($"Name the officer ({f.Investigator.UserName})", null, null), (q.ReturnNote, q.DraftAnswer, q.Answer));
        var nothingLeft = await Forms.PostAsync(inCharge, page + "?handler=ApproveAnswer", new() { ["__form"] = $"approve-{questionId}", ["questionId"] = questionId.ToString() }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nothingLeft.StatusCode);
        Assert.Null((await app.WithScopeAsync(async sp => await sp.GetRequiredService<Vigil.Data.VigilDbContext>().FamilyQuestions.SingleAsync(x => x.Id == questionId))).Answer);
        var noDraft = await app.WithScopeAsync(async sp => await sp.GetRequiredService<LiaisonCommands>()
            .ApproveAnswerAsync(f.Case.Id, questionId, null, new AnswerApprover(f.Investigator.UserName, MayChangeCase: true, Supervisor: false), default));
        Assert.Equal((409, "There is no answer awaiting approval on that question."), (noDraft!.Status, noDraft.Title));
    });
}

public sealed class AnswerApprovalTests_Sqlite : AnswerApprovalTests
{
    protected override VigilAppFactory NewApp(IReadOnlyDictionary<string, string> settings) => new SqliteApp { Settings = settings };
}

public sealed class AnswerApprovalTests_Postgres : AnswerApprovalTests
{
    protected override VigilAppFactory NewApp(IReadOnlyDictionary<string, string> settings) => new PostgresApp { Settings = settings };
}
