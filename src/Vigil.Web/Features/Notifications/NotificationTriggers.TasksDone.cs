using Microsoft.EntityFrameworkCore.ChangeTracking;
using Vigil.Web.Features.Enquiries.Exhibits;

namespace Vigil.Web.Features.Notifications;

/// <summary>The acts that complete a notice's task, found in the save that does them (ADR 3301): an override request
/// signed or declined, a family question answered, what the family sent assessed (ADR 1654), an action's result submitted or the action not pursued, an action
/// raised to consider new information closed (the supervisors' notice of it, ADR 3346), an action
/// given to another officer (only the notice that allocated it), a case review completed, a "tell the family" task done.
/// Every recipient's notice of that row is marked done in the same save, so the audit trail holds who did it and when;
/// the read mark stays the recipient's own (that an officer saw an alert can matter later).</summary>
public sealed partial class NotificationTriggers
{
    /// <summary>A task done on a row: every notice of it, or only those of <paramref name="OnlyKind"/>, or all but those
    /// of <paramref name="NotKind"/>.</summary>
    private sealed record TaskDone(Guid SubjectId, string Words, string? OnlyKind = null, string? NotKind = null)
    {
        public bool Covers(Notification n) => n.SubjectId == SubjectId && (OnlyKind is null || OnlyKind == n.Kind) && NotKind != n.Kind;
    }

    /// <summary>One statement when the save completes a task, and one more (who did it) when a notice names it; none otherwise.</summary>
    private static async Task MarkTasksDoneAsync(VigilDbContext db, DateTime now, CancellationToken ct)
    {
        var done = TasksDone(db);
        if (done.Count == 0) return;
        List<Guid?> subjects = [.. done.Select(d => (Guid?)d.SubjectId).Distinct()];
        var notices = await db.UserNotifications.Where(n => subjects.Contains(n.SubjectId) && n.DoneAt == null).ToListAsync(ct);
        if (notices.Count == 0) return;
        var by = await Recipients.ActingAsync(db, ct) is { } acting ? acting.DisplayName : Features.Audit.AuditActor.Say(db.Actor.Name);
        foreach (var n in notices)
        {
            if (done.FirstOrDefault(d => d.Covers(n)) is not { } task) continue;
            var words = $"{task.Words} by {by}";
            (n.DoneAt, n.Done) = (now, words.Length <= 300 ? words : words[..300]);
            db.Entry(n).DetectChanges(); // the save scanned its rows before this hook (ADR 1616)
        }
    }

    /// <summary>The tasks this save completes, in one pass over its rows (a save can hold an import's thousands).</summary>
    private static List<TaskDone> TasksDone(VigilDbContext db)
    {
        var done = new List<TaskDone>();
        foreach (var e in db.ChangeTracker.Entries())
        {
            var task = e.State switch
            {
                EntityState.Added when e.Entity is CaseDecision { SignsDecisionId: { } request, Kind: DecisionKinds.OverrideSigned or DecisionKinds.OverrideDeclined } d =>
                    new TaskDone(request, d.Kind == DecisionKinds.OverrideSigned ? "Signed" : "Declined"),
                EntityState.Modified => e.Entity switch
                {
                    FamilyQuestion q when Set(e, nameof(FamilyQuestion.AnsweredAt)) => new TaskDone(q.Id, "Answered"),
                    FamilySubmission s when Set(e, nameof(FamilySubmission.AssessedAt)) => new TaskDone(s.Id, "Assessed"),
                    CaseReview r when Set(e, nameof(CaseReview.CompletedAt)) => new TaskDone(r.Id, "Completed"),
                    FamilyTask t when Set(e, nameof(FamilyTask.DoneAt)) => new TaskDone(t.Id, "Done"),
                    CaseAction a => ActionDone(e, a),
                    _ => null,
                },
                _ => null,
            };
            if (task is not null) done.Add(task);
        }
        return done;
    }

    /// <summary>The officer's work handed in (a result submitted) or ended (not pursued): every notice of the action is
    /// done, but the supervisors' new information, whose task is the result read against the decision: that is done when
    /// the action to consider it is closed (ADR 3346), which only that action's notices wait for (no statement more for
    /// any other action closed). Given to another officer: only the notices that allocated it, since an overdue action is
    /// still overdue.</summary>
    private static TaskDone? ActionDone(EntityEntry e, CaseAction a)
    {
        var was = (string)e.Property(nameof(CaseAction.Status)).OriginalValue!;
        var ended = a.Status is ActionStatus.Closed or ActionStatus.NotPursued && was != a.Status;
        if (ActionStatus.Overdue.Contains(was) && !ActionStatus.Overdue.Contains(a.Status))
            return new TaskDone(a.Id, a.Status == ActionStatus.NotPursued ? "Marked not pursued" : "Result submitted", NotKind: ended ? null : NotificationKinds.NewInformation);
        if (ended && LateResults.Sources.Contains(a.Source))
            return new TaskDone(a.Id, a.Status == ActionStatus.NotPursued ? $"{a.Label} marked not pursued" : $"{a.Label} closed", NotificationKinds.NewInformation);
        return e.Property(nameof(CaseAction.AllocatedTo)).OriginalValue is string before && !string.Equals(before, a.AllocatedTo, StringComparison.Ordinal)
            ? new TaskDone(a.Id, "Allocated to another officer", NotificationKinds.ActionAllocated) : null;
    }

    /// <summary>A completion time that was empty and is now set.</summary>
    private static bool Set(EntityEntry e, string at) => e.Property(at) is { OriginalValue: null, CurrentValue: not null };
}
