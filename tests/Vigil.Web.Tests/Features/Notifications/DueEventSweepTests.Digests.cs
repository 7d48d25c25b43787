using System.Security.Claims;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Cases;
using Vigil.Data.Identity;
using Vigil.Data.Notifications;
using Vigil.Web.Features.Notifications;
using Vigil.Web.Features.Notifications.DueEvents;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Notifications;

/// <summary>ADR 3167: one unread digest per person, kind and list, its counts of every event it gathered across pages
/// and sweeps; and what notifications say reads as the pages do (force time, one and many).</summary>
public abstract partial class DueEventSweepTests
{
    /// <summary>A backlog told its reader once a page (the demo's supervisor: 15 digests), each counting its own page's
    /// cases, so the counts did not add up to the cases. Here pages of 5 events, a case's events on several pages, and
    /// a later sweep: one digest, each event and case counted once; once read it is left as it was and its case rows are deleted.</summary>
    [Fact]
    public async Task ADigest_GathersEveryPageAndSweepWhileUnread_CountingEachEventAndCaseOnce()
    {
        var (app, clock) = await StartAsync(s => s.Configure<DueEventOptions>(o => (o.DigestAbove, o.PageSize) = (1, 5)));
        await using var _ = app;
        var ivy = await app.CreateUserAsync(Roles.Investigator, "gather-" + Guid.NewGuid().ToString("N")[..8]);
        var cases = await AllocatedCasesAsync(app, ivy, 4);
        // The third case's actions fall due 10 days after the first two's, the fourth's 20 days after.
        await app.WithDbAsync(async db =>
        {
            foreach (var a in await db.CaseActions.Where(a => a.CaseId == cases[2] || a.CaseId == cases[3]).ToListAsync())
                a.DueAt = a.DueAt.AddDays(a.CaseId == cases[2] ? 10 : 20);
            await db.SaveChangesAsync();
        });
        var mandatory = await app.WithDbAsync(db => db.CaseActions.Where(a => cases.Contains(a.CaseId) && a.Mandatory).ToListAsync());
        int Of(params int[] which) => mandatory.Count(a => which.Select(i => cases[i]).Contains(a.CaseId));
        Assert.True(Of(0, 1) > 5, "the first sweep's events need more than one page");
        async Task<Notification> UnreadDigestAfterDueAsync(int @case)
        {
            clock.Now = new DateTimeOffset(mandatory.Where(a => a.CaseId == cases[@case]).Max(a => a.DueAt), TimeSpan.Zero).AddMinutes(1);
            await SweepAsync(app);
            return Assert.Single(await app.WithDbAsync(db => db.UserNotifications.Where(n => n.UserId == ivy.Id && n.Kind == NotificationKinds.ActionOverdue && n.ReadAt == null).ToListAsync()));
        }

        var digest = await UnreadDigestAfterDueAsync(1);
        Assert.StartsWith($"{Of(0, 1)} mandatory actions are overdue on 2 cases (due ", digest.Text, StringComparison.Ordinal);
        var gathered = await UnreadDigestAfterDueAsync(2);
        Assert.Equal(digest.Id, gathered.Id);
        Assert.StartsWith($"{Of(0, 1, 2)} mandatory actions are overdue on 3 cases (due ", gathered.Text, StringComparison.Ordinal);
        Assert.Equal(Of(0, 1, 2), await app.WithDbAsync(db => db.DueEventNotices.CountAsync(n => n.Kind == NotificationKinds.ActionOverdue && cases.Contains(n.CaseId))));

        Task<int> CasesCountedAsync(Guid d) => app.WithDbAsync(db => db.DueEventDigestCases.CountAsync(c => c.NotificationId == d));
        Assert.Equal(3, await CasesCountedAsync(digest.Id));

        // Read (as the inbox marks it: the test's clock is past the API token's life): never changed again, its case rows
        // gone (ADR 1638); the next events start a digest of their own.
        var reader = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, ivy.Id)], "test"));
        Assert.True(await app.WithScopeAsync(sp => sp.GetRequiredService<Inbox>().MarkReadAsync(reader, digest.Id, default)));
        Assert.Equal(0, await CasesCountedAsync(digest.Id));
        var next = await UnreadDigestAfterDueAsync(3);
        Assert.NotEqual(digest.Id, next.Id);
        Assert.StartsWith($"{Of(3)} mandatory actions are overdue on 1 case (due ", next.Text, StringComparison.Ordinal);
        Assert.Equal(gathered.Text, await app.WithDbAsync(db => db.UserNotifications.Where(n => n.Id == digest.Id).Select(n => n.Text).SingleAsync()));
        Assert.Equal(1, await CasesCountedAsync(next.Id));
    }

    /// <summary>Two sweeps at once (a lease that moved, a CLI process on SQLite) gathering into one person's digest: no
    /// second digest, no event lost from the count or counted twice.</summary>
    [Fact]
    public async Task SweepsAtOnce_GatherIntoOneDigest_LosingNoEventAndCountingNoneTwice()
    {
        var (app, clock) = await StartAsync(s => s.Configure<DueEventOptions>(o => (o.DigestAbove, o.PageSize) = (0, 2)));
        await using var _ = app;
        await using var other = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var ivy = await app.CreateUserAsync(Roles.Investigator, "race-" + Guid.NewGuid().ToString("N")[..8]);
        var cases = await AllocatedCasesAsync(app, ivy, 4);
        clock.Now = new DateTimeOffset(await app.WithDbAsync(db => db.CaseActions.Where(a => cases.Contains(a.CaseId)).MaxAsync(a => a.DueAt)), TimeSpan.Zero).AddMinutes(1);

        await Task.WhenAll(SweepAsync(app), SweepAsync(other), RaiseAsync(app), RaiseAsync(other), RaiseAsync(app), RaiseAsync(other));
        for (var sweep = 0; sweep < 3; sweep++) await SweepAsync(app); // the pages that lost a race, read again

        var raised = await app.WithDbAsync(db => db.DueEventNotices.CountAsync(n => n.Kind == NotificationKinds.ActionOverdue && cases.Contains(n.CaseId)));
        Assert.Equal(await app.WithDbAsync(db => db.CaseActions.CountAsync(a => cases.Contains(a.CaseId) && a.Mandatory)), raised);
        var digest = Assert.Single(await app.WithDbAsync(db => db.UserNotifications.Where(n => n.UserId == ivy.Id && n.Kind == NotificationKinds.ActionOverdue).ToListAsync()));
        Assert.StartsWith($"{raised} mandatory actions are overdue on 4 cases (due ", digest.Text, StringComparison.Ordinal);
    }

    /// <summary>Notifications stated times in UTC while every page shows the force's time, and "on 1 cases". A review due
    /// at 23:30 UTC in summer is due at 00:30 BST the next day, as the case page says.</summary>
    [Fact]
    public async Task ANotificationStatesTheForcesTime_AndOneOfAThingInTheSingular()
    {
        var (ivy, supervisor, reference, told) = await ReviewDueAtMidnightInSummerAsync(digestAbove: 0);
        // A digest of one: the officer in charge's list of the cases they lead holds it (ADR 1634), the supervisor's theirs.
        Assert.Equal("1 case review is due on 1 case (due 15 Jul 2026). Open the list to see it.", Assert.Single(told, n => n.UserId == ivy.Id).Text);
        Assert.Equal("1 case review is due on 1 case (due 15 Jul 2026). Open the list to see it.", Assert.Single(told, n => n.UserId == supervisor.Id).Text);
        Assert.DoesNotContain(reference, Assert.Single(told, n => n.UserId == ivy.Id).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEventToldOnItsOwn_StatesTheForcesTime()
    {
        var (ivy, _, reference, told) = await ReviewDueAtMidnightInSummerAsync(digestAbove: 10);
        Assert.Equal($"The 24h case review of {reference} is due (since 15 Jul 2026 00:30 BST)", Assert.Single(told, n => n.UserId == ivy.Id).Text);
    }

    /// <summary>A case's 24h review due at 23:30 UTC on 14 July 2026 (00:30 on the 15th in London, in summer time), swept:
    /// the review-due notifications of its officer in charge and the team's supervisor.</summary>
    private async Task<(TestUser Ivy, TestUser Supervisor, string Reference, List<Notification> Told)> ReviewDueAtMidnightInSummerAsync(int digestAbove)
    {
        var (app, _) = await StartAsync(s => s.Configure<DueEventOptions>(o => o.DigestAbove = digestAbove));
        await using var _app = app;
        var team = "bst-" + Guid.NewGuid().ToString("N")[..8];
        var ivy = await app.CreateUserAsync(Roles.Investigator, team);
        var supervisor = await app.CreateUserAsync(Roles.Supervisor, team);
        var c = await app.CreateCaseAsync(ivy, Samples.Record(classification: CaseClassification.UnderInvestigation));
        var due = new DateTime(2026, 7, 14, 23, 30, 0, DateTimeKind.Utc);
        await app.WithDbAsync(async db =>
        {
            await db.Cases.Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.OfficerInChargeId, ivy.Id));
            return await db.CaseReviews.Where(r => r.CaseId == c.Id && r.Label == "24h").ExecuteUpdateAsync(s => s.SetProperty(r => r.DueAt, due));
        });

        await SweepAsync(app);

        var told = await app.WithDbAsync(db => db.UserNotifications.Where(n => n.Kind == NotificationKinds.ReviewDue && (n.UserId == ivy.Id || n.UserId == supervisor.Id)).ToListAsync());
        return (ivy, supervisor, c.Reference, told);
    }

    /// <summary>Cases of the user's team whose officer in charge they are, every mandatory action allocated to them, so
    /// that their My work (the list a digest links them to) holds each.</summary>
    private static async Task<List<Guid>> AllocatedCasesAsync(VigilAppFactory app, TestUser officer, int count)
    {
        var cases = new List<Guid>();
        for (var i = 0; i < count; i++) cases.Add((await app.CreateCaseAsync(officer, PortLike())).Id);
        await app.WithDbAsync(async db =>
        {
            await db.Cases.Where(x => cases.Contains(x.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.OfficerInChargeId, officer.Id));
            return await db.CaseActions.Where(a => cases.Contains(a.CaseId) && a.Mandatory).ExecuteUpdateAsync(s => s.SetProperty(a => a.AllocatedTo, officer.UserName));
        });
        return cases;
    }
}
