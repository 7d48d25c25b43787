using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vigil.Data;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Family.Liaison;
using Vigil.Web.Features.Notifications.DueEvents;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>ADR 3267: each case's liaison row holds the inputs of "needs attention", kept by the family tables'
/// triggers; the verdict is computed when read, in SQL (the dashboard's order) and in C#, from one expression. Random
/// family histories, written through the officers' commands, the save of entities the portal and the rules add, and a
/// bulk delete outside the change tracker, are read at several times: the row's verdict in SQL and in C# must be the
/// rule's reference (<see cref="FamilyDeadlines"/> as the family page reads it) case by case, the rows listed must be
/// the cases the liaison lists show (a family file or a start of the clock, ADR 3224), and a rebuild on a store with no
/// rows must make the rows the writes kept.</summary>
public abstract class LiaisonRowTests
{
    protected abstract VigilAppFactory NewApp(Action<IServiceCollection> services);

    private const int Cases = 40, Seed = 3267;

    [Fact]
    public async Task RandomFamilyHistories_TheRowsVerdictInSqlAndInCSharp_IsTheDeadlineRules_CaseByCase_AndARebuildMakesTheSameRows()
    {
        var clock = new SettableClock(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).AddDays(-60));
        await using var app = NewApp(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            BackgroundServices.Remove(s, typeof(DueEventSweep));
        });
        await app.InitializeAsync();
        var team = "row-" + Guid.NewGuid().ToString("N")[..8];
        var (ivy, flo) = (await app.CreateUserAsync(Roles.Investigator, team), await app.CreateUserAsync(Roles.FamilyLiaison, team));
        var random = new Random(Seed);
        var ids = new List<Guid>();
        for (var i = 0; i < Cases; i++) ids.Add((await app.CreateCaseAsync(ivy)).Id);
        // Interleaved, so each case's history spans the weeks and the writes of one case land between another's.
        // About two weeks in all, a third of the writes contacts: most families have several, their promises about now.
        for (var step = 0; step < Cases * 8; step++)
        {
            clock.Now = clock.Now.AddSeconds(random.Next(600, 7_200));
            var id = ids[random.Next(ids.Count)];
            await app.WithScopeAsync(sp => WriteAsync(sp, random.Next(16), id, flo, random));
        }

        var rules = app.Services.GetRequiredService<IOptions<FamilyOptions>>().Value.Rules;
        var last = clock.Now;
        foreach (var later in new[] { TimeSpan.FromMinutes(1), TimeSpan.FromHours(20), TimeSpan.FromDays(2), TimeSpan.FromDays(8), TimeSpan.FromDays(40) })
        {
            clock.Now = last + later;
            var (reference, csharp, sql) = await ReadAsync(app, ids, clock.Now.UtcDateTime, rules);
            foreach (var id in ids)
            {
                Assert.True(reference[id] == csharp[id], $"{later}: case {ids.IndexOf(id)}: the rule says {reference[id]}, the row in C# {csharp[id]}");
                Assert.True(reference[id] == sql.Contains(id), $"{later}: case {ids.IndexOf(id)}: the rule says {reference[id]}, the row in SQL {sql.Contains(id)}");
            }
            Assert.Contains(true, reference.Values);
            Assert.Contains(false, reference.Values);
        }

        var known = await app.WithDbAsync(db => db.FamilyFiles.Select(f => f.CaseId).Union(ContactClock.Starts(db).Select(s => s.CaseId)).ToListAsync());
        var listed = await app.WithDbAsync(db => LiaisonRows.Listed(db).Select(r => r.CaseId).ToListAsync());
        Assert.Equal(known.Order(), listed.Order());
        Assert.InRange(listed.Count, 5, Cases - 1);

        var kept = await RowsAsync(app);
        await app.WithDbAsync(db => db.CaseLiaisons.ExecuteDeleteAsync());
        Assert.Empty(await RowsAsync(app));
        await app.WithDbAsync(db => LiaisonRows.RebuildAsync(db, default));
        Assert.Equal(kept, await RowsAsync(app));
    }

    /// <summary>review59: two contacts logged at one moment (a call and a visit entered at 10:00), one promising a contact
    /// that has now passed, in either order. The liaison row keeps the earliest promise (the dashboard and the due-event
    /// sweep: missed); the family page took whichever contact the store gave first, and said "due" for the case logged
    /// with the promise second.</summary>
    [Fact]
    public async Task TwoContactsAtOneMoment_OnePromiseMissed_TheFamilyPageAndTheRowAgree_WhicheverWasLoggedFirst()
    {
        await using var app = NewApp(s => BackgroundServices.Remove(s, typeof(DueEventSweep)));
        await app.InitializeAsync();
        var team = "tie-" + Guid.NewGuid().ToString("N")[..8];
        var (ivy, flo) = (await app.CreateUserAsync(Roles.Investigator, team), await app.CreateUserAsync(Roles.FamilyLiaison, team));
        var now = DateTime.UtcNow;
        var at = now.AddDays(-1);
        var ids = new List<Guid>();
        foreach (var promiseFirst in new[] { false, true })
        {
            var id = (await app.CreateCaseAsync(ivy)).Id;
            ids.Add(id);
            DateTime?[] promises = promiseFirst ? [at.AddHours(2), null] : [null, at.AddHours(2)];
            foreach (var promise in promises)
                await app.WithScopeAsync(async sp => await sp.GetRequiredService<LiaisonCommands>().LogContactAsync(new FamilyContact
                {
                    CaseId = id, At = at, Method = "phone", By = flo.UserName, Summary = "a call", NextContactDue = promise,
                }, null, default) is null);
        }

        var rules = app.Services.GetRequiredService<IOptions<FamilyOptions>>().Value.Rules;
        var (reference, csharp, sql) = await ReadAsync(app, ids, DateTime.UtcNow, rules);
        foreach (var id in ids)
        {
            Assert.True(sql.Contains(id), $"case {ids.IndexOf(id)}: the row in SQL says the promised contact was not missed");
            Assert.True(csharp[id], $"case {ids.IndexOf(id)}: the row in C# says the promised contact was not missed");
            Assert.True(reference[id], $"case {ids.IndexOf(id)}: the family page says the promised contact was not missed");
        }
    }

    /// <summary>One family write of kind <paramref name="kind"/> on case <paramref name="id"/> at the clock's time, by
    /// the path the application uses for it. A refusal (an FLO already deployed, nothing open to close) writes nothing.</summary>
    private static async Task<bool> WriteAsync(IServiceProvider sp, int kind, Guid id, TestUser flo, Random random)
    {
        var (commands, db) = (sp.GetRequiredService<LiaisonCommands>(), sp.GetRequiredService<VigilDbContext>());
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        DateTime Hours(int from, int to) => now.AddHours(random.Next(from, to));
        switch (kind)
        {
            case 0:
                await commands.SaveFileAsync(id, random.Next(3) == 0 ? null : Hours(-72, 0), "status", null, random.Next(8) == 0, flo.UserName, default);
                break;
            case 1:
                await commands.DeployAsync(id, flo.Id, "DC Row", "07700 900010", default);
                break;
            case 2:
                foreach (var d in await db.FloDeployments.Where(d => d.CaseId == id && d.EndedAt == null).ToListAsync()) d.EndedAt = now;
                await db.SaveChangesAsync();
                break;
            case 3:
                await commands.AddMemberAsync(new FamilyMember { CaseId = id, Name = "Ruth", Relationship = "mother" }, default);
                break;
            case 4:
                await commands.AddQuestionAsync(id, null, "When?", flo.UserName, Hours(-24, 200), "recorded", default);
                break;
            case 5 when await db.FamilyQuestions.Where(q => q.CaseId == id && q.AnsweredAt == null).Select(q => (Guid?)q.Id).FirstOrDefaultAsync() is { } question:
                await commands.AnswerAsync(id, question, "Tomorrow.", flo.UserName, default);
                break;
            case 6 or 7 or 12 or 13 or 14 or 15:
                await commands.LogContactAsync(new FamilyContact
                {
                    CaseId = id, At = now, Method = "phone", By = flo.UserName, Summary = "a call",
                    NextContactDue = random.Next(2) == 0 ? null : Hours(-12, 240),
                }, null, default);
                break;
            case 8:
                // As the rules and reclassifications raise them (TellTheFamily): an entity in the save.
                db.FamilyTasks.Add(new FamilyTask { CaseId = id, Kind = "tell-family", Description = "Tell them", CreatedAt = now, DueAt = Hours(-6, 72) });
                await db.SaveChangesAsync();
                break;
            case 9 when await db.FamilyTasks.Where(t => t.CaseId == id && t.DoneAt == null).Select(t => (Guid?)t.Id).FirstOrDefaultAsync() is { } task:
                await commands.CompleteTaskAsync(id, task, "told", flo.UserName, default);
                break;
            case 10:
                // As the portal makes them: an entity in the save.
                db.FamilySubmissions.Add(new FamilySubmission { CaseId = id, FamilyAccountId = Guid.NewGuid(), SubmittedBy = "fam", SubmittedAt = now, Text = "We saw him." });
                await db.SaveChangesAsync();
                break;
            case 11 when random.Next(2) == 0:
                // A bulk delete, outside the save and its change tracker: the latest contact goes, an earlier one is the latest.
                var latest = await db.FamilyContacts.Where(c => c.CaseId == id).OrderByDescending(c => c.At).Select(c => (Guid?)c.Id).FirstOrDefaultAsync();
                await db.FamilyContacts.Where(c => c.Id == latest).ExecuteDeleteAsync();
                break;
            case 11 when await db.FamilySubmissions.Where(s => s.CaseId == id && s.AssessedAt == null).Select(s => (Guid?)s.Id).FirstOrDefaultAsync() is { } submission:
                await commands.AssessSubmissionAsync(id, submission, "noted", flo.UserName, default);
                break;
        }
        return true;
    }

    /// <summary>The rule's reference (the family page's statuses, built on <see cref="FamilyDeadlines"/>), the row's
    /// verdict in C#, and the cases whose row the SQL verdict selects.</summary>
    private static Task<(Dictionary<Guid, bool> Reference, Dictionary<Guid, bool> CSharp, HashSet<Guid> Sql)> ReadAsync(
        VigilAppFactory app, List<Guid> ids, DateTime now, DeadlineRules rules) => app.WithScopeAsync(async sp =>
    {
        var (db, status) = (sp.GetRequiredService<VigilDbContext>(), sp.GetRequiredService<LiaisonStatus>());
        var (reference, csharp) = (new Dictionary<Guid, bool>(), new Dictionary<Guid, bool>());
        var rows = await db.CaseLiaisons.AsNoTracking().Where(r => ids.Contains(r.CaseId)).ToDictionaryAsync(r => r.CaseId);
        foreach (var c in await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync())
        {
            reference[c.Id] = (await status.ForCaseAsync(c, default))!.NeedsAttention;
            csharp[c.Id] = rows.TryGetValue(c.Id, out var row) && LiaisonRows.NeedsAttentionAt(row, now, rules);
        }
        var sql = (await db.CaseLiaisons.Where(r => ids.Contains(r.CaseId)).Where(LiaisonRows.NeedsAttention(now, rules)).Select(r => r.CaseId).ToListAsync()).ToHashSet();
        return (reference, csharp, sql);
    });

    /// <summary>Every row as text, in case order: what the writes kept, to compare with a rebuild's.</summary>
    private static Task<List<string>> RowsAsync(VigilAppFactory app) => app.WithDbAsync(async db =>
        (await db.CaseLiaisons.AsNoTracking().ToListAsync()).OrderBy(r => r.CaseId)
        .Select(r => string.Join('|', r.CaseId, r.Reference, r.HasFile, Time(r.FirstStartAt), Time(r.LatestContactAt), Time(r.LatestContactNextDue),
            Time(r.OpenQuestionDueAt), Time(r.OpenTaskDueAt), r.UnassessedSubmissions, r.LiaisonEnded, r.ActiveDeployments, r.EverDeployed)).ToList());

    private static string Time(DateTime? at) => at?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "-";

    private sealed class SettableClock(DateTimeOffset at) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = at;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

public sealed class LiaisonRowTests_Sqlite : LiaisonRowTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new SqliteApp { ServiceChanges = services };
}

[Collection(PostgresCollection.Name)]
public sealed class LiaisonRowTests_Postgres : LiaisonRowTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new PostgresApp { ServiceChanges = services };
}
