using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Data.Notifications;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Notifications.DueEvents;
using Vigil.Web.Features.Shared;
using Vigil.Web.Tests.Features.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Notifications;

/// <summary>ADR 3178: a family's question unanswered past its due date, and a "tell the family" task not done by its due
/// date, reach someone once, as the other due events do: the FLOs deployed, else the officer in charge, else the team's
/// supervisors, else the administrators. Before, only the dashboards showed them, to whoever happened to look.</summary>
public abstract partial class DueEventSweepTests
{
    [Fact]
    public async Task WhatTheFamilyIsOwed_PastItsDueDate_IsToldToTheFloOnce_NotBefore_NorWhenDone()
    {
        var (app, clock) = await StartAsync();
        await using var _ = app;
        var f = await FamilyKit.CaseAsync(app);
        var supervisor = await app.CreateUserAsync(Roles.Supervisor, f.Flo.Team);
        var due = clock.Now.UtcDateTime.AddDays(2);
        var (asked, answered) = (await AskAsync(app, f.Case.Id, due), await AskAsync(app, f.Case.Id, due));
        var (task, done) = (await TaskAsync(app, f.Case.Id, due), await TaskAsync(app, f.Case.Id, due));
        await Liaison(app, c => c.AnswerAsync(f.Case.Id, answered, "We have asked the coroner.", f.Flo.UserName, default));
        await Liaison(app, c => c.CompleteTaskAsync(f.Case.Id, done, "Told them at home.", f.Flo.UserName, default));

        clock.Now = new DateTimeOffset(due, TimeSpan.Zero).AddMinutes(-1);
        await SweepAsync(app);
        Assert.Empty(await RaisedAsync(app, NotificationKinds.QuestionOverdue, f.Case.Id));
        Assert.Empty(await RaisedAsync(app, NotificationKinds.FamilyTaskOverdue, f.Case.Id));

        clock.Now = new DateTimeOffset(due, TimeSpan.Zero).AddMinutes(1);
        var first = (await SweepAsync(app))!;
        var second = (await SweepAsync(app))!;
        clock.Now = clock.Now.AddDays(3);
        await SweepAsync(app);
        Assert.Equal((1, 1), (first.Questions, first.Tasks));
        Assert.Equal((0, 0), (second.Questions, second.Tasks));
        var shown = app.Services.GetRequiredService<ForceTime>().Show(due);
        var question = Assert.Single(await RaisedAsync(app, NotificationKinds.QuestionOverdue, f.Case.Id));
        Assert.Equal((f.Flo.Id, $"A question from the family on {f.Case.Reference} is unanswered: the answer was due {shown}", $"/cases/{f.Case.Id}/family#question-{asked}"),
            (question.UserId, question.Text, question.Href));
        var told = Assert.Single(await RaisedAsync(app, NotificationKinds.FamilyTaskOverdue, f.Case.Id));
        Assert.Equal(f.Flo.Id, told.UserId);
        Assert.StartsWith($"\"Tell the family\" on {f.Case.Reference} is overdue (due {shown}): Tell the family {task:N}", told.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(await RaisedAsync(app, NotificationKinds.FamilyTaskOverdue, f.Case.Id), n => n.UserId == supervisor.Id);
        var notices = await app.WithDbAsync(db => db.DueEventNotices.Where(n => n.CaseId == f.Case.Id).Select(n => n.SubjectId).ToListAsync());
        Assert.Contains(asked, notices);
        Assert.Contains(task, notices);
        Assert.DoesNotContain(answered, notices);
        Assert.DoesNotContain(done, notices);
        var now = clock.Now.UtcDateTime;
        Assert.Equal(0, await PendingAsync(app, r => r.PendingQuestions(now).CountAsync(q => q.CaseId == f.Case.Id)));
        Assert.Equal(0, await PendingAsync(app, r => r.PendingFamilyTasks(now).CountAsync(t => t.CaseId == f.Case.Id)));

        clock.Now = new DateTimeOffset(DateTime.UtcNow);
        using var web = await app.SignedInClientAsync(f.Flo);
        var inbox = await web.GetStringAsync("/notifications");
        Assert.Contains("Family question overdue", inbox, StringComparison.Ordinal);
        Assert.Contains("Tell the family overdue", inbox, StringComparison.Ordinal);
    }

    /// <summary>The family is owed by whoever answers for the case: the deployed FLO who can still be told (not one whose
    /// account is disabled), else the officer in charge, else the team's supervisors, else the administrators.</summary>
    [Fact]
    public async Task WhatTheFamilyIsOwed_WithNoFloToTell_GoesToTheOfficerInCharge_ElseTheSupervisors_ElseTheAdministrators()
    {
        var (app, clock) = await StartAsync();
        await using var _ = app;
        var admin = await app.CreateUserAsync(Roles.Administrator);
        var gone = await FamilyKit.CaseAsync(app); // its FLO leaves: the officer in charge (the investigator who made it) is told
        var supervisor = await app.CreateUserAsync(Roles.Supervisor, gone.Flo.Team);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == gone.Flo.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Disabled, true)));
        var unled = await app.CreateCaseAsync(gone.Investigator, Samples.Record()); // no FLO, no officer in charge: the supervisor
        var alone = await app.CreateUserAsync(Roles.Investigator, "alone-" + Guid.NewGuid().ToString("N")[..8]);
        var nobody = await app.CreateCaseAsync(alone, Samples.Record()); // and a team with no supervisor: the administrators
        await app.WithDbAsync(db => db.Cases.Where(c => c.Id == unled.Id || c.Id == nobody.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.OfficerInChargeId, (string?)null)));
        var due = clock.Now.UtcDateTime.AddDays(1);
        foreach (var id in new[] { gone.Case.Id, unled.Id, nobody.Id })
        {
            await AskAsync(app, id, due);
            await TaskAsync(app, id, due);
        }

        clock.Now = new DateTimeOffset(due, TimeSpan.Zero).AddMinutes(1);
        await SweepAsync(app);
        foreach (var kind in new[] { NotificationKinds.QuestionOverdue, NotificationKinds.FamilyTaskOverdue })
        {
            Assert.Equal([gone.Investigator.Id], (await RaisedAsync(app, kind, gone.Case.Id)).Select(n => n.UserId));
            Assert.Equal([supervisor.Id], (await RaisedAsync(app, kind, unled.Id)).Select(n => n.UserId));
            Assert.Empty(await RaisedAsync(app, kind, nobody.Id));
        }
        var toAdmin = await app.WithDbAsync(db => db.UserNotifications.Where(n => n.UserId == admin.Id
            && (n.Kind == NotificationKinds.QuestionOverdue || n.Kind == NotificationKinds.FamilyTaskOverdue)).OrderBy(n => n.Kind).Select(n => n.Text).ToListAsync());
        Assert.Equal(
            [
                $"1 overdue \"tell the family\" task in team {alone.Team} has nobody to tell: the team has no enabled supervisor, and neither a deployed family liaison officer nor the case's officer in charge can be told. Give the team the person it lacks.",
                $"1 unanswered family question in team {alone.Team} has nobody to tell: the team has no enabled supervisor, and neither a deployed family liaison officer nor the case's officer in charge can be told. Give the team the person it lacks.",
            ], toAdmin);
    }

    /// <summary>ADR 3165: a digest links to a list showing each event it counts. The liaison dashboard counts a case's
    /// late questions and tasks but lists only cases with a family file or an FLO; the FLO's lists of what families are
    /// owed show each one.</summary>
    [Fact]
    public async Task ADigestOfWhatFamiliesAreOwed_LinksToAListShowingEachOne()
    {
        var (app, clock) = await StartAsync(s => s.Configure<DueEventOptions>(o => o.DigestAbove = 2));
        await using var _ = app;
        var f = await FamilyKit.CaseAsync(app);
        var second = await app.CreateCaseAsync(f.Investigator, Samples.Record());
        await Liaison(app, c => c.DeployAsync(second.Id, f.Flo.Id, "DC Flo", "07700 900002", default));
        // Due an hour ago, so that the lists, read at the time the test user signed in, hold them.
        var due = clock.Now.UtcDateTime.AddHours(-1);
        var questions = new List<Guid>();
        var tasks = new List<Guid>();
        foreach (var id in new[] { f.Case.Id, f.Case.Id, second.Id })
        {
            questions.Add(await AskAsync(app, id, due));
            tasks.Add(await TaskAsync(app, id, due));
        }

        await SweepAsync(app);
        var day = app.Services.GetRequiredService<ForceTime>().Day(due);
        using var web = await app.SignedInClientAsync(f.Flo);
        foreach (var (kind, list, words, each) in new[]
        {
            (NotificationKinds.QuestionOverdue, "/liaison/overdue/questions", "family questions are unanswered past their due date", questions.Select(id => $"#question-{id}")),
            (NotificationKinds.FamilyTaskOverdue, "/liaison/overdue/tasks", "\"tell the family\" tasks are overdue", tasks.Select(id => $"Tell the family {id:N}")),
        })
        {
            var digest = Assert.Single(await app.WithDbAsync(db => db.UserNotifications.Where(n => n.UserId == f.Flo.Id && n.Kind == kind).ToListAsync()));
            Assert.Equal((list, $"3 {words} on 2 cases (due {day}). Open the list to see each."), (digest.Href, digest.Text));
            var page = await web.GetStringAsync(digest.Href);
            Assert.All(each, row => Assert.Contains(row, page, StringComparison.Ordinal));
            Assert.Contains(second.Reference, page, StringComparison.Ordinal);
        }

        // An FLO of another team opens the same lists and sees none of it.
        using var other = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.FamilyLiaison));
        foreach (var list in new[] { "/liaison/overdue/questions", "/liaison/overdue/tasks" })
        {
            var page = await other.GetStringAsync(list);
            Assert.DoesNotContain(f.Case.Reference, page, StringComparison.Ordinal);
            Assert.DoesNotContain(second.Reference, page, StringComparison.Ordinal);
            Assert.All(questions.Concat(tasks), id => Assert.DoesNotContain(id.ToString("N"), page.Replace("-", "", StringComparison.Ordinal), StringComparison.Ordinal));
        }
    }

    /// <summary>ADR 1637: the officer in charge answers for what the family is owed where no FLO can be told, and is told
    /// of it (ADR 3178), so "My work" counts it on the cases they lead and their lists show each item, linked to the case's
    /// family page; the supervisor's dashboard lists the team's. Before, only the FLO's lists did.</summary>
    [Fact]
    public async Task WhatTheFamilyIsOwed_IsOnTheListsOfTheCasesTheOfficerLeads_AndTheSupervisors()
    {
        var (app, clock) = await StartAsync();
        await using var _ = app;
        var f = await FamilyKit.CaseAsync(app);
        var supervisor = await app.CreateUserAsync(Roles.Supervisor, f.Flo.Team);
        var notLed = await app.CreateCaseAsync(f.Investigator, Samples.Record());
        await app.WithDbAsync(db => db.Cases.Where(c => c.Id == notLed.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.OfficerInChargeId, supervisor.Id)));
        var due = clock.Now.UtcDateTime.AddHours(-1);
        var (question, task) = (await AskAsync(app, f.Case.Id, due), await TaskAsync(app, f.Case.Id, due));
        var (otherQuestion, otherTask) = (await AskAsync(app, notLed.Id, due, FamilyQuestion.Unassigned), await TaskAsync(app, notLed.Id, due));
        var (answered, done) = (await AskAsync(app, f.Case.Id, due), await TaskAsync(app, f.Case.Id, due));
        await Liaison(app, c => c.AnswerAsync(f.Case.Id, answered, "We have asked the coroner.", f.Flo.UserName, default));
        await Liaison(app, c => c.CompleteTaskAsync(f.Case.Id, done, "Told them at home.", f.Flo.UserName, default));
        var texts = await app.WithDbAsync(db => db.FamilyQuestions.Where(q => q.CaseId == f.Case.Id || q.CaseId == notLed.Id).ToDictionaryAsync(q => q.Id, q => q.Text));
        string Text(Guid id) => texts[id];

        using var web = await app.SignedInClientAsync(f.Investigator);
        var mine = Forms.Parse(await web.GetStringAsync("/enquiries/my-work"));
        Assert.Equal("1 family question unanswered past its due date", mine.QuerySelector("p.led a[href='/enquiries/led/family-questions-overdue']")!.TextContent);
        Assert.Equal("1 \"tell the family\" task overdue", mine.QuerySelector("p.led a[href='/enquiries/led/family-tasks-overdue']")!.TextContent);
        var questions = Forms.Parse(await web.GetStringAsync("/enquiries/led/family-questions-overdue"));
        var row = Assert.Single(questions.QuerySelectorAll("table.work-list tbody tr"));
        Assert.Contains($"Question from the family (DC Flo): {Text(question)}", row.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/cases/{f.Case.Id}/family", row.QuerySelector("a")!.GetAttribute("href"));
        var tasks = Assert.Single(Forms.Parse(await web.GetStringAsync("/enquiries/led/family-tasks-overdue")).QuerySelectorAll("table.work-list tbody tr"));
        Assert.Contains($"Tell the family {task:N}", tasks.TextContent, StringComparison.Ordinal);

        using var lead = await app.SignedInClientAsync(supervisor);
        var team = await lead.GetStringAsync("/enquiries/lists/family-questions-overdue");
        Assert.Contains($"Question from the family (DC Flo): {Text(question)}", team, StringComparison.Ordinal);
        Assert.Contains($"Question from the family (no FLO deployed): {Text(otherQuestion)}", team, StringComparison.Ordinal);
        Assert.DoesNotContain(Text(answered), team, StringComparison.Ordinal);
        var teamTasks = await lead.GetStringAsync("/enquiries/lists/family-tasks-overdue");
        Assert.All(new[] { task, otherTask }, id => Assert.Contains($"Tell the family {id:N}", teamTasks, StringComparison.Ordinal));
        Assert.DoesNotContain($"Tell the family {done:N}", teamTasks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFamilyReads_GoThroughTheirPendingIndexes()
    {
        var (app, clock) = await StartAsync();
        await using var _ = app;
        var now = clock.Now.UtcDateTime;
        Assert.Contains(PendingDueEvents.QuestionsIndex, await PlanAsync(app, r => r.PendingQuestions(now).Take(500)), StringComparison.Ordinal);
        Assert.Contains(PendingDueEvents.FamilyTasksIndex, await PlanAsync(app, r => r.PendingFamilyTasks(now).Take(500)), StringComparison.Ordinal);
    }

    /// <summary>A question recorded by staff (a portal question also notifies when asked), its text naming its id.</summary>
    private static async Task<Guid> AskAsync(VigilAppFactory app, Guid caseId, DateTime due, string owner = "DC Flo")
    {
        var marker = Guid.NewGuid();
        await Liaison(app, c => c.AddQuestionAsync(caseId, null, $"When is the inquest? {marker:N}", owner, due, "recorded", default));
        return await app.WithDbAsync(db => db.FamilyQuestions.Where(q => q.Text.EndsWith(marker.ToString("N"))).Select(q => q.Id).SingleAsync());
    }

    /// <summary>A "tell the family" task as a reclassification raises it, its description naming its id.</summary>
    private static async Task<Guid> TaskAsync(VigilAppFactory app, Guid caseId, DateTime due)
    {
        var t = new FamilyTask { CaseId = caseId, Kind = "classification-changed", CreatedAt = due.AddDays(-1), DueAt = due };
        t.Description = $"Tell the family {t.Id:N}";
        await app.WithDbAsync(async db => { db.FamilyTasks.Add(t); return await db.SaveChangesAsync(); });
        return t.Id;
    }
}
