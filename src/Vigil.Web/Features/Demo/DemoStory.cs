using Vigil.Web.Features.Enquiries;
using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Linkage;

namespace Vigil.Web.Features.Demo;

/// <summary>Seeds the demo in time order and plays out, at their dates, the missed opportunities a reviewer should
/// find in the hidden series: an alert about the first death opened and rejected after the second, the third
/// death's note never examined, the family's question about it left unanswered, and the series confirmed only
/// after the fourth death, its first two deaths left proposed for the analyst's demo.</summary>
public sealed class DemoStory(IServiceProvider services, DemoClock clock)
{
    private static readonly string[] SeriesNames = ["Owen Carraway", "Mateo Lindqvist", "Rhys Albright", "Tobias Fenwick"];

    /// <summary>Imports the records a day at a time, half an hour after each day's last report, plays each step of the
    /// story when the clock reaches its date (the chain must be written in time order), and has the force work its
    /// cases every day (<see cref="DemoCaseWork"/>) up to <paramref name="workUntil"/>.</summary>
    public async Task SeedAsync(IReadOnlyList<DeathRecord> records, Guid east, Guid central, DateTime workUntil, CancellationToken ct)
    {
        var found = SeriesNames.Select(n => records.First(r => r.Deceased?.Name == n).FoundAt.UtcDateTime).ToArray();
        var steps = new List<(DateTime At, Func<AsyncServiceScope, Task> Step)>
        {
            (found[1].AddDays(6), s => RejectFirstAlertAsync(s, ct)),
            (found[2].AddDays(3), s => FamilyAsksAboutTheNoteAsync(s, ct)),
            (found[2].AddDays(36), s => AllocateTheNoteLateAsync(s, ct)),
            (found[3].AddDays(5), s => ConfirmTheSeriesAsync(s, ct)),
        };
        steps.AddRange(DemoExaminations.Steps(records, SeriesNames, ct));
        var importer = services.GetRequiredService<ImportService>();
        var work = new DemoCaseWork(services, SeriesNames);
        // The force's working days: the end of every day from the first report on, besides right after each import.
        var endOfWork = records.Min(r => (r.ReportedAt ?? r.FoundAt).UtcDateTime).Date.Add(EndOfWorkingDay);
        async Task WorkDaysBeforeAsync(DateTime before)
        {
            for (; endOfWork < before; endOfWork = endOfWork.AddDays(1))
            {
                await PlayUntilAsync(steps, endOfWork);
                clock.Set(endOfWork);
                await work.WorkAsync(endOfWork, ct);
            }
        }
        foreach (var day in records.OrderBy(r => r.ReportedAt ?? r.FoundAt).GroupBy(r => (r.ReportedAt ?? r.FoundAt).UtcDateTime.Date))
        {
            var at = day.Max(r => (r.ReportedAt ?? r.FoundAt).UtcDateTime).AddMinutes(30);
            await WorkDaysBeforeAsync(at);
            await PlayUntilAsync(steps, at);
            clock.Set(at);
            foreach (var (team, part) in new[] { (east, day.Where(DemoGenerator.IsEast).ToList()), (central, day.Where(r => !DemoGenerator.IsEast(r)).ToList()) })
            {
                if (part.Count == 0) continue;
                using var buffer = new MemoryStream();
                foreach (var r in part) DeathRecordWriter.WriteLine(buffer, r);
                buffer.Position = 0;
                await importer.ImportAsync(buffer, new ImportOptions(team, "demo-met"), null, ct);
                await NameOfficersInChargeAsync(team, team == east ? "East Area MIT" : "Central Area MIT", ct);
            }
            await work.WorkAsync(at, ct);
        }
        // The force goes on working up to today, so the demo opens on a force's ordinary backlog, not on a month of
        // every recent action overdue.
        await WorkDaysBeforeAsync(workUntil);
        await PlayUntilAsync(steps, DateTime.MaxValue);
    }

    /// <summary>The end of the force's working day, when the day's work on its actions is taken.</summary>
    private static readonly TimeSpan EndOfWorkingDay = TimeSpan.FromHours(17);

