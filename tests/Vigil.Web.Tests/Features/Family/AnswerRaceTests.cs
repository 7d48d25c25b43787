using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Web.Features.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>ADR 3247: a family's question answered by two officers in the same milliseconds. The answer read "not yet
/// answered", then wrote: both requests passed, the second answer replaced the first (which the family may already have
/// read) and both went into the disclosure log. The second officer's request is held just after it has read the question
/// (a <see cref="CommandPause"/>, no timing), the first officer's answer goes through, then the second goes on.</summary>
public abstract class AnswerRaceTests
{
    protected abstract VigilAppFactory NewApp(Action<IServiceCollection> services);

    [Fact]
    public async Task AQuestion_AnsweredByTwoOfficersAtOnce_KeepsTheFirstAnswer_TheSecondFormRefusedAsStale()
    {
        var pause = new CommandPause(sql => sql.Contains("family_questions", StringComparison.Ordinal)
            && sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase), armed: false);
        await using var app = NewApp(s => s.AddSingleton<IInterceptor>(pause));
        await app.InitializeAsync();
        var f = await FamilyKit.CaseAsync(app);
        var questionId = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Vigil.Data.VigilDbContext>();
            await sp.GetRequiredService<LiaisonCommands>().AddQuestionAsync(f.Case.Id, f.MemberId, "Was the bottle tested? " + f.Marker, "DC Flo", null, "portal", default);
            return (await db.FamilyQuestions.SingleAsync(q => q.CaseId == f.Case.Id)).Id;
        });
        using var officers = await FamilyFileRace.OpenAsync(app, f);

        var (won, lost) = await pause.RaceAsync(late: () => officers.SecondPostsAsync("Answer", new() { ["answer"] = "Not yet: the laboratory has it " + f.Marker }),
            first: () => officers.FirstPostsAsync("Answer", new() { ["answer"] = "Yes: it was clean " + f.Marker }));
        Assert.Equal(HttpStatusCode.Redirect, won.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lost.StatusCode);
        var shown = Forms.Parse(await lost.Content.ReadAsStringAsync());
        var row = shown.QuerySelector($"#question-{questionId}")!.TextContent;
        Assert.Contains("The answer to this question has changed since you opened this page.", row, StringComparison.Ordinal);
        Assert.Contains("Yes: it was clean " + f.Marker, row, StringComparison.Ordinal);
        // What the second officer wrote, beside the answer that stands, where her form was (ADR 3278).
        Assert.Contains("Not yet: the laboratory has it " + f.Marker, shown.QuerySelector($"#question-{questionId} [data-not-recorded]")?.TextContent ?? "", StringComparison.Ordinal);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal("Yes: it was clean " + f.Marker, (await db.FamilyQuestions.SingleAsync(q => q.Id == questionId)).Answer);
            Assert.Equal(1, await db.Disclosures.CountAsync(d => d.CaseId == f.Case.Id && d.What.StartsWith("Answer to")));
            // The audit trail: the first answer once, nothing of the second.
            var id = questionId.ToString();
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.EntityType == "FamilyQuestion" && a.EntityId == id && a.Action == "update"));
            Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Changes.Contains("the laboratory has it " + f.Marker)));
        });
    }

    /// <summary>The same, one step apart: answered by another officer after this page was opened. Before: 422 ("That question
    /// has been answered already"), and what was written was gone with the form; now the stale form the race gets (ADR 3279).</summary>
    [Fact]
    public async Task AQuestion_AnsweredSinceThePageOpened_IsRefusedAsAConflict_WithWhatWasWritten()
    {
        await using var app = NewApp(_ => { });
        await app.InitializeAsync();
        var f = await FamilyKit.CaseAsync(app);
        var questionId = await app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<LiaisonCommands>().AddQuestionAsync(f.Case.Id, f.MemberId, "Who found him? " + f.Marker, "DC Flo", null, "portal", default);
            return (await sp.GetRequiredService<Vigil.Data.VigilDbContext>().FamilyQuestions.SingleAsync(q => q.CaseId == f.Case.Id)).Id;
        });
        using var officers = await FamilyFileRace.OpenAsync(app, f);

        Assert.Equal(HttpStatusCode.Redirect, (await officers.FirstPostsAsync("Answer", new() { ["answer"] = "A neighbour " + f.Marker })).StatusCode);
        var late = await officers.SecondPostsAsync("Answer", new() { ["answer"] = "His landlord " + f.Marker });

        await FamilyFileRace.AssertOvertakenAsync(late, $"#question-{questionId}", "The answer to this question has changed since you opened this page.",
            "A neighbour " + f.Marker, "His landlord " + f.Marker);
        Assert.Equal("A neighbour " + f.Marker, await app.WithDbAsync(async db => (await db.FamilyQuestions.SingleAsync(q => q.Id == questionId)).Answer));
    }
}

public sealed class AnswerRaceTests_Sqlite : AnswerRaceTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new SqliteApp { ServiceChanges = services };
}

public sealed class AnswerRaceTests_Postgres : AnswerRaceTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new PostgresApp { ServiceChanges = services };
}
