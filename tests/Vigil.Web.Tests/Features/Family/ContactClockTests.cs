using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Data.Notifications;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Notifications.DueEvents;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>ADR 3224: the first-contact clock starts at the earliest of identification, an FLO's deployment, a family
/// member recorded and a question asked. The C# rule (the family page, the panel, the dashboard's flags) and the SQL
/// (the dashboard's order, the due-event sweep) are two codes over one definition of the starts
/// (<see cref="ContactClock.Starts"/>): this table of families holds them to the same answer, case by case, before the
/// window and after it. walk51's family (an FLO deployed, a question asked, never identified) had no clock at all.</summary>
public abstract class ContactClockTests
{
    protected abstract VigilAppFactory NewApp(Action<IServiceCollection> services);

    private sealed record Family(string Name, bool Owed, Func<LiaisonCommands, Guid, TestUser, DateTime, Task> Record);

    /// <summary>Each family recorded through the officers' own commands at the clock's start; nobody contacted.</summary>
    private static readonly Family[] Families =
    [
        new("none (a file with a status, nothing else)", false, (c, id, flo, at) => c.SaveFileAsync(id, null, "Awaiting identification", null, false, flo.UserName, default)),
        new("liaison ended", false, async (c, id, flo, at) =>
        {
            await c.DeployAsync(id, flo.Id, "DC Ended", "07700 900003", default);
            await c.SaveFileAsync(id, at, null, null, true, flo.UserName, default);
        }),
        new("identified only", true, (c, id, flo, at) => c.SaveFileAsync(id, at, null, null, false, flo.UserName, default)),
        new("FLO deployed only", true, (c, id, flo, at) => c.DeployAsync(id, flo.Id, "DC Deployed", "07700 900004", default)),
        new("a family member only", true, (c, id, flo, at) => c.AddMemberAsync(new FamilyMember { CaseId = id, Name = "Ruth", Relationship = "mother" }, default)),
        new("a question only", true, (c, id, flo, at) => c.AddQuestionAsync(id, null, "When can we see him?", flo.UserName, null, "recorded", default)),
        new("all three", true, async (c, id, flo, at) =>
        {
            await c.SaveFileAsync(id, at, null, null, false, flo.UserName, default);
            await c.DeployAsync(id, flo.Id, "DC All", "07700 900005", default);
            await c.AddQuestionAsync(id, null, "Who found him?", flo.UserName, null, "recorded", default);
        }),
    ];