    /// <summary>An imported death has no officer in charge (ADR 1401); in the demo the team's supervisor names one the
    /// day it arrives, from the demo's own officers of that team: its investigator, else its supervisor (ADR 1632).</summary>
    private async Task NameOfficersInChargeAsync(Guid team, string teamName, CancellationToken ct)
    {
        var lead = DemoCommand.OfficerInChargeFor(teamName);
        var actor = services.GetRequiredService<DemoActor>();
        var before = actor.Name;
        await using var scope = services.CreateAsyncScope();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
            var leadId = await db.Users.Where(u => u.UserName == lead).Select(u => u.Id).FirstAsync(ct);
            await As(scope, "supervisor", ct);
            var naming = scope.ServiceProvider.GetRequiredService<OfficerInChargeCommands>();
            foreach (var c in await db.Cases.Where(c => c.TeamId == team && c.OfficerInChargeId == null).ToListAsync(ct))
                if (await naming.NameAsync(c, leadId, c.Version, ct) is { } refused)
                    throw new InvalidOperationException($"The demo could not name {lead} officer in charge of {c.Reference}: {refused.Title} {refused.Detail}");
        }
        finally { actor.Name = before; }
    }

    private async Task PlayUntilAsync(List<(DateTime At, Func<AsyncServiceScope, Task> Step)> steps, DateTime until)
    {
        foreach (var step in steps.Where(s => s.At <= until).OrderBy(s => s.At).ToList())
        {
            steps.Remove(step);
            clock.Set(step.At);
            var actor = services.GetRequiredService<DemoActor>();
            var before = actor.Name;
            await using var scope = services.CreateAsyncScope();
            try { await step.Step(scope); }
            finally { actor.Name = before; }
        }
    }

    private static async Task<(Guid Id, DateTime Found)> VictimAsync(VigilDbContext db, int index, CancellationToken ct) =>
        await db.Cases.AsNoTracking().Where(c => c.Deceased.Name == SeriesNames[index]).Select(c => new ValueTuple<Guid, DateTime>(c.Id, c.FoundAt)).FirstAsync(ct);

    private static Task<LinkCandidate?> CandidateAsync(VigilDbContext db, Guid newer, Guid earlier, CancellationToken ct) =>
        db.Set<LinkCandidate>().AsNoTracking().Where(c => c.NewerCaseId == newer && c.EarlierCaseId == earlier)
            .OrderByDescending(c => c.Probability).FirstOrDefaultAsync(ct);

    /// <summary>After the second death the alert naming the first is opened a week later and rejected.</summary>
    private static async Task RejectFirstAlertAsync(AsyncServiceScope scope, CancellationToken ct)
    {
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var (owen, mateo) = (await VictimAsync(db, 0, ct), await VictimAsync(db, 1, ct));
        var alert = await CandidateAsync(db, mateo.Id, owen.Id, ct)
            ?? throw new InvalidOperationException($"The demo story found no alert naming {SeriesNames[0]} after {SeriesNames[1]}'s death: nothing to reject.");
        var analyst = await As(scope, "analyst", ct);
        foreach (var id in new[] { mateo.Id, owen.Id }) db.RecordEvent("view", "DeathCase", id.ToString(), id, $$"""{"via":"linkage-compare","candidate":"{{alert.Id}}"}""");
        await db.SaveChangesAsync(ct);
        if (await scope.ServiceProvider.GetRequiredService<LinkDecisions>().DecideAsync(alert.Id, false,
            "Drug deaths are common around there; different finders; nothing suggests a third party.", analyst, "analyst", ct) is { } refused)
            throw new InvalidOperationException($"The demo story could not reject the first alert: {refused.Title} {refused.Detail}");
    }

    /// <summary>The third death's family asks about the note; nobody answers.</summary>
    private static async Task FamilyAsksAboutTheNoteAsync(AsyncServiceScope scope, CancellationToken ct)
    {
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var rhys = await VictimAsync(db, 2, ct);
        var flo = await As(scope, "flo", ct);
        var liaison = scope.ServiceProvider.GetRequiredService<LiaisonCommands>();
        // Deployed under the name the demo's FLO signs in with, so her own case and the family's portal name the same officer.
        var officer = DemoCommand.NameOf("flo");
        await liaison.DeployAsync(rhys.Id, flo, officer, "07700 900112 (work mobile)", ct);
        var sister = new FamilyMember { CaseId = rhys.Id, Name = "Hannah Albright", Relationship = "sister", ContactPreference = "phone" };
        await liaison.AddMemberAsync(sister, ct);
        await liaison.AddQuestionAsync(rhys.Id, sister.Id, "Has anyone looked at the note he was holding? The writing is not his.", officer, rhys.Found.AddDays(10), "recorded", ct);
    }

    /// <summary>The handwriting examination is allocated five weeks late and never done.</summary>
    private static async Task AllocateTheNoteLateAsync(AsyncServiceScope scope, CancellationToken ct)
    {
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var rhys = await VictimAsync(db, 2, ct);
        await As(scope, "investigator", ct);
        var actions = scope.ServiceProvider.GetRequiredService<ActionCommands>();
        var listed = (await actions.ForCaseAsync(rhys.Id, ct)).FirstOrDefault(a => a.Source == "note-handwriting")
            ?? throw new InvalidOperationException($"The demo story found no handwriting examination raised on {SeriesNames[2]}'s death.");
        var note = await actions.FindAsync(rhys.Id, listed.Number, ct)
            ?? throw new InvalidOperationException($"The demo story could not load action {listed.Number} on {SeriesNames[2]}'s death.");
        if (await actions.MoveAsync(note, new ActionTransition(ActionVerbs.Allocate, "investigator"), new Officer("investigator", false), null, ct) is { } refused)
            throw new InvalidOperationException($"The demo story could not allocate the note's examination: {refused.Title} {refused.Detail}");
    }

    /// <summary>After the fourth death the analyst reads the series the engine proposed (the same man last seen with
    /// each of them) and confirms the third and fourth deaths in it, through the series page's own command: two
    /// confirmed members make it a confirmed series. The first two deaths stay proposed (their pair alert had been
    /// rejected) for the analyst's demo to decide. A story that finds nothing to confirm is broken, not skipped.</summary>
    private static async Task ConfirmTheSeriesAsync(AsyncServiceScope scope, CancellationToken ct)
    {
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var (rhys, tobias) = (await VictimAsync(db, 2, ct), await VictimAsync(db, 3, ct));
        var proposed = db.SeriesMembers().Where(m => m.Status == MemberStatus.Proposed);
        var seriesId = await proposed.Where(m => m.CaseId == tobias.Id).Select(m => m.SeriesId)
            .Intersect(proposed.Where(m => m.CaseId == rhys.Id).Select(m => m.SeriesId)).OrderBy(id => id).FirstOrDefaultAsync(ct);
        if (seriesId == Guid.Empty)
            throw new InvalidOperationException($"The demo story found no series proposing both {SeriesNames[2]} and {SeriesNames[3]}: nothing to confirm.");
        var analyst = await As(scope, "analyst", ct);
        // As the series page records its reading: one view per death shown.
        foreach (var id in await db.SeriesMembers().Where(m => m.SeriesId == seriesId).Select(m => m.CaseId).ToListAsync(ct))
            db.RecordEvent("view", "DeathCase", id.ToString(), id, $$"""{"via":"series","series":"{{seriesId}}"}""");
        await db.SaveChangesAsync(ct);
        var decisions = scope.ServiceProvider.GetRequiredService<LinkDecisions>();
        foreach (var (victim, reason) in new[]
        {
            (rhys.Id, "The man last seen with him, Victor Hale, was last seen with two earlier young men found dead of GHB near here."),
            (tobias.Id, "Fourth young man found near the same churchyard with GHB, last seen with the same man; same pattern as the earlier deaths."),
        })
            if (await decisions.DecideMemberAsync(seriesId, victim, true, reason, analyst, "analyst", ct) is { } refused)
                throw new InvalidOperationException($"The demo story could not confirm a death in the series: {refused.Title} {refused.Detail}");
        if (await db.Series().Where(s => s.Id == seriesId).Select(s => s.Status).FirstAsync(ct) != SeriesStatus.Confirmed)
            throw new InvalidOperationException("The demo story confirmed two deaths but the series is not confirmed.");
    }

    /// <summary>The steps are done by the demo users: the audit trail names them (the CLI would be "cli:…").</summary>
    private static async Task<string> As(AsyncServiceScope scope, string user, CancellationToken ct)
    {
        var id = await scope.ServiceProvider.GetRequiredService<VigilDbContext>().Users.Where(u => u.UserName == user).Select(u => u.Id).FirstAsync(ct);
        scope.ServiceProvider.GetRequiredService<DemoActor>().Name = $"user:{id}:{user}";
        return id;
    }
}
