using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>ADR 3237 (sec53's leftover): the portal took any number of questions, each told to the FLOs and owed an
/// answer, so a family session or a stolen portal cookie could file thousands. Bounded per family member, counted in
/// the store every node shares; the refusal says why in plain words and keeps the question typed.</summary>
public abstract class QuestionLimitTests(VigilAppFactory app)
{
    [Fact]
    public async Task QuestionsBeyondTheBound_AreRefusedIn429_WithTheQuestionKept()
    {
        var f = await FamilyKit.CaseAsync(app);
        await using var small = app.WithWebHostBuilder(b => b.UseSetting("Vigil:Family:MaxQuestionsWaiting", "3"));
        using var family = small.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await FamilyKit.AcceptAsync(family, await FamilyKit.InviteAsync(app, f), "fam-" + Guid.NewGuid().ToString("N")[..10])).StatusCode);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(family, "/family/ask", new() { ["Question"] = $"Question {i} {f.Marker}" })).StatusCode);

        var typed = "Was the bottle ever tested? " + f.Marker;
        var refused = await Forms.PostAsync(family, "/family/ask", new() { ["Question"] = typed });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var page = Forms.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("still waiting for an answer", page.QuerySelector("[role=alert]")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Equal(typed, page.QuerySelector("textarea[name=Question]")?.TextContent);
        await app.WithDbAsync(async db => Assert.Equal(3, await db.FamilyQuestions.CountAsync(q => q.CaseId == f.Case.Id && q.Source == "portal")));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class QuestionLimitTests_Sqlite(SqliteApp app) : QuestionLimitTests(app);

[Collection(PostgresCollection.Name)]
public sealed class QuestionLimitTests_Postgres(PostgresApp app) : QuestionLimitTests(app);
