using Vigil.Web.Features.Enquiries;
using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Features.Enquiries.Exhibits;

namespace Vigil.Web.Features.Demo;

/// <summary>The force's everyday work in the demo: each day the supervisor allocates the new actions to the case's
/// officer in charge, who submits a result within the action's time (a share late), and the supervisor reviews and
/// closes it in one step (ADR 3325). An exhibit's laboratory result is recorded with its submission, so no death the
/// demo calls not suspicious waits on one (ADR 3336); on a death its record called not suspicious or expected the result
/// raises an action to consider it (ADR 3345), worked as any other. A small share is never worked, as in any force's backlog, and the hidden series' deaths are left as the
/// story has them (their missed actions are what a reviewer must find). Before this the demo worked nothing: every
/// page opened on thousands of overdue actions (walk51). Each action's fate comes from its case's reference and its
/// number, so one seed gives one history.</summary>
public sealed class DemoCaseWork(IServiceProvider services, IReadOnlyCollection<string> untouchedDeceased)
{
    /// <summary>Never worked: the backlog a supervisor's overdue list should show.</summary>
    public const double NeverWorked = 0.04;

    /// <summary>Worked, but the result came in after the action was due.</summary>
    public const double Late = 0.12;

    /// <summary>Takes, as of <paramref name="now"/>, every step that has come due: at most one per action each time,
    /// each officer's steps in one save under their own name. Called at least once every <see cref="BetweenWorkingDays"/>
    /// and right after each import (its new actions are allocated then).</summary>
    public async Task WorkAsync(DateTime now, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var open = await (from a in db.CaseActions
                          join c in db.Cases on a.CaseId equals c.Id
                          join u in db.Users on c.OfficerInChargeId equals u.Id
                          where ActionStatus.Open.Contains(a.Status) && a.RaisedAt <= now && !untouchedDeceased.Contains(c.Deceased.Name!)
                          select new { Action = a, c.Reference, Lead = u.UserName! }).ToListAsync(ct);
        var steps = open
            .Select(o => (o.Action, o.Lead, Step: NextStep(o.Action, Fate(o.Reference, o.Action.Number), o.Lead, now)))
            .Where(s => s.Step is not null)
            .GroupBy(s => s.Step!.Value.By)
            .OrderBy(g => g.Key == "supervisor" ? 0 : 1); // allocations before the results they allow
        var actor = services.GetRequiredService<DemoActor>();
        var before = actor.Name;
        var commands = scope.ServiceProvider.GetRequiredService<ActionCommands>();
        try
        {
            foreach (var byOfficer in steps)
            {
                var officer = byOfficer.Key;
                var id = await db.Users.Where(u => u.UserName == officer).Select(u => u.Id).FirstAsync(ct);
                actor.Name = $"user:{id}:{officer}";
                var moves = byOfficer.Select(s => (s.Action, s.Step!.Value.Move)).ToList();
                var by = new Officer(officer, officer == "supervisor");
                var left = await SendExhibitsForTestingAsync(scope, moves, by, ct);
                if (await commands.MoveAllAsync(left, by, ct) is { } refused)
                    throw new InvalidOperationException($"The demo's daily work was refused: {refused.Title} {refused.Detail}");
                await ReadAllocationNoticesAsync(db, id, moves, now, ct);
            }
        }
        finally { actor.Name = before; } // the next import is the CLI's, not the last officer's
    }

    /// <summary>An exhibit's forensic action is worked in its chain of custody: the submission and the laboratory's
    /// result recorded through the custody commands, which submit the action's result from them (ADR 3324), so the
    /// exhibit counts as tested. The moves left are the ones still to make as moves.</summary>
    private static async Task<List<(CaseAction Action, ActionTransition Move)>> SendExhibitsForTestingAsync(AsyncServiceScope scope,
        List<(CaseAction Action, ActionTransition Move)> moves, Officer by, CancellationToken ct)
    {
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var custody = scope.ServiceProvider.GetRequiredService<CustodyCommands>();
        var left = new List<(CaseAction Action, ActionTransition Move)>(moves.Count);
        foreach (var (action, move) in moves)
        {
            if (move.To != ActionVerbs.SubmitResult || ExhibitLink.Of(action) is not { } reference)
            {
                left.Add((action, move));
                continue;
            }
            // An exhibit gone from the record leaves its action for the backlog: its result has nowhere to come from.
            if (await db.Exhibits.FirstOrDefaultAsync(e => e.CaseId == action.CaseId && e.Reference == reference, ct) is not { } exhibit) continue;
            var (submission, refused, _) = await custody.SubmitAsync(exhibit, new NewSubmission("Forensic science provider", "DNA and drug residue", null), by, ct);
            refused ??= (await custody.RecordResultAsync(exhibit, submission!, ResultOf(action), by, ct)).Refused;
            if (refused is not null) throw new InvalidOperationException($"The demo could not send {reference} for testing: {refused.Title} {refused.Detail}");
        }
        return left;
    }

