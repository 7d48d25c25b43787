using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Enquiries;
using Vigil.Data.Identity;
using Vigil.Web.Features.Enquiries.Dashboards;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>walk55's findings 6 and 7, as the officer reads them: a result submitted past the due date awaits the
/// supervisor's review and is not the officer's lateness (ADR 3260); My work counts the new case's raised actions that
/// wait for allocation on the cases the officer leads, with a link to them (ADR 3262); one past its date is counted and
/// listed once, as overdue, and said to be not allocated (walk56's leftover, ADR 3275).</summary>
public abstract class AwaitedWorkTests(VigilAppFactory app)
{
    [Fact]
    public async Task AResultSubmittedPastItsDate_AwaitsReview_AndIsNotCountedOverdue_OnTheCasePage_MyWork_TheListsAndTheApi()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var api = app.ApiClient(ivy);
        var raised = await ActionsAsync(api, c.Id);
        var (submitted, late) = (raised[0], raised[1]);
        foreach (var a in new[] { submitted, late }) (await MoveAsync(api, c.Id, a.Number, "allocate", ivy.UserName)).EnsureSuccessStatusCode();
        var yesterday = DateTime.UtcNow.AddDays(-1);
        await app.WithDbAsync(db => db.CaseActions.Where(a => a.CaseId == c.Id && (a.Number == submitted.Number || a.Number == late.Number))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.DueAt, yesterday)));
        (await MoveAsync(api, c.Id, submitted.Number, "submit-result", text: "Statement taken from the finder.")).EnsureSuccessStatusCode();

        using var web = await app.SignedInClientAsync(ivy);
        var page = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}"));
        Assert.Equal("· 1 overdue · 1 awaiting review", Tail(page.QuerySelector("#actions-h .muted")!.TextContent));
        var row = page.QuerySelector($"#action-{submitted.Number}")!;
        Assert.DoesNotContain("OVERDUE", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("result awaiting review", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("flag", row.ClassName ?? "", StringComparison.Ordinal);
        Assert.Contains("OVERDUE", page.QuerySelector($"#action-{late.Number}")!.TextContent, StringComparison.Ordinal);

        var mine = Forms.Parse(await web.GetStringAsync("/enquiries/my-work"));
        Assert.Equal("2 open actions allocated to you; 1 overdue; 1 result awaiting a supervisor's review.",
            System.Text.RegularExpressions.Regex.Replace(mine.QuerySelector("p.mine")!.TextContent, @"\s+", " ").Trim());

        var dto = (await ActionsAsync(api, c.Id)).ToDictionary(a => a.Number);
        Assert.False(dto[submitted.Number].Overdue);
        Assert.True(dto[late.Number].Overdue);

        using var supervisor = app.ApiClient(sam);
        var overdue = (await supervisor.GetFromJsonAsync<List<WorkItem>>("/api/v1/enquiries/lists/overdue-actions?size=500", ApiJson.Client))!
            .Where(i => i.CaseId == c.Id).Select(i => i.What).ToList();
        Assert.Equal([$"A{late.Number} {late.Title}"], overdue);
    }

    [Fact]
    public async Task MyWork_CountsTheActionsWaitingForAllocation_OnTheCasesTheOfficerLeads_AndLinksToThem()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var led = await app.CreateCaseAsync(ivy, PortLike());
        var notLed = await app.CreateCaseAsync(ivy, PortLike());
        // Her own cases are hers to lead from their creation; the other is given to no one.
        await app.WithDbAsync(db => db.Cases.Where(x => x.Id == notLed.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.OfficerInChargeId, (string?)null)));
        using var api = app.ApiClient(ivy);
        var actions = await ActionsAsync(api, led.Id);
        Assert.True(actions.Count >= 3, $"{actions.Count} actions raised");
        (await MoveAsync(api, led.Id, actions[0].Number, "allocate", ivy.UserName)).EnsureSuccessStatusCode();

        using var web = await app.SignedInClientAsync(ivy);
        var mine = Forms.Parse(await web.GetStringAsync("/enquiries/my-work"));
        var link = mine.QuerySelector($"p.led a[href='/enquiries/led/unallocated-actions']")!;
        Assert.Equal($"{actions.Count - 1} actions waiting for allocation, not yet due", link.TextContent);

        var list = Forms.Parse(await web.GetStringAsync(link.GetAttribute("href")!));
        Assert.Equal("Actions waiting for allocation, not yet due on the cases you lead", list.QuerySelector("h1")!.TextContent);
        var rows = list.QuerySelectorAll("table.work-list tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(actions.Count - 1, rows.Count);
        Assert.All(rows, r => Assert.Contains(led.Reference, r, StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains($"A{actions[0].Number} {actions[0].Title}", StringComparison.Ordinal));
        Assert.DoesNotContain(notLed.Reference, list.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnActionPastItsDateNeverAllocated_IsCountedOnceAsOverdue_NotAlsoAsWaiting_AndTheOverdueListSaysNotAllocated()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var api = app.ApiClient(ivy);
        var actions = await ActionsAsync(api, c.Id);
        Assert.True(actions.Count >= 3, $"{actions.Count} actions raised");
        var backlog = actions[0];
        var yesterday = DateTime.UtcNow.AddDays(-1);
        await app.WithDbAsync(db => db.CaseActions.Where(a => a.CaseId == c.Id && a.Number == backlog.Number)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.DueAt, yesterday)));

        using var web = await app.SignedInClientAsync(ivy);
        var mine = Forms.Parse(await web.GetStringAsync("/enquiries/my-work"));
        Assert.Equal($"{actions.Count - 1} actions waiting for allocation, not yet due",
            mine.QuerySelector("p.led a[href='/enquiries/led/unallocated-actions']")!.TextContent);
        Assert.Equal("1 overdue action", mine.QuerySelector("p.led a[href='/enquiries/led/overdue-actions']")!.TextContent);

        var waiting = Forms.Parse(await web.GetStringAsync("/enquiries/led/unallocated-actions"));
        var rows = waiting.QuerySelectorAll("table.work-list tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(actions.Count - 1, rows.Count);
        Assert.DoesNotContain(rows, r => r.Contains($"A{backlog.Number} {backlog.Title}", StringComparison.Ordinal));
        Assert.Equal("/enquiries/led/overdue-actions", waiting.QuerySelector("p.see-also a")!.GetAttribute("href"));

        var overdue = Forms.Parse(await web.GetStringAsync("/enquiries/led/overdue-actions"));
        var row = Assert.Single(overdue.QuerySelectorAll("table.work-list tbody tr"));
        Assert.Contains($"A{backlog.Number} {backlog.Title}", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("not allocated", row.QuerySelectorAll("td").Last().TextContent);
    }

    /// <summary>The heading's note less its first part ("N open"): the open count includes the case's other actions.</summary>
    private static string Tail(string note) => note[note.IndexOf('·', StringComparison.Ordinal)..].Trim();
}

[Collection(SqliteCollection.Name)]
public sealed class AwaitedWorkTests_Sqlite(SqliteApp app) : AwaitedWorkTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AwaitedWorkTests_Postgres(PostgresApp app) : AwaitedWorkTests(app);