    [Fact]
    public async Task EveryFamilyTheForceKnowsOf_IsOwedAFirstContact_AndThePageTheListsAndTheSweepAgree()
    {
        var (app, clock, team, ivy, flo) = await StartAsync("clk-");
        await using var disposed = app;
        var supervisor = await app.CreateUserAsync(Roles.Supervisor, team);
        var start = clock.Now.UtcDateTime;
        var cases = new Dictionary<Guid, Family>();
        foreach (var family in Families)
        {
            var c = await app.CreateCaseAsync(ivy);
            cases[c.Id] = family;
            await app.WithScopeAsync(async sp => { await family.Record(sp.GetRequiredService<LiaisonCommands>(), c.Id, flo, start); return true; });
        }
        var owed = cases.Where(c => c.Value.Owed).Select(c => c.Key).ToHashSet();

        // An hour before the window closes: each owed family has its first contact due at start + 24 h, none missed.
        clock.Now = clock.Now.AddHours(23);
        var before = await ReadBothAsync(app, cases.Keys);
        foreach (var (id, family) in cases)
            Assert.True(before.Due[id] == (family.Owed ? start.AddHours(24) : null), $"{family.Name}: first contact due {before.Due[id]:O}");
        Assert.Empty(before.MissedInCSharp);
        Assert.Empty(before.MissedInSql);
        await SweepAsync(app);
        Assert.Empty(await NoticedAsync(app, cases.Keys));

        // An hour after: the page's rule and the lists' SQL name the same families, the owed ones.
        clock.Now = clock.Now.AddHours(2);
        var after = await ReadBothAsync(app, cases.Keys);
        Assert.Equal(Names(owed, cases), Names(after.MissedInCSharp, cases));
        Assert.Equal(Names(owed, cases), Names(after.MissedInSql, cases));
        await SweepAsync(app);
        await SweepAsync(app);
        Assert.Equal(Names(owed, cases), Names(await NoticedAsync(app, cases.Keys), cases));
        var told = await app.WithDbAsync(db => db.UserNotifications.Where(n => n.Kind == NotificationKinds.ContactOverdue && n.UserId == supervisor.Id)
            .Select(n => n.CaseId).ToListAsync());
        Assert.Equal(Names(owed, cases), Names(told.OfType<Guid>(), cases));
        // Each notice says what started the clock (ADR 3228).
        var time = app.Services.GetRequiredService<Vigil.Web.Features.Shared.ForceTime>();
        foreach (var (family, started) in new[] { ("FLO deployed only", "DC Deployed was deployed as FLO"), ("a question only", "a question from the family was recorded") })
        {
            var id = cases.Single(c => c.Value.Name == family).Key;
            var notice = await app.WithDbAsync(db => db.UserNotifications.Where(n => n.Kind == NotificationKinds.ContactOverdue && n.CaseId == id).Select(n => n.Text).FirstAsync());
            Assert.EndsWith($"; the clock started {time.Show(start)} when {started}", notice, StringComparison.Ordinal);
        }

        // The supervisor's liaison dashboard (where the missed contacts' digest links) lists and flags each of them,
        // including the families with no file and no FLO (a member or a question only).
        using var sup = await app.SignedInClientAsync(supervisor);
        var dashboard = Forms.Parse(await sup.GetStringAsync("/liaison?all=true&size=50"));
        var flagged = dashboard.QuerySelectorAll("table.liaison tbody tr.flag").Select(r => r.TextContent).ToList();
        foreach (var id in owed)
        {
            var reference = await app.WithDbAsync(db => db.Cases.Where(c => c.Id == id).Select(c => c.Reference).SingleAsync());
            Assert.True(flagged.Any(r => r.Contains(reference, StringComparison.Ordinal) && r.Contains("First contact with the family MISSED", StringComparison.Ordinal)),
                $"{cases[id].Name}: {reference} not flagged on the dashboard");
        }
        Assert.Equal(owed.Count, flagged.Count);

        // A first contact made now, past the window, stays flagged as late; where nothing had started the clock, it is not.
        var deployed = cases.Single(c => c.Value.Name == "FLO deployed only").Key;
        var none = cases.Single(c => c.Value.Name.StartsWith("none", StringComparison.Ordinal)).Key;
        foreach (var id in new[] { deployed, none })
            await app.WithScopeAsync(async sp => await sp.GetRequiredService<LiaisonCommands>().LogContactAsync(
                new FamilyContact { CaseId = id, At = clock.Now.UtcDateTime, Method = "phone", By = flo.UserName, Summary = "first call" }, null, default));
        var late = await ReadBothAsync(app, [deployed, none]);
        Assert.True(late.FirstContactLate[deployed]);
        Assert.False(late.FirstContactLate[none]);
    }

    /// <summary>A contacted family, by the times (days before now) and promises (days from now) of its contacts.</summary>
    private sealed record Contacted(string Name, bool Owed, (double DaysAgo, double? PromisedInDays)[] Contacts, bool Ended = false);

    private static readonly Contacted[] ContactedFamilies =
    [
        new("last contact 8 days ago", true, [(8, null)]),
        new("contacted 2 days ago, the contact promised for yesterday", true, [(2, -1)]),
        new("a missed contact long ago, then one yesterday", false, [(20, -19), (1, null)]),
        new("an earlier promise passed, the latest promises tomorrow", false, [(10, -3), (1, 1)]),
        new("the latest promise passed, an earlier contact promised later", true, [(5, 3), (3, -0.5)]),
        new("last contact 8 days ago, liaison ended", false, [(8, null)], Ended: true),
        new("contacted 6 days ago", false, [(6, null)]),
    ];