    /// <summary>The officer who takes a step on an action has read the notice that allocated it to them: without this
    /// the demo's investigator opened on 3,576 unread notifications.</summary>
    private static async Task ReadAllocationNoticesAsync(VigilDbContext db, string userId, List<(CaseAction Action, ActionTransition Move)> moves, DateTime now, CancellationToken ct)
    {
        var cases = moves.Where(m => m.Move.To == ActionVerbs.SubmitResult).Select(m => (Guid?)m.Action.CaseId).Distinct().ToList();
        if (cases.Count == 0) return;
        var unread = await db.UserNotifications.Where(n => n.UserId == userId && n.ReadAt == null && n.Kind == NotificationKinds.ActionAllocated && cases.Contains(n.CaseId)).ToListAsync(ct);
        foreach (var n in unread) n.ReadAt = now;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A number in [0, 1) fixed by the case's reference and the action's number (FNV-1a): the same every run.</summary>
    public static double Fate(string reference, int number)
    {
        var hash = 2166136261u;
        foreach (var ch in $"{reference}/A{number}") hash = (hash ^ ch) * 16777619u;
        return hash / (double)uint.MaxValue;
    }

    /// <summary>The step this action is owed today and who takes it, or null when nothing is due yet (or ever).</summary>
    public static (string By, ActionTransition Move)? NextStep(CaseAction a, double fate, string lead, DateTime now)
    {
        if (fate < NeverWorked) return null;
        return a.Status switch
        {
            ActionStatus.Raised when now >= a.RaisedAt => ("supervisor", new ActionTransition(ActionVerbs.Allocate, lead)),
            ActionStatus.Allocated when now >= ResultDue(a, fate) => (lead, new ActionTransition(ActionVerbs.SubmitResult, null, ResultOf(a))),
            // One step, as a supervisor does it since ADR 3325 (ADR 3338); an action reviewed before that is still closed.
            ActionStatus.ResultSubmitted when now >= a.ResultAt!.Value.AddDays(1) => ("supervisor", new ActionTransition(ActionVerbs.ReviewAndClose, null, "Result read; nothing further on this line.")),
            ActionStatus.Reviewed => ("supervisor", new ActionTransition(ActionVerbs.Close, null)),
            _ => null,
        };
    }

    /// <summary>When the officer submits the result: a late one 2–10 days after it was due; any other part-way through
    /// its time, and at the latest on the last working day before it is due (the days' work is at most
    /// <see cref="BetweenWorkingDays"/> apart), so an action worked in time is never shown late.</summary>
    private static DateTime ResultDue(CaseAction a, double fate)
    {
        if (fate < Late) return a.DueAt.AddDays(2 + (fate - NeverWorked) * 100);
        var partWay = a.RaisedAt + (a.DueAt - a.RaisedAt) * (0.3 + 0.6 * fate);
        var lastChance = a.DueAt - BetweenWorkingDays;
        return partWay < lastChance ? partWay : lastChance;
    }

    /// <summary>The longest gap between two days' work: the story works at the end of every day (and after each import).</summary>
    public static readonly TimeSpan BetweenWorkingDays = TimeSpan.FromDays(1);

    /// <summary>What the officer wrote: the line of enquiry pursued and, for a demo's everyday death, nothing found.</summary>
    private static string ResultOf(CaseAction a) => a.Source switch
    {
        "finder-statement" => "Statement taken. The account fits the scene; nobody else was seen.",
        "public-place-cctv" => "CCTV and house-to-house done: nobody else seen arriving or leaving.",
        "paraphernalia-recovery" => "Recovered, exhibited and sealed at the scene.",
        "paraphernalia-forensic" => "The deceased's DNA only; residue consistent with the toxicology.",
        "ligature-examination" => "Ligature and suspension point examined: consistent with self-suspension, no third party.",
        "forensic-post-mortem" => "Home Office post-mortem: no injuries suggesting a third party.",
        "note-handwriting" => "Examiner's opinion: the note was written by the deceased.",
        "note-comparison-samples" => "Known samples of the deceased's handwriting recovered from the family.",
        "toxicology-administration" => "Reviewed with the toxicologist: nothing suggests the substance was given by another.",
        "sexual-offence" => "Examination and swabs: no evidence of a sexual offence.",
        "tie-last-seen" => "Traced, interviewed and eliminated: accounted for at the time of death.",
        LateLaboratoryResults.Source => "Read against the category: the deceased's DNA only, consistent with the toxicology; it stands.",
        _ => $"{a.Title}: done; nothing found to suggest a third party.",
    };
}
