using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Data.Enquiries;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Data.Notifications;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Family;
using Vigil.Web.Hosting;
using Vigil.Web.Features.Notifications;
using Vigil.Web.Features.Notifications.DueEvents;
using Vigil.Web.Tests.Features.Family;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Notifications;

/// <summary>ADR 3152: each due event (a family contact missed, a case review due, a mandatory action overdue) notifies
/// the right people once, whichever node sweeps and however often; nothing is raised before it is due or once it is
/// done. Each test has its own store and a clock it moves; the sweep is called, not waited for.</summary>
public abstract partial class DueEventSweepTests
{
    protected abstract VigilAppFactory NewApp(Action<IServiceCollection> services);

    [Fact]
    public async Task MissedFamilyContact_NotifiesTheFloAndSupervisorOnce_AndAContactLoggedStartsANewDeadline()
    {
        var (app, clock) = await StartAsync();
        await using var _ = app;
        var f = await FamilyKit.CaseAsync(app);
        var supervisor = await app.CreateUserAsync(Roles.Supervisor, f.Flo.Team);
        var identified = clock.Now.UtcDateTime;
        await Liaison(app, c => c.SaveFileAsync(f.Case.Id, identified, null, null, false, "test", default));

        clock.Now = clock.Now.AddHours(23);
        await SweepAsync(app);
        Assert.Empty(await RaisedAsync(app, NotificationKinds.ContactOverdue, f.Case.Id));

        clock.Now = clock.Now.AddHours(2);
        await SweepAsync(app);
        await SweepAsync(app);
        var raised = await RaisedAsync(app, NotificationKinds.ContactOverdue, f.Case.Id);
        Assert.Equal(new[] { f.Flo.Id, supervisor.Id }.Order(StringComparer.Ordinal), raised.Select(n => n.UserId).Order(StringComparer.Ordinal));
        Assert.All(raised, n => Assert.Contains("First contact with the family", n.Text, StringComparison.Ordinal));

        // A contact logged: the next is owed a week on; nothing until then, then one new event.
        await Liaison(app, c => c.LogContactAsync(new FamilyContact { CaseId = f.Case.Id, At = clock.Now.UtcDateTime, Method = "visit", By = f.Flo.UserName, Summary = "home visit" }, null, default));
        clock.Now = clock.Now.AddDays(6);
        await SweepAsync(app);
        Assert.Equal(2, (await RaisedAsync(app, NotificationKinds.ContactOverdue, f.Case.Id)).Count);
        clock.Now = clock.Now.AddDays(2);
        await SweepAsync(app);
        await SweepAsync(app);
        var next = (await RaisedAsync(app, NotificationKinds.ContactOverdue, f.Case.Id)).Where(n => n.Text.Contains("Next contact", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, next.Count);
    }

    /// <summary>Each sweep reads at most PagesPerSweep pages of cases with a missed contact. It started from the first
    /// reference every time and did not leave out those already raised, so with more such cases than one sweep reads (on a
    /// force's store: every old case whose liaison was never ended) the cases after them, the newest references, were
    /// never raised at all. Here one case a sweep.</summary>
    [Fact]
    public async Task MissedFamilyContacts_BeyondWhatOneSweepReads_AreRaisedByTheNextSweeps()
    {
        var (app, clock) = await StartAsync(s => s.Configure<DueEventOptions>(o => (o.PageSize, o.PagesPerSweep) = (1, 1)));
        await using var _ = app;
        var families = new List<FamilyCase>();
        for (var i = 0; i < 3; i++) families.Add(await FamilyKit.CaseAsync(app));
        foreach (var f in families) await Liaison(app, c => c.SaveFileAsync(f.Case.Id, clock.Now.UtcDateTime, null, null, false, "test", default));

        clock.Now = clock.Now.AddHours(25);
        for (var sweep = 0; sweep < 4; sweep++) await SweepAsync(app);
        foreach (var f in families) Assert.Contains(await RaisedAsync(app, NotificationKinds.ContactOverdue, f.Case.Id), n => n.UserId == f.Flo.Id);
        var ids = families.Select(f => f.Case.Id).ToList();
        Assert.Equal(3, await app.WithDbAsync(db => db.DueEventNotices.CountAsync(n => n.Kind == NotificationKinds.ContactOverdue && ids.Contains(n.CaseId))));
    }

    /// <summary>ADR 3228 (round 53): a sweep reads its pages of missed contacts in one statement. A statement a page made
    /// the database find and sort every candidate after the page's reference again for each page: on a million deaths
    /// with 50,205 families, 3.8 s a page, 100 s a sweep that raised nothing (docs/operations.md, round 53, family53).</summary>
    [Fact]
    public async Task ASweep_ReadsItsPagesOfMissedContacts_InOneStatement_AndRaisesEachPage()
    {
        var (app, clock) = await StartAsync(s =>
        {
            s.Configure<DueEventOptions>(o => (o.PageSize, o.PagesPerSweep) = (1, 3));
            Hosting.StatementCounter.Register(s);
        });
        await using var _ = app;
        var families = new List<FamilyCase>();
        for (var i = 0; i < 3; i++) families.Add(await FamilyKit.CaseAsync(app));
        foreach (var f in families) await Liaison(app, c => c.SaveFileAsync(f.Case.Id, clock.Now.UtcDateTime, null, null, false, "test", default));

        clock.Now = clock.Now.AddHours(25);
        var counter = app.Services.GetRequiredService<Hosting.StatementCounter>();
        counter.Start(outside: true);
        await SweepAsync(app);
        var sent = counter.Stop().Sent;
        foreach (var f in families) Assert.Contains(await RaisedAsync(app, NotificationKinds.ContactOverdue, f.Case.Id), n => n.UserId == f.Flo.Id);
        // (ADR 3267: the missed contacts are read from the liaison rows, their latest contact's promise a column of each.)
        Assert.Single(sent, s => s.Contains("Reference", StringComparison.Ordinal) && s.Contains("LatestContactNextDue", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReviewDue_NotifiesTheSupervisorsAndOfficerInChargeOnce_NotBefore_NorWhenCompleted()
    {
        var (app, clock) = await StartAsync();
        await using var _ = app;
        var team = "rev-" + Guid.NewGuid().ToString("N")[..8];
        var ivy = await app.CreateUserAsync(Roles.Investigator, team);
        var supervisor = await app.CreateUserAsync(Roles.Supervisor, team);
        var c = await app.CreateCaseAsync(ivy, Samples.Record(classification: CaseClassification.UnderInvestigation));
        await app.WithDbAsync(async db =>
        {
            await db.Cases.Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.OfficerInChargeId, ivy.Id));
            // The 7-day review done early: it is never raised.
            await db.CaseReviews.Where(r => r.CaseId == c.Id && r.Label == "7d").ExecuteUpdateAsync(s => s.SetProperty(r => r.CompletedAt, clock.Now.UtcDateTime));
        });

        clock.Now = clock.Now.AddHours(23);
        await SweepAsync(app);
        Assert.Empty(await RaisedAsync(app, NotificationKinds.ReviewDue, c.Id));

        clock.Now = clock.Now.AddHours(2);
        await SweepAsync(app);
        await SweepAsync(app);
        var raised = await RaisedAsync(app, NotificationKinds.ReviewDue, c.Id);
        Assert.Equal(new[] { ivy.Id, supervisor.Id }.Order(StringComparer.Ordinal), raised.Select(n => n.UserId).Order(StringComparer.Ordinal));
        Assert.All(raised, n => Assert.Contains("24h case review", n.Text, StringComparison.Ordinal));

        clock.Now = clock.Now.AddDays(8);
        await SweepAsync(app);
        Assert.DoesNotContain(await RaisedAsync(app, NotificationKinds.ReviewDue, c.Id), n => n.Text.Contains("7d", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OverdueMandatoryAction_NotifiesItsOfficerElseTheOfficerInChargeOnce_NotBefore_NorWhenDone()
    {
        var (app, clock) = await StartAsync();
        await using var _ = app;
        var team = "act-" + Guid.NewGuid().ToString("N")[..8];
        var ivy = await app.CreateUserAsync(Roles.Investigator, team);
        var dc = await app.CreateUserAsync(Roles.Investigator, team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        var mandatory = await app.WithDbAsync(db => db.CaseActions.Where(a => a.CaseId == c.Id && a.Mandatory).OrderBy(a => a.Number).ToListAsync());
        Assert.True(mandatory.Count >= 3, "PortLike raises at least three mandatory actions");
        var (allocated, unallocated, done) = (mandatory[0], mandatory[1], mandatory[2]);
        using (var api = app.ApiClient(ivy)) (await MoveAsync(api, c.Id, allocated.Number, "allocate", dc.UserName)).EnsureSuccessStatusCode();
        await app.WithDbAsync(async db =>
        {
            await db.Cases.Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.OfficerInChargeId, ivy.Id));
            await db.CaseActions.Where(a => a.Id == done.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ActionStatus.Reviewed));
        });

        clock.Now = new DateTimeOffset(mandatory.Min(a => a.DueAt), TimeSpan.Zero).AddMinutes(-1);
        await SweepAsync(app);
        Assert.Empty(await RaisedAsync(app, NotificationKinds.ActionOverdue, c.Id));

        clock.Now = new DateTimeOffset(mandatory.Max(a => a.DueAt), TimeSpan.Zero).AddMinutes(1);
        await SweepAsync(app);
        await SweepAsync(app);
        var raised = await RaisedAsync(app, NotificationKinds.ActionOverdue, c.Id);
        Assert.Single(raised, n => n.UserId == dc.Id && n.Text.Contains($"A{allocated.Number} ", StringComparison.Ordinal));
        Assert.Single(raised, n => n.UserId == ivy.Id && n.Text.Contains($"A{unallocated.Number} ", StringComparison.Ordinal));
        Assert.DoesNotContain(raised, n => n.Text.Contains($"A{done.Number} ", StringComparison.Ordinal));
        Assert.Equal(mandatory.Count - 1, raised.Count);
    }

    /// <summary>ADR 1633: a raised event leaves what the next sweep reads (on a force's store the raised stay overdue for
    /// good, and were read again every minute), while an action re-dated after it was raised is raised again at its new date.</summary>
    [Fact]
    public async Task ARaisedEvent_LeavesWhatTheNextSweepReads_AndARedatedAction_IsRaisedAgainAtItsNewDate()
    {
        var (app, clock) = await StartAsync();
        await using var _ = app;
        var team = "pend-" + Guid.NewGuid().ToString("N")[..8];
        var ivy = await app.CreateUserAsync(Roles.Investigator, team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        await app.WithDbAsync(db => db.Cases.Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.OfficerInChargeId, ivy.Id)));
        var mandatory = await app.WithDbAsync(db => db.CaseActions.Where(a => a.CaseId == c.Id && a.Mandatory).OrderBy(a => a.Number).ToListAsync());
        var reviews = await app.WithDbAsync(db => db.CaseReviews.Where(r => r.CaseId == c.Id).ToListAsync());
        Assert.NotEmpty(mandatory);
        Assert.NotEmpty(reviews);
        clock.Now = new DateTimeOffset(mandatory.Select(a => a.DueAt).Concat(reviews.Select(r => r.DueAt)).Max(), TimeSpan.Zero).AddMinutes(1);
        var now = clock.Now.UtcDateTime;
        Assert.Equal(mandatory.Count, await PendingAsync(app, r => r.PendingActions(now).CountAsync(a => a.CaseId == c.Id)));
        Assert.Equal(reviews.Count, await PendingAsync(app, r => r.PendingReviews(now).CountAsync(x => x.CaseId == c.Id)));

        await SweepAsync(app);
        Assert.Equal(0, await PendingAsync(app, r => r.PendingActions(now).CountAsync(a => a.CaseId == c.Id)));
        Assert.Equal(0, await PendingAsync(app, r => r.PendingReviews(now).CountAsync(x => x.CaseId == c.Id)));
        Assert.Equal(mandatory.Count, await app.WithDbAsync(db => db.CaseActions.CountAsync(a => a.CaseId == c.Id && a.Mandatory && a.NoticedDueAt == a.DueAt)));
        Assert.Equal(0, await app.WithDbAsync(db => db.CaseActions.CountAsync(a => a.CaseId == c.Id && !a.Mandatory && a.NoticedDueAt != null)));

        var redated = mandatory[0];
        var newDue = now.AddDays(2);
        await app.WithDbAsync(db => db.CaseActions.Where(a => a.Id == redated.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.DueAt, newDue)));
        clock.Now = clock.Now.AddDays(1);
        await SweepAsync(app);
        Assert.Single(await RaisedAsync(app, NotificationKinds.ActionOverdue, c.Id), n => n.Text.Contains($"A{redated.Number} ", StringComparison.Ordinal));
        clock.Now = clock.Now.AddDays(2);
        await SweepAsync(app);
        await SweepAsync(app);
        Assert.Equal(2, (await RaisedAsync(app, NotificationKinds.ActionOverdue, c.Id)).Count(n => n.Text.Contains($"A{redated.Number} ", StringComparison.Ordinal)));
        Assert.Equal(mandatory.Count + 1, (await RaisedAsync(app, NotificationKinds.ActionOverdue, c.Id)).Count);
    }

    /// <summary>ADR 1633: an event raised by a node of an earlier build (its notice written, its row not marked) is not
    /// raised again, and its row is marked, so it stops being read; left unmarked, such rows were re-read on every page of
    /// every sweep (a million deaths on PostgreSQL: a backlog sweep 1.3 s with them marked, 6.7 s with 60,000 not).</summary>
    [Fact]
    public async Task AnEventRaisedBeforeTheRowsWereMarked_IsNotRaisedAgain_AndItsRowIsMarked()
    {
        var (app, clock) = await StartAsync();
        await using var _ = app;
        var ivy = await app.CreateUserAsync(Roles.Investigator, "heal-" + Guid.NewGuid().ToString("N")[..8]);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        await app.WithDbAsync(db => db.Cases.Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.OfficerInChargeId, ivy.Id)));
        var due = await app.WithDbAsync(db => db.CaseActions.Where(a => a.CaseId == c.Id && a.Mandatory).MaxAsync(a => a.DueAt));
        clock.Now = new DateTimeOffset(due, TimeSpan.Zero).AddMinutes(1);
        await SweepAsync(app);
        var raised = (await RaisedAsync(app, NotificationKinds.ActionOverdue, c.Id)).Count;
        Assert.True(raised > 0);
        await app.WithDbAsync(db => db.CaseActions.Where(a => a.CaseId == c.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.NoticedDueAt, (DateTime?)null)));
        await app.WithDbAsync(db => db.CaseReviews.Where(r => r.CaseId == c.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.NoticedDueAt, (DateTime?)null)));

        await SweepAsync(app);
        Assert.Equal(raised, (await RaisedAsync(app, NotificationKinds.ActionOverdue, c.Id)).Count);
        var now = clock.Now.UtcDateTime;
        Assert.Equal(0, await PendingAsync(app, r => r.PendingActions(now).CountAsync(a => a.CaseId == c.Id)));
        Assert.Equal(0, await PendingAsync(app, r => r.PendingReviews(now).CountAsync(x => x.CaseId == c.Id)));
    }

    /// <summary>ADR 3152 amended (round 43): events nobody can be told of (a team with no supervisor, a case with no
    /// officer in charge) reach the administrators, once per team and kind and naming no case, instead of no one; while
    /// unread, that notice counts every such event since (ADR 3167).</summary>
    [Fact]
    public async Task EventsNobodyCanBeToldOf_GoToTheAdministrators_NamingTheTeamButNoCase()
    {
        var (app, clock) = await StartAsync();
        await using var _ = app;
        var team = "alone-" + Guid.NewGuid().ToString("N")[..8];
        var ivy = await app.CreateUserAsync(Roles.Investigator, team);
        var admin = await app.CreateUserAsync(Roles.Administrator);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        var (later, latest) = (await app.CreateCaseAsync(ivy, PortLike()), await app.CreateCaseAsync(ivy, PortLike()));
        // The creating investigator is the first officer in charge: the cases are left with none, as after they leave.
        await app.WithDbAsync(db => db.Cases.Where(x => x.TeamId == ivy.TeamId).ExecuteUpdateAsync(s => s.SetProperty(x => x.OfficerInChargeId, (string?)null)));
        // The later cases' actions fall due 10 and 20 days after the first's.
        await app.WithDbAsync(async db =>
        {
            foreach (var a in await db.CaseActions.Where(a => a.CaseId == later.Id || a.CaseId == latest.Id).ToListAsync())
                a.DueAt = a.DueAt.AddDays(a.CaseId == later.Id ? 10 : 20);
            await db.SaveChangesAsync();
        });
        var mandatory = await app.WithDbAsync(db => db.CaseActions.CountAsync(a => a.CaseId == c.Id && a.Mandatory));
        var due = await app.WithDbAsync(db => db.CaseActions.Where(a => a.CaseId == c.Id && a.Mandatory).MaxAsync(a => a.DueAt));
        clock.Now = new DateTimeOffset(due, TimeSpan.Zero).AddMinutes(1);

        await SweepAsync(app);
        await SweepAsync(app);
        var told = await app.WithDbAsync(db => db.UserNotifications.Where(n => n.UserId == admin.Id && n.Kind == NotificationKinds.ActionOverdue).ToListAsync());
        var notice = Assert.Single(told);
        Assert.Null(notice.CaseId);
        Assert.Contains($"{mandatory} overdue mandatory actions in team {team} have nobody to tell", notice.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(c.Reference, notice.Text, StringComparison.Ordinal);
        Assert.Empty(await RaisedAsync(app, NotificationKinds.ActionOverdue, c.Id));

        // More such events while it is unread add nothing; once read, the next are told again.
        async Task<int> MoreFallDueAsync(Guid caseId)
        {
            clock.Now = new DateTimeOffset(await app.WithDbAsync(db => db.CaseActions.Where(a => a.CaseId == caseId).MaxAsync(a => a.DueAt)), TimeSpan.Zero).AddMinutes(1);
            await SweepAsync(app);
            return await app.WithDbAsync(db => db.UserNotifications.CountAsync(n => n.UserId == admin.Id && n.Kind == NotificationKinds.ActionOverdue));
        }
        Assert.Equal(1, await MoreFallDueAsync(later.Id));
        // ADR 3167: the unread notice counts them too, not only the first page's.
        var laterMandatory = await app.WithDbAsync(db => db.CaseActions.CountAsync(a => a.CaseId == later.Id && a.Mandatory));
        var updated = await app.WithDbAsync(db => db.UserNotifications.SingleAsync(n => n.UserId == admin.Id && n.Kind == NotificationKinds.ActionOverdue));
        Assert.StartsWith($"{mandatory + laterMandatory} overdue mandatory actions in team {team} have nobody to tell", updated.Text, StringComparison.Ordinal);
        await app.WithDbAsync(db => db.UserNotifications.Where(n => n.UserId == admin.Id).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, DateTime.UtcNow)));
        Assert.Equal(2, await MoreFallDueAsync(latest.Id));
    }

    /// <summary>ADR 1633: the sweep's reads go through the pending indexes. SQLite is told the index by name (and fails
    /// should it not apply); PostgreSQL must prove the index's filter from the query's text, which a change to either
    /// (a parameterised IN list, say) silently breaks: with sequential scans off, the plan names the index or it cannot.</summary>
    [Fact]
    public async Task TheSweepsReads_GoThroughThePendingIndexes()
    {
        var (app, clock) = await StartAsync();
        await using var _ = app;
        var now = clock.Now.UtcDateTime;
        Assert.Contains(PendingDueEvents.ActionsIndex, await PlanAsync(app, r => r.PendingActions(now).Take(500)), StringComparison.Ordinal);
        Assert.Contains(PendingDueEvents.ReviewsIndex, await PlanAsync(app, r => r.PendingReviews(now).Take(500)), StringComparison.Ordinal);
    }

    private static Task<T> PendingAsync<T>(VigilAppFactory app, Func<DueEventRaiser, Task<T>> read) =>
        app.WithScopeAsync(sp => read(sp.GetRequiredService<DueEventRaiser>()));

    private static Task<string> PlanAsync<T>(VigilAppFactory app, Func<DueEventRaiser, IQueryable<T>> query) =>
        app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            await db.Database.OpenConnectionAsync();
            await using var command = query(sp.GetRequiredService<DueEventRaiser>()).CreateDbCommand();
            var postgres = db.Database.IsNpgsql();
            if (postgres)
            {
                await using var off = command.Connection!.CreateCommand();
                off.CommandText = "SET enable_seqscan = off";
                await off.ExecuteNonQueryAsync();
            }
            command.CommandText = (postgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + command.CommandText;
            var plan = new System.Text.StringBuilder();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) plan.AppendLine(reader.GetValue(reader.FieldCount - 1).ToString());
            return plan.ToString();
        });

    [Fact]
    public async Task ManyEventsForOnePerson_AreOneNotificationSayingHowMany_EachStillRaisedOnce()
    {
        var (app, clock) = await StartAsync(s => s.Configure<DueEventOptions>(o => o.DigestAbove = 3));
        await using var _ = app;
        var team = "many-" + Guid.NewGuid().ToString("N")[..8];
        var ivy = await app.CreateUserAsync(Roles.Investigator, team);
        var cases = new[] { await app.CreateCaseAsync(ivy, PortLike()), await app.CreateCaseAsync(ivy, PortLike()) }.Select(c => c.Id).ToList();
        await app.WithDbAsync(db => db.Cases.Where(x => cases.Contains(x.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.OfficerInChargeId, ivy.Id)));
        // Allocated to ivy, so that My work (the list the digest links to) holds every one of them.
        await app.WithDbAsync(db => db.CaseActions.Where(a => cases.Contains(a.CaseId) && a.Mandatory).ExecuteUpdateAsync(s => s.SetProperty(a => a.AllocatedTo, ivy.UserName)));
        var mandatory = await app.WithDbAsync(db => db.CaseActions.Where(a => cases.Contains(a.CaseId) && a.Mandatory).ToListAsync());
        Assert.True(mandatory.Count > 3, $"{mandatory.Count} mandatory actions: the test needs more than the digest's 3");

        var signedIn = clock.Now;
        clock.Now = new DateTimeOffset(mandatory.Max(a => a.DueAt), TimeSpan.Zero).AddMinutes(1);
        await SweepAsync(app);
        await SweepAsync(app);
        clock.Now = signedIn; // the test user's API token is dated from here

        var told = await app.WithDbAsync(db => db.UserNotifications.Where(n => n.UserId == ivy.Id && n.Kind == NotificationKinds.ActionOverdue).ToListAsync());
        var digest = Assert.Single(told);
        Assert.Null(digest.CaseId);
        Assert.StartsWith($"{mandatory.Count} mandatory actions are overdue on 2 cases", digest.Text, StringComparison.Ordinal);
        Assert.Equal("/enquiries/my-work", digest.Href);
        Assert.Equal(mandatory.Count, await app.WithDbAsync(db => db.DueEventNotices.CountAsync(n => n.Kind == NotificationKinds.ActionOverdue && cases.Contains(n.CaseId))));
        using var api = app.ApiClient(ivy);
        Assert.Single(await InboxAsync(api), n => n.Text == digest.Text);
    }

    /// <summary>review43's nits: the notifications gave their times in UTC while every page shows the force's time (in a
    /// British summer an hour off what the case page said), and a digest of one case's events said "on 1 cases".</summary>
    [Fact]
    public async Task DueEventNotifications_GiveTimesInTheForcesZone_AndADigestOfOneCaseSaysCase()
    {
        var (app, clock) = await StartAsync(s =>
        {
            s.PostConfigure<VigilSettings>(o => o.TimeZone = "Asia/Tokyo"); // nine hours from UTC all year: no date can hide it
            s.Configure<DueEventOptions>(o => o.DigestAbove = 2);
        });
        await using var _ = app;
        var f = await FamilyKit.CaseAsync(app);
        await Liaison(app, c => c.SaveFileAsync(f.Case.Id, clock.Now.UtcDateTime, null, null, false, "test", default));
        var ivy = await app.CreateUserAsync(Roles.Investigator, "zone-" + Guid.NewGuid().ToString("N")[..8]);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        await app.WithDbAsync(db => db.CaseActions.Where(a => a.CaseId == c.Id && a.Mandatory).ExecuteUpdateAsync(s => s.SetProperty(a => a.AllocatedTo, ivy.UserName)));
        var mandatory = await app.WithDbAsync(db => db.CaseActions.Where(a => a.CaseId == c.Id && a.Mandatory).ToListAsync());
        Assert.True(mandatory.Count > 2, $"{mandatory.Count} mandatory actions: the test needs more than the digest's 2");

        var signedIn = clock.Now;
        var due = new DateTimeOffset(mandatory.Max(a => a.DueAt), TimeSpan.Zero).AddMinutes(1);
        clock.Now = due > clock.Now.AddHours(25) ? due : clock.Now.AddHours(25);
        await SweepAsync(app);
        clock.Now = signedIn;

        var zone = app.Services.GetRequiredService<Vigil.Web.Features.Shared.ForceTime>();
        var missed = await app.WithDbAsync(db => db.DueEventNotices.SingleAsync(n => n.Kind == NotificationKinds.ContactOverdue && n.CaseId == f.Case.Id));
        var contact = Assert.Single(await RaisedAsync(app, NotificationKinds.ContactOverdue, f.Case.Id), n => n.UserId == f.Flo.Id);
        // Since ADR 3228 the notice goes on to say what started the clock, also in the force's time.
        Assert.Contains($" was due {zone.Show(missed.DueAt)}; the clock started {zone.Show(missed.DueAt.AddHours(-24))} when the deceased was identified", contact.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", contact.Text, StringComparison.Ordinal);
        var digest = Assert.Single(await app.WithDbAsync(db => db.UserNotifications.Where(n => n.UserId == ivy.Id && n.Kind == NotificationKinds.ActionOverdue).ToListAsync()));
        var (first, last) = (zone.ToLocal(mandatory.Min(a => a.DueAt)), zone.ToLocal(mandatory.Max(a => a.DueAt)));
        Assert.StartsWith($"{mandatory.Count} mandatory actions are overdue on 1 case (due {first:dd MMM yyyy} to {last:dd MMM yyyy})", digest.Text, StringComparison.Ordinal);
    }

    /// <summary>A digest names no case: it says how many and "Open the list to see each", so the list it links to must
    /// show each case it counts to the person told. It linked a supervisor's missed family contacts to the supervision
    /// dashboard (which has no family contacts), a team FLO's to the liaison dashboard's "deployed to me" view (these
    /// cases have no FLO deployed), and an officer in charge's reviews and unallocated actions to My work (which lists
    /// only actions allocated to them): each was told a count with nowhere to find the events.</summary>
    [Fact]
    public async Task ADigest_LinksToAPageThatShowsEachCaseItCounts_ToThePersonTold()
    {
        var (app, clock) = await StartAsync(s => s.Configure<DueEventOptions>(o => o.DigestAbove = 3));
        await using var _ = app;
        var team = "dig-" + Guid.NewGuid().ToString("N")[..8];
        var ivy = await app.CreateUserAsync(Roles.Investigator, team);
        var supervisor = await app.CreateUserAsync(Roles.Supervisor, team);
        var flo = await app.CreateUserAsync(Roles.FamilyLiaison, team);
        var cases = new List<CaseResponse>();
        for (var i = 0; i < 4; i++) cases.Add(await app.CreateCaseAsync(ivy, PortLike() with { Classification = CaseClassification.UnderInvestigation }));
        var ids = cases.Select(c => c.Id).ToList();
        // Everything fell due an hour ago; the clock is not moved, so the lists read now show what the sweep raised.
        var past = clock.Now.UtcDateTime.AddHours(-1);
        foreach (var id in ids) await Liaison(app, c => c.SaveFileAsync(id, past.AddDays(-2), null, null, false, "test", default));
        await app.WithDbAsync(async db =>
        {
            await db.Cases.Where(x => ids.Contains(x.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.OfficerInChargeId, ivy.Id));
            await db.CaseReviews.Where(r => ids.Contains(r.CaseId) && r.Label == "24h").ExecuteUpdateAsync(s => s.SetProperty(r => r.DueAt, past));
            return await db.CaseActions.Where(a => ids.Contains(a.CaseId) && a.Mandatory).ExecuteUpdateAsync(s => s.SetProperty(a => a.DueAt, past));
        });

        await SweepAsync(app);

        foreach (var (user, kinds) in new[] { (ivy, 2), (supervisor, 2), (flo, 1) })
        {
            var digests = await app.WithDbAsync(db => db.UserNotifications.Where(n => n.UserId == user.Id && n.CaseId == null).ToListAsync());
            using var web = await app.SignedInClientAsync(user);
            foreach (var digest in digests)
            {
                var page = await web.GetStringAsync(digest.Href);
                var missing = cases.Select(c => c.Reference).Where(r => !page.Contains(r, StringComparison.Ordinal)).ToList();
                Assert.True(missing.Count == 0, $"{user.Role}'s digest \"{digest.Text}\" links to {digest.Href}, which does not show {string.Join(", ", missing)}");
            }
            // Every event reached the person, in a digest or on its own.
            var told = await app.WithDbAsync(db => db.UserNotifications.Where(n => n.UserId == user.Id).Select(n => n.Kind).Distinct().CountAsync());
            Assert.Equal(kinds, told);
        }
    }

    /// <summary>An officer in charge is told of the overdue actions no one else holds and of the reviews due on the cases
    /// they lead. My work lists only actions allocated to them, so these were told one at a time: the demo's
    /// investigator got 3,199 notifications in one sweep. Now a digest of each kind links to their list of the cases
    /// they lead, which shows every one (ADR 1634); My work links to both lists with their counts.</summary>
    [Fact]
    public async Task AnOfficerInCharge_ToldOfManyEventsOnTheCasesTheyLead_GetsOneDigestOfEachKind_ThatListsThem()
    {
        var (app, clock) = await StartAsync(s => s.Configure<DueEventOptions>(o => o.DigestAbove = 3));
        await using var _ = app;
        var team = "lead-" + Guid.NewGuid().ToString("N")[..8];
        var ivy = await app.CreateUserAsync(Roles.Investigator, team);
        await app.CreateUserAsync(Roles.Supervisor, team);
        var other = await app.CreateUserAsync(Roles.Investigator, team);
        var cases = new List<CaseResponse>();
        for (var i = 0; i < 4; i++) cases.Add(await app.CreateCaseAsync(ivy, PortLike() with { Classification = CaseClassification.UnderInvestigation }));
        var notLed = await app.CreateCaseAsync(other, PortLike() with { Classification = CaseClassification.UnderInvestigation });
        var ids = cases.Select(c => c.Id).ToList();
        var past = clock.Now.UtcDateTime.AddHours(-1);
        await app.WithDbAsync(async db =>
        {
            await db.Cases.Where(x => ids.Contains(x.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.OfficerInChargeId, ivy.Id));
            await db.Cases.Where(x => x.Id == notLed.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.OfficerInChargeId, other.Id));
            await db.CaseReviews.Where(r => (ids.Contains(r.CaseId) || r.CaseId == notLed.Id) && r.Label == "24h").ExecuteUpdateAsync(s => s.SetProperty(r => r.DueAt, past));
            return await db.CaseActions.Where(a => (ids.Contains(a.CaseId) || a.CaseId == notLed.Id) && a.Mandatory).ExecuteUpdateAsync(s => s.SetProperty(a => a.DueAt, past));
        });

        await SweepAsync(app);

        using var web = await app.SignedInClientAsync(ivy);
        // The actions' list narrowed to the mandatory ones, which are what the sweep tells of (ADR 3282).
        foreach (var (kind, list) in new[] { (NotificationKinds.ActionOverdue, "overdue-actions?mandatory=true"), (NotificationKinds.ReviewDue, "overdue-reviews") })
        {
            var told = await app.WithDbAsync(db => db.UserNotifications.Where(n => n.UserId == ivy.Id && n.Kind == kind).ToListAsync());
            var digest = Assert.Single(told);
            Assert.Null(digest.CaseId);
            Assert.Equal($"/enquiries/led/{list}", digest.Href);
            var page = await web.GetStringAsync(digest.Href);
            Assert.All(cases, c => Assert.Contains(c.Reference, page, StringComparison.Ordinal));
            Assert.DoesNotContain(notLed.Reference, page, StringComparison.Ordinal);
        }
        var myWork = await web.GetStringAsync("/enquiries/my-work");
        var overdue = await app.WithDbAsync(db => db.CaseActions.CountAsync(a => ids.Contains(a.CaseId) && a.Mandatory));
        Assert.Contains($">{overdue} overdue actions</a>", myWork, StringComparison.Ordinal);
        Assert.Contains(">4 overdue case reviews</a>", myWork, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverdueMandatoryAction_OfAnOfficerWhoCannotBeTold_GoesToTheOfficerInCharge()
    {
        var (app, clock) = await StartAsync();
        await using var _ = app;
        var team = "gone-" + Guid.NewGuid().ToString("N")[..8];
        var ivy = await app.CreateUserAsync(Roles.Investigator, team);
        var left = await app.CreateUserAsync(Roles.Investigator, team);
        var moved = await app.CreateUserAsync(Roles.Investigator, team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        var mandatory = await app.WithDbAsync(db => db.CaseActions.Where(a => a.CaseId == c.Id && a.Mandatory).OrderBy(a => a.Number).ToListAsync());
        using (var api = app.ApiClient(ivy))
        {
            (await MoveAsync(api, c.Id, mandatory[0].Number, "allocate", left.UserName)).EnsureSuccessStatusCode();
            (await MoveAsync(api, c.Id, mandatory[1].Number, "allocate", moved.UserName)).EnsureSuccessStatusCode();
        }
        await app.WithDbAsync(async db =>
        {
            await db.Cases.Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.OfficerInChargeId, ivy.Id));
            // One officer has left the force (account disabled), the other has moved to another team: neither may read
            // the case any more, so a notification to them tells no one.
            await db.Users.Where(u => u.Id == left.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Disabled, true));
            return await db.UserTeams.Where(t => t.UserId == moved.Id).ExecuteDeleteAsync();
        });

        clock.Now = new DateTimeOffset(mandatory.Max(a => a.DueAt), TimeSpan.Zero).AddMinutes(1);
        await SweepAsync(app);
        var raised = await RaisedAsync(app, NotificationKinds.ActionOverdue, c.Id);
        Assert.DoesNotContain(raised, n => n.UserId == left.Id || n.UserId == moved.Id);
        Assert.Single(raised, n => n.UserId == ivy.Id && n.Text.Contains($"A{mandatory[0].Number} ", StringComparison.Ordinal));
        Assert.Single(raised, n => n.UserId == ivy.Id && n.Text.Contains($"A{mandatory[1].Number} ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoNodesSweepingAtOnce_RaiseEachEventOnce_WithOrWithoutTheLease()
    {
        var (app, clock) = await StartAsync();
        await using var _ = app;
        // A second node on the same store and clock (the first's service changes carry over: no timer on either).
        await using var other = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var team = "two-" + Guid.NewGuid().ToString("N")[..8];
        var ivy = await app.CreateUserAsync(Roles.Investigator, team);
        await app.CreateUserAsync(Roles.Supervisor, team);
        var cases = new List<Guid>();
        for (var i = 0; i < 4; i++) cases.Add((await app.CreateCaseAsync(ivy, PortLike() with { Classification = CaseClassification.UnderInvestigation })).Id);

        foreach (var step in new[] { TimeSpan.FromHours(25), TimeSpan.FromDays(7), TimeSpan.FromDays(30) })
        {
            clock.Now = clock.Now.Add(step);
            // The leased sweep of both nodes, and the raise itself twice on each (a lease that moved mid-sweep).
            await Task.WhenAll(SweepAsync(app), SweepAsync(other), RaiseAsync(app), RaiseAsync(other), RaiseAsync(app), RaiseAsync(other));
            var notices = await app.WithDbAsync(db => db.DueEventNotices.Where(n => cases.Contains(n.CaseId)).ToListAsync());
            Assert.Equal(notices.Count, notices.Select(n => (n.Kind, n.SubjectId, n.DueAt)).Distinct().Count());
            var notifications = await app.WithDbAsync(db => db.UserNotifications.Where(n => n.CaseId != null && cases.Contains(n.CaseId.Value)
                && (n.Kind == NotificationKinds.ReviewDue || n.Kind == NotificationKinds.ActionOverdue)).ToListAsync());
            // One per recipient per event: never the same text to the same user twice.
            Assert.Equal(notifications.Count, notifications.Select(n => (n.UserId, n.Text)).Distinct().Count());
            Assert.NotEmpty(notices);
        }
        var reviews = await app.WithDbAsync(db => db.CaseReviews.CountAsync(r => cases.Contains(r.CaseId)));
        Assert.Equal(reviews, await app.WithDbAsync(db => db.DueEventNotices.CountAsync(n => cases.Contains(n.CaseId) && n.Kind == NotificationKinds.ReviewDue)));
    }

    /// <summary>Two sweeps at once (a lease that moved, a CLI process on SQLite) whose pages overlap: the other one's page
    /// ended inside this one's (its page size, or where its node's pass had got to), so it raised only the first of this
    /// page's events while this one was reading. This one's save meets that notice and fails whole; the page's other
    /// events must still be raised in this sweep, each once. Before, a missed-contact page was passed over until the sweep
    /// came round the store's family cases again, and an action page waited for the sweep's next page or the next sweep.</summary>
    [Theory]
    [InlineData(NotificationKinds.ContactOverdue)]
    [InlineData(NotificationKinds.ActionOverdue)]
    public async Task ASweepWhosePageAnotherSweepPartlyRaised_RaisesTheRestInTheSameSweep_EachOnce(string kind)
    {
        // This sweep stops after reading its page (for contacts, the notices of its page's cases), until the other has run.
        var read = new CommandPause(sql => sql.Contains(kind == NotificationKinds.ContactOverdue ? "due_event_notices" : PendingDueEvents.Actions,
            StringComparison.Ordinal), armed: false);
        var (app, clock) = await StartAsync(s =>
        {
            s.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(read);
            // One page a sweep, each event told on its own (a digest would fold the events' texts into one).
            s.Configure<DueEventOptions>(o => (o.PagesPerSweep, o.DigestAbove) = (1, 1000));
        });
        await using var _ = app;
        var cases = new List<Guid>();
        if (kind == NotificationKinds.ContactOverdue)
        {
            for (var i = 0; i < 3; i++) cases.Add((await FamilyKit.CaseAsync(app)).Case.Id);
            foreach (var id in cases) await Liaison(app, c => c.SaveFileAsync(id, clock.Now.UtcDateTime, null, null, false, "test", default));
            clock.Now = clock.Now.AddHours(25);
        }
        else
        {
            var team = "race-" + Guid.NewGuid().ToString("N")[..8];
            var ivy = await app.CreateUserAsync(Roles.Investigator, team);
            await app.CreateUserAsync(Roles.Supervisor, team);
            for (var i = 0; i < 2; i++) cases.Add((await app.CreateCaseAsync(ivy, PortLike())).Id);
            clock.Now = new DateTimeOffset(await app.WithDbAsync(db => db.CaseActions.Where(a => cases.Contains(a.CaseId) && a.Mandatory).MaxAsync(a => a.DueAt)), TimeSpan.Zero).AddMinutes(1);
        }

        read.Arm();
        var sweep = SweepAsync(app);
        await read.Reached.WaitAsync(TimeSpan.FromMinutes(1));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            var onePage = Microsoft.Extensions.Options.Options.Create(new DueEventOptions { PageSize = 1, PagesPerSweep = 1 });
            await new DueEventRaiser(sp.GetRequiredService<VigilDbContext>(), sp.GetRequiredService<LiaisonStatus>(), clock, onePage, new DueEventProgress(),
                sp.GetRequiredService<Vigil.Web.Features.Shared.ForceTime>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<DueEventRaiser>>()).RaiseAsync(default);
        }
        read.Release();
        var counts = (await sweep)!;

        var notices = await app.WithDbAsync(db => db.DueEventNotices.Where(n => n.Kind == kind && cases.Contains(n.CaseId)).ToListAsync());
        var events = kind == NotificationKinds.ContactOverdue ? cases.Count
            : await app.WithDbAsync(db => db.CaseActions.CountAsync(a => cases.Contains(a.CaseId) && a.Mandatory));
        Assert.Equal(events, notices.Select(n => (n.SubjectId, n.DueAt)).Distinct().Count());
        Assert.Equal(events, notices.Count);
        Assert.Equal(1, counts.Raced);
        Assert.Equal(events - 1, kind == NotificationKinds.ContactOverdue ? counts.Contacts : counts.Actions);
        var told = await app.WithDbAsync(db => db.UserNotifications.Where(n => n.Kind == kind && n.CaseId != null && cases.Contains(n.CaseId.Value)).ToListAsync());
        Assert.Equal(told.Count, told.Select(n => (n.UserId, n.Text)).Distinct().Count());
        Assert.Equal(events, told.Select(n => n.Text).Distinct().Count());
    }

    [Fact]
    public async Task TheRecipientSeesItInTheirInbox_ButNotAnOfficerOfAnotherTeam_NorTheFamily()
    {
        var (app, clock) = await StartAsync();
        await using var _ = app;
        var f = await FamilyKit.CaseAsync(app);
        var outsider = await app.CreateUserAsync(Roles.Supervisor, "other-" + Guid.NewGuid().ToString("N")[..8]);
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        await Liaison(app, c => c.SaveFileAsync(f.Case.Id, clock.Now.UtcDateTime, null, null, false, "test", default));
        var signedIn = clock.Now;
        clock.Now = clock.Now.AddDays(2);
        await SweepAsync(app);
        clock.Now = signedIn; // the test users' API tokens and sessions are dated from here

        using var flo = app.ApiClient(f.Flo);
        Assert.Contains(await InboxAsync(flo), n => n.CaseId == f.Case.Id && n.Kind == NotificationKinds.ContactOverdue);
        using var web = await app.SignedInClientAsync(f.Flo);
        Assert.Contains("Family contact overdue", await web.GetStringAsync("/notifications"), StringComparison.Ordinal);
        using var theirs = app.ApiClient(outsider);
        Assert.DoesNotContain(await InboxAsync(theirs), n => n.CaseId == f.Case.Id);
        Assert.DoesNotContain(f.Case.Reference, await (await app.SignedInClientAsync(outsider)).GetStringAsync("/notifications"), StringComparison.Ordinal);
        // The family's portal session reaches no staff inbox, and nothing was addressed to anyone outside the case's team.
        Assert.False((await family.GetAsync("/api/v1/notifications")).IsSuccessStatusCode);
        var to = await app.WithDbAsync(db => db.UserNotifications.Where(n => n.CaseId == f.Case.Id && n.Kind == NotificationKinds.ContactOverdue).Select(n => n.UserId).ToListAsync());
        var team = await app.WithDbAsync(db => db.UserTeams.Where(t => t.TeamId == f.Flo.TeamId).Select(t => t.UserId).ToListAsync());
        Assert.All(to, u => Assert.Contains(u, team));
    }

    private async Task<(VigilAppFactory App, SettableClock Clock)> StartAsync(Action<IServiceCollection>? more = null)
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        var app = NewApp(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            BackgroundServices.Remove(s, typeof(DueEventSweep));
            more?.Invoke(s);
        });
        await app.InitializeAsync();
        _ = app.Services;
        return (app, clock);
    }

    /// <summary>One leased sweep; null when the other node held the lease.</summary>
    private static Task<DueEventCounts?> SweepAsync(WebApplicationFactory<Program> app) =>
        DueEventSweep.RunOnceAsync(app.Services.GetRequiredService<IServiceScopeFactory>(), default);

    /// <summary>The raise without the lease, as a node whose lease moved mid-sweep would run it.</summary>
    private static async Task RaiseAsync(WebApplicationFactory<Program> app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DueEventRaiser>().RaiseAsync(default);
    }

    private static Task<List<Notification>> RaisedAsync(VigilAppFactory app, string kind, Guid caseId) =>
        app.WithDbAsync(db => db.UserNotifications.Where(n => n.Kind == kind && n.CaseId == caseId).ToListAsync());

    private static Task Liaison(VigilAppFactory app, Func<LiaisonCommands, Task> act) =>
        app.WithScopeAsync(async sp => { await act(sp.GetRequiredService<LiaisonCommands>()); return true; });

    private static async Task<List<NotificationResponse>> InboxAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<NotificationResponse>>("/api/v1/notifications", ApiJson.Client))!;

    private sealed class SettableClock(DateTimeOffset at) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = at;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

public sealed class DueEventSweepTests_Sqlite : DueEventSweepTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new SqliteApp { ServiceChanges = services };
}

[Collection(PostgresCollection.Name)]
public sealed class DueEventSweepTests_Postgres : DueEventSweepTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new PostgresApp { ServiceChanges = services };
}
