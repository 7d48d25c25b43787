using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Data.Notifications;
using Vigil.Web.Features.Notifications.DueEvents;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Notifications;

/// <summary>walk57 finding 8 (ADR 3282): the inbox's "N mandatory actions are overdue … Open the list to see each." opened
/// the list of every overdue action, mandatory or not, not saying which: the officer in charge read 172 in the digest and
/// 203 on the list. The digest's list is now the overdue list narrowed to the mandatory actions, each marked so.</summary>
public abstract partial class DueEventSweepTests
{
    [Fact]
    public async Task ADigestOfOverdueMandatoryActions_OpensTheOverdueListNarrowedToThem_EachMarkedMandatory()
    {
        var (app, clock) = await StartAsync(s => s.Configure<DueEventOptions>(o => o.DigestAbove = 0));
        await using var _ = app;
        var team = "must-" + Guid.NewGuid().ToString("N")[..8];
        var ivy = await app.CreateUserAsync(Roles.Investigator, team);
        var sam = await app.CreateUserAsync(Roles.Supervisor, team);
        // One case she leads (she is told of its actions), one nobody leads (the supervisor is).
        var (led, unled) = (await app.CreateCaseAsync(ivy, PortLike()), await app.CreateCaseAsync(ivy, PortLike()));
        var ids = new[] { led.Id, unled.Id };
        var optional = await app.WithDbAsync(async db =>
        {
            await db.Cases.Where(c => c.Id == unled.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.OfficerInChargeId, (string?)null));
            // One action of each case not mandatory: overdue as well, but not the sweep's to tell of.
            var first = await db.CaseActions.Where(a => ids.Contains(a.CaseId)).GroupBy(a => a.CaseId).Select(g => g.Min(a => a.Number)).ToListAsync();
            await db.CaseActions.Where(a => ids.Contains(a.CaseId) && first.Contains(a.Number)).ExecuteUpdateAsync(s => s.SetProperty(a => a.Mandatory, false));
            return await db.CaseActions.Where(a => ids.Contains(a.CaseId) && !a.Mandatory).Select(a => "A" + a.Number + " " + a.Title).ToListAsync();
        });
        clock.Now = new DateTimeOffset(await app.WithDbAsync(db => db.CaseActions.Where(a => ids.Contains(a.CaseId)).MaxAsync(a => a.DueAt)), TimeSpan.Zero).AddMinutes(1);

        await SweepAsync(app);

        foreach (var (user, c, list) in new[] { (ivy, led, "/enquiries/led/overdue-actions"), (sam, unled, "/enquiries/lists/overdue-actions") })
        {
            var mandatory = await app.WithDbAsync(db => db.CaseActions.CountAsync(a => a.CaseId == c.Id && a.Mandatory));
            var digest = Assert.Single(await app.WithDbAsync(db => db.UserNotifications.Where(n => n.UserId == user.Id && n.Kind == NotificationKinds.ActionOverdue).ToListAsync()));
            Assert.StartsWith($"{mandatory} mandatory actions are overdue on 1 case (due ", digest.Text, StringComparison.Ordinal);
            Assert.Equal(list + "?mandatory=true", digest.Href);

            using var web = await app.SignedInClientAsync(user);
            var page = Forms.Parse(await web.GetStringAsync(digest.Href));
            Assert.StartsWith("Overdue mandatory actions", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
            var rows = page.QuerySelectorAll("table.work-list tbody tr").Where(r => r.TextContent.Contains(c.Reference, StringComparison.Ordinal)).Select(r => r.TextContent).ToList();
            Assert.Equal(mandatory, rows.Count);
            Assert.All(rows, r => Assert.Contains("(mandatory)", r, StringComparison.Ordinal));
            Assert.DoesNotContain(rows, r => optional.Any(o => r.Contains(o, StringComparison.Ordinal)));

            // The page offers every overdue action too, those not mandatory among them and not marked so.
            var every = Forms.Parse(await web.GetStringAsync(page.QuerySelector("p.list-filter a")!.GetAttribute("href")!));
            var all = every.QuerySelectorAll("table.work-list tbody tr").Where(r => r.TextContent.Contains(c.Reference, StringComparison.Ordinal)).Select(r => r.TextContent).ToList();
            var notMandatory = await app.WithDbAsync(db => db.CaseActions.CountAsync(a => a.CaseId == c.Id && !a.Mandatory));
            Assert.Equal(mandatory + notMandatory, all.Count);
            Assert.Equal(notMandatory, all.Count(r => !r.Contains("(mandatory)", StringComparison.Ordinal)));
        }
        // The officer in charge's list counts what her digest counts: she leads one case.
        using var hers = await app.SignedInClientAsync(ivy);
        var led1 = Forms.Parse(await hers.GetStringAsync("/enquiries/led/overdue-actions?mandatory=true"));
        var mandatoryLed = await app.WithDbAsync(db => db.CaseActions.CountAsync(a => a.CaseId == led.Id && a.Mandatory));
        Assert.Contains($"{mandatoryLed} items", Regex.Replace(led1.QuerySelector("main")!.TextContent, @"\s+", " "), StringComparison.Ordinal);
    }
}
