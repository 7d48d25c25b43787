using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Enquiries;
using Vigil.Data.Identity;
using Vigil.Data.Notifications;
using Vigil.Web.Features.Enquiries.Dashboards;
using Vigil.Web.Features.Notifications.DueEvents;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Notifications;

/// <summary>ADR 1633 read by an outside reviewer (round 44, ADR 3176): the pending index raises exactly the events the
/// anti-join before it raised, in every state a row can be in, at the boundary of now; and the upgrade's backfill marks
/// only the rows whose current due date was raised, and changes nothing when run again.</summary>
public abstract class PendingDueEventsTests
{
    private const string Backfill = "90000000001633_DueEventNoticedBackfill";

    protected abstract VigilAppFactory NewApp(Action<IServiceCollection> services);

    [Fact]
    public async Task TheSweepRaises_WhatTheAntiJoinBeforeItRaised_InEveryStateAndAtTheBoundaryOfNow()
    {
        var (app, clock) = await StartAsync();
        await using var _ = app;
        var ivy = await app.CreateUserAsync(Roles.Investigator, "same-" + Guid.NewGuid().ToString("N")[..8]);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add((await app.CreateCaseAsync(ivy, PortLike())).Id);
        // Whole seconds, so that "due exactly now" is the same instant on both stores (PostgreSQL keeps microseconds).
        var now = new DateTime(clock.Now.UtcDateTime.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc).AddDays(60);
        clock.Now = new DateTimeOffset(now);
        TimeSpan[] offsets = [TimeSpan.FromDays(-1), TimeSpan.FromSeconds(-1), TimeSpan.Zero, TimeSpan.FromSeconds(1)];
        var (earlier, marked) = (now.AddDays(-3), now.AddDays(-5));
        await app.WithDbAsync(async db =>
        {
            await db.Cases.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.OfficerInChargeId, ivy.Id));
            var actions = await db.CaseActions.Where(a => ids.Contains(a.CaseId)).OrderBy(a => a.CaseId).ThenBy(a => a.Number).ToListAsync();
            Assert.True(actions.Count >= 24, $"five Port-like cases raise at least 24 actions (they raised {actions.Count})");
            // Every state against every offset from now, most of them mandatory.
            for (var i = 0; i < actions.Count; i++)
                (actions[i].Status, actions[i].DueAt, actions[i].Mandatory) = (ActionStatus.All[i % 6], now + offsets[i / 6 % 4], i % 7 != 6);
            var reviews = await db.CaseReviews.Where(r => ids.Contains(r.CaseId)).OrderBy(r => r.CaseId).ThenBy(r => r.Label).ToListAsync();
            for (var j = 0; j < reviews.Count; j++)
                (reviews[j].DueAt, reviews[j].CompletedAt) = (now + offsets[j % 4], j % 5 == 4 ? now.AddDays(-2) : null);
            // Three overdue rows of each kind with a history: raised by an older build (a notice, no mark); raised at an
            // earlier date and re-dated since (a notice and a mark of that date); raised and marked at their date.
            var due = actions.Where(a => a.Mandatory && ActionStatus.Overdue.Contains(a.Status) && a.DueAt < now).ToList();
            var dueReviews = reviews.Where(r => r.CompletedAt is null && r.DueAt < now).ToList();
            Assert.True(due.Count >= 3 && dueReviews.Count >= 3, "three overdue rows of each kind");
            History(db, NotificationKinds.ActionOverdue, due[0].Id, due[0].CaseId, due[0].DueAt);
            History(db, NotificationKinds.ActionOverdue, due[1].Id, due[1].CaseId, earlier);
            due[1].NoticedDueAt = earlier;
            History(db, NotificationKinds.ActionOverdue, due[2].Id, due[2].CaseId, due[2].DueAt);
            History(db, NotificationKinds.ReviewDue, dueReviews[0].Id, dueReviews[0].CaseId, dueReviews[0].DueAt);
            History(db, NotificationKinds.ReviewDue, dueReviews[1].Id, dueReviews[1].CaseId, marked);
            dueReviews[1].NoticedDueAt = marked;
            History(db, NotificationKinds.ReviewDue, dueReviews[2].Id, dueReviews[2].CaseId, dueReviews[2].DueAt);
            await db.SaveChangesAsync();
            // The marks of rows raised at their due date, as the sweep writes them (not through the tracked save).
            Guid[] markedIds = [due[2].Id];
            await db.CaseActions.Where(a => markedIds.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.NoticedDueAt, a => a.DueAt));
            Guid[] markedReviews = [dueReviews[2].Id];
            await db.CaseReviews.Where(r => markedReviews.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.NoticedDueAt, r => r.DueAt));
        });
        // What ADR 3152's read raised: the dashboard's overdue rows, mandatory, less those a notice names at their date.
        var (wantActions, wantReviews) = await app.WithDbAsync(async db =>
        {
            var notices = db.DueEventNotices;
            var a = await WorkLists.OverdueActions(db, now).Where(x => ids.Contains(x.CaseId) && x.Mandatory
                && !notices.Any(n => n.Kind == NotificationKinds.ActionOverdue && n.SubjectId == x.Id && n.DueAt == x.DueAt)).Select(x => x.Id).ToListAsync();
            var r = await WorkLists.OverdueReviews(db, now).Where(x => ids.Contains(x.CaseId)
                && !notices.Any(n => n.Kind == NotificationKinds.ReviewDue && n.SubjectId == x.Id && n.DueAt == x.DueAt)).Select(x => x.Id).ToListAsync();
            return (a, r);
        });
        Assert.NotEmpty(wantActions);
        Assert.NotEmpty(wantReviews);
        var before = await app.WithDbAsync(db => db.DueEventNotices.Select(n => n.Id).ToListAsync());

        await SweepAsync(app);
        await SweepAsync(app);
        var raised = await app.WithDbAsync(db => db.DueEventNotices.Where(n => !before.Contains(n.Id)).ToListAsync());
        Assert.Equal(wantActions.Order(), raised.Where(n => n.Kind == NotificationKinds.ActionOverdue).Select(n => n.SubjectId).Order());
        Assert.Equal(wantReviews.Order(), raised.Where(n => n.Kind == NotificationKinds.ReviewDue).Select(n => n.SubjectId).Order());
        // And nothing due stays in the pending index: the rows an older build raised are marked too.
        Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<DueEventRaiser>().PendingActions(now).CountAsync(a => ids.Contains(a.CaseId))));
        Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<DueEventRaiser>().PendingReviews(now).CountAsync(r => ids.Contains(r.CaseId))));
    }

    /// <summary>The upgrade's backfill (ids 9000…1633, both migrations projects) on a store an older build swept part of:
    /// a row whose notice names its due date is marked; a review rescheduled since it was raised is not (its new date is
    /// raised when due), nor a row never raised; a second run changes nothing.</summary>
    [Fact]
    public async Task TheBackfill_MarksOnlyRowsRaisedAtTheirDueDate_AndRunAgainChangesNothing()
    {
        var (app, clock) = await StartAsync();
        await using var _ = app;
        var ivy = await app.CreateUserAsync(Roles.Investigator, "fill-" + Guid.NewGuid().ToString("N")[..8]);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        await app.WithDbAsync(db => db.Cases.Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.OfficerInChargeId, ivy.Id)));
        var due = await app.WithDbAsync(async db => new[] { await db.CaseActions.Where(a => a.CaseId == c.Id).MaxAsync(a => a.DueAt),
            await db.CaseReviews.Where(r => r.CaseId == c.Id).MinAsync(r => r.DueAt) });
        // Past every action's date and the first review's at least.
        clock.Now = new DateTimeOffset(due.Max(), TimeSpan.Zero).AddMinutes(1);
        var now = clock.Now.UtcDateTime;
        await SweepAsync(app);
        var first = await app.WithDbAsync(db => db.CaseReviews.Where(r => r.CaseId == c.Id).OrderBy(r => r.DueAt).FirstAsync());
        Assert.Equal(first.DueAt, first.NoticedDueAt);
        var noticesBefore = await app.WithDbAsync(db => db.DueEventNotices.CountAsync(n => n.CaseId == c.Id));
        await app.WithDbAsync(async db =>
        {
            // Rescheduled since it was raised (a reclassification moves a pending review, ADR 0204), still overdue.
            var moved = first.DueAt.AddSeconds(30);
            await db.CaseReviews.Where(r => r.Id == first.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.DueAt, moved));
            // The store as the build before left it: no row marked.
            await db.CaseActions.Where(a => a.CaseId == c.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.NoticedDueAt, (DateTime?)null));
            await db.CaseReviews.Where(r => r.CaseId == c.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.NoticedDueAt, (DateTime?)null));
        });

        var marks = await UpgradeAsync(app);
        var actions = await app.WithDbAsync(db => db.CaseActions.AsNoTracking().Where(a => a.CaseId == c.Id).ToListAsync());
        var reviews = await app.WithDbAsync(db => db.CaseReviews.AsNoTracking().Where(r => r.CaseId == c.Id).ToListAsync());
        Assert.All(actions, a => Assert.Equal(a.Mandatory ? a.DueAt : null, a.NoticedDueAt));
        var notices = await app.WithDbAsync(db => db.DueEventNotices.Where(n => n.CaseId == c.Id).Select(n => new { n.SubjectId, n.DueAt }).ToListAsync());
        Assert.All(reviews, r => Assert.Equal(notices.Contains(new { SubjectId = r.Id, r.DueAt }) ? r.DueAt : null, r.NoticedDueAt));
        Assert.Null(reviews.Single(r => r.Id == first.Id).NoticedDueAt); // raised at its old date only
        Assert.Equal(marks, await UpgradeAsync(app));
        Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<DueEventRaiser>().PendingActions(now).CountAsync(a => a.CaseId == c.Id)));

        await SweepAsync(app);
        await SweepAsync(app);
        var raised = await app.WithDbAsync(db => db.DueEventNotices.Where(n => n.CaseId == c.Id).ToListAsync());
        Assert.Equal(noticesBefore + 1, raised.Count);
        Assert.Single(raised, n => n.SubjectId == first.Id && n.DueAt == first.DueAt.AddSeconds(30));
    }

    /// <summary>The backfill applied again, as `vigil migrate` applies it to a store of the build before (its row taken
    /// out of the history); the marks it leaves, row by row.</summary>
    private static async Task<List<(Guid, DateTime?)>> UpgradeAsync(VigilAppFactory app)
    {
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{Backfill}'"));
        Assert.Contains(Backfill, await DataSetup.MigrateAsync(app.Services));
        return await app.WithDbAsync(async db =>
            (await db.CaseActions.Select(a => new { a.Id, a.NoticedDueAt }).Concat(db.CaseReviews.Select(r => new { r.Id, r.NoticedDueAt })).ToListAsync())
                .Select(x => (x.Id, x.NoticedDueAt)).OrderBy(x => x.Id).ToList());
    }

    private static void History(VigilDbContext db, string kind, Guid subject, Guid caseId, DateTime dueAt) =>
        db.DueEventNotices.Add(new DueEventNotice { Kind = kind, SubjectId = subject, CaseId = caseId, DueAt = dueAt, RaisedAt = dueAt });

    private async Task<(VigilAppFactory App, SettableClock Clock)> StartAsync()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        var app = NewApp(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            BackgroundServices.Remove(s, typeof(DueEventSweep));
        });
        await app.InitializeAsync();
        _ = app.Services;
        return (app, clock);
    }

    private static Task<DueEventCounts?> SweepAsync(VigilAppFactory app) =>
        DueEventSweep.RunOnceAsync(app.Services.GetRequiredService<IServiceScopeFactory>(), default);

    private sealed class SettableClock(DateTimeOffset at) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = at;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

public sealed class PendingDueEventsTests_Sqlite : PendingDueEventsTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new SqliteApp { ServiceChanges = services };
}

[Collection(PostgresCollection.Name)]
public sealed class PendingDueEventsTests_Postgres : PendingDueEventsTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new PostgresApp { ServiceChanges = services };
}
