using System.Net;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Family;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Web.Features.Shared;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>walk55 finding 11 (ADR 3264): after asking, the portal said "We are working on an answer." and not when,
/// while the FLO's register said the answer was due on 13 Dec. The family is told the date the answer is owed by; once
/// it has passed, an apology and that they will hear, not a date gone by.</summary>
public abstract class PortalAnswerDueTests(VigilAppFactory app)
{
    [Fact]
    public async Task AQuestionWaiting_SaysWhenTheAnswerIsOwed_AndOncePastIt_SaysSorry()
    {
        var f = await FamilyKit.CaseAsync(app);
        using var family = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await FamilyKit.AcceptAsync(family, await FamilyKit.InviteAsync(app, f), "fam-" + Guid.NewGuid().ToString("N")[..10])).StatusCode);
        var asked = "Was the bottle tested? " + f.Marker;
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(family, "/family/ask", new() { ["Question"] = asked })).StatusCode);
        var due = await app.WithDbAsync(db => db.FamilyQuestions.Where(q => q.CaseId == f.Case.Id && q.Text == asked).Select(q => q.DueAt).SingleAsync());
        var time = app.Services.GetRequiredService<ForceTime>();

        var waiting = Forms.Parse(await family.GetStringAsync("/family")).QuerySelector("p.awaiting")!.TextContent;
        Assert.Equal($"We are working on an answer and aim to give it by {time.Show(due)}.", waiting);

        var past = DateTime.UtcNow.AddHours(-2);
        await app.WithDbAsync(db => db.FamilyQuestions.Where(q => q.CaseId == f.Case.Id && q.Text == asked).ExecuteUpdateAsync(s => s.SetProperty(q => q.DueAt, past)));
        var late = Forms.Parse(await family.GetStringAsync("/family")).QuerySelector("p.awaiting")!.TextContent;
        Assert.Equal($"We are sorry this is taking longer than we aimed for ({time.Show(past)}). We will be in touch about it.", late);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PortalAnswerDueTests_Sqlite(SqliteApp app) : PortalAnswerDueTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PortalAnswerDueTests_Postgres(PostgresApp app) : PortalAnswerDueTests(app);