    /// <summary>ADR 1644: the lists' SQL finds the contacted families' missed contacts as sets over the contact table (the
    /// latest contact joined back from an aggregate), no longer per case. It must still name what the page's rule names:
    /// the latest contact's interval and promise, never an earlier contact's.</summary>
    [Fact]
    public async Task AContactedFamily_IsOwedItsNextContact_AfterTheLatestOne_AndThePageAndTheListsAgree()
    {
        var (app, clock, _, ivy, flo) = await StartAsync("ctd-");
        await using var disposed = app;
        var now = clock.Now.UtcDateTime;
        var cases = new Dictionary<Guid, Family>();
        foreach (var family in ContactedFamilies)
        {
            var c = await app.CreateCaseAsync(ivy);
            cases[c.Id] = new Family(family.Name, family.Owed, (_, _, _, _) => Task.CompletedTask);
            await app.WithScopeAsync(async sp =>
            {
                var commands = sp.GetRequiredService<LiaisonCommands>();
                await commands.SaveFileAsync(c.Id, now.AddDays(-30), null, null, family.Ended, flo.UserName, default);
                foreach (var (daysAgo, promised) in family.Contacts)
                    Assert.Null(await commands.LogContactAsync(new FamilyContact
                    {
                        CaseId = c.Id, At = now.AddDays(-daysAgo), Method = "phone", By = flo.UserName, Summary = "a call",
                        NextContactDue = promised is { } days ? now.AddDays(days) : null,
                    }, null, default));
                return true;
            });
        }
        var owed = cases.Where(c => c.Value.Owed).Select(c => c.Key).ToHashSet();
        var read = await ReadBothAsync(app, cases.Keys);
        Assert.Equal(Names(owed, cases), Names(read.MissedInCSharp, cases));
        Assert.Equal(Names(owed, cases), Names(read.MissedInSql, cases));
    }

    /// <summary>An app on a clock the test sets (no sweep of its own), with a team's investigator and FLO. Whole seconds:
    /// PostgreSQL keeps microseconds, so a tick-precise start would come back a few ticks off.</summary>
    private async Task<(VigilAppFactory App, SettableClock Clock, string Team, TestUser Ivy, TestUser Flo)> StartAsync(string teamPrefix)
    {
        var clock = new SettableClock(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var app = NewApp(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            BackgroundServices.Remove(s, typeof(DueEventSweep));
        });
        await app.InitializeAsync();
        var team = teamPrefix + Guid.NewGuid().ToString("N")[..8];
        return (app, clock, team, await app.CreateUserAsync(Roles.Investigator, team), await app.CreateUserAsync(Roles.FamilyLiaison, team));
    }

    private sealed record Reading(Dictionary<Guid, DateTime?> Due, HashSet<Guid> MissedInCSharp, HashSet<Guid> MissedInSql, Dictionary<Guid, bool> FirstContactLate);

    /// <summary>The C# rule, case by case as the family page reads it, and the lists' SQL over the same cases.</summary>
    private static Task<Reading> ReadBothAsync(VigilAppFactory app, IEnumerable<Guid> caseIds) => app.WithScopeAsync(async sp =>
    {
        var (db, status) = (sp.GetRequiredService<VigilDbContext>(), sp.GetRequiredService<LiaisonStatus>());
        var ids = caseIds.ToList();
        var (due, missed, late) = (new Dictionary<Guid, DateTime?>(), new HashSet<Guid>(), new Dictionary<Guid, bool>());
        foreach (var c in await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync())
        {
            var s = (await status.ForCaseAsync(c, default))!;
            due[c.Id] = s.Contact?.DueAt;
            if (s.Contact?.Missed == true) missed.Add(c.Id);
            late[c.Id] = s.FirstContactLate;
        }
        var sql = (await status.MissedByTheListsAsync(db.Cases.Where(c => ids.Contains(c.Id)), default)).ToHashSet();
        return new Reading(due, missed, sql, late);
    });

    private static Task<List<Guid>> NoticedAsync(VigilAppFactory app, IEnumerable<Guid> caseIds)
    {
        var ids = caseIds.ToList();
        return app.WithDbAsync(db => db.DueEventNotices.Where(n => n.Kind == NotificationKinds.ContactOverdue && ids.Contains(n.CaseId)).Select(n => n.CaseId).ToListAsync());
    }

    private static Task SweepAsync(VigilAppFactory app) => DueEventSweep.RunOnceAsync(app.Services.GetRequiredService<IServiceScopeFactory>(), default);

    /// <summary>Names, not ids, so that a failure says which family the two rules disagree on.</summary>
    private static List<string> Names(IEnumerable<Guid> ids, Dictionary<Guid, Family> cases) => ids.Select(id => cases[id].Name).Order(StringComparer.Ordinal).ToList();

    private sealed class SettableClock(DateTimeOffset at) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = at;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

public sealed class ContactClockTests_Sqlite : ContactClockTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new SqliteApp { ServiceChanges = services };
}

[Collection(PostgresCollection.Name)]
public sealed class ContactClockTests_Postgres : ContactClockTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new PostgresApp { ServiceChanges = services };
}
