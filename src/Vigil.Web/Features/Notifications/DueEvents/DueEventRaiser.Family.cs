using Vigil.Web.Features.Family;

namespace Vigil.Web.Features.Notifications.DueEvents;

/// <summary>What a family is owed past its due date (ADR 3178): a question unanswered (an answer awaiting the officer in
/// charge's approval is not one: the family has not read it) and a "tell the family" task not done. Read from their
/// pending indexes as reviews and actions are (ADR 1633); neither due date can move, so each is raised once at most.</summary>
public sealed partial class DueEventRaiser
{
    private async Task<DuePage> QuestionsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var notices = db.DueEventNotices;
        var page = await PendingQuestions(now).Take(options.Value.PageSize)
            .Join(db.Cases, q => q.CaseId, c => c.Id, (q, c) => new { q.Id, q.CaseId, q.DueAt, Drafted = q.DraftAnswer != null, c.Reference, c.TeamId, c.OfficerInChargeId,
                Raised = notices.Any(n => n.Kind == NotificationKinds.QuestionOverdue && n.SubjectId == q.Id && n.DueAt == q.DueAt) })
            .AsNoTracking().ToListAsync(ct);
        var deployed = await DeployedAsync([.. page.Select(q => q.CaseId)], ct);
        var events = new List<DueEvent>();
        foreach (var q in page.Where(q => !q.Raised))
            events.Add(new(NotificationKinds.QuestionOverdue, q.Id, q.CaseId, q.TeamId, q.DueAt,
                $"A question from the family on {q.Reference} is unanswered: the answer was due {time.Show(q.DueAt)}"
                + (q.Drafted ? " (an answer awaits the officer in charge's approval)" : ""),
                $"/cases/{q.CaseId}/family#question-{q.Id}", await FamilyOwedToAsync(deployed[q.CaseId], q.CaseId, q.TeamId, q.OfficerInChargeId, ct)));
        return new DuePage(NotificationKinds.QuestionOverdue, events, [.. page.Where(q => q.Raised).Select(q => q.Id)]);
    }

    private async Task<DuePage> FamilyTasksAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var notices = db.DueEventNotices;
        var page = await PendingFamilyTasks(now).Take(options.Value.PageSize)
            .Join(db.Cases, t => t.CaseId, c => c.Id, (t, c) => new { t.Id, t.CaseId, t.DueAt, t.Description, c.Reference, c.TeamId, c.OfficerInChargeId,
                Raised = notices.Any(n => n.Kind == NotificationKinds.FamilyTaskOverdue && n.SubjectId == t.Id && n.DueAt == t.DueAt) })
            .AsNoTracking().ToListAsync(ct);
        var deployed = await DeployedAsync([.. page.Select(t => t.CaseId)], ct);
        var events = new List<DueEvent>();
        foreach (var t in page.Where(t => !t.Raised))
        {
            var what = t.Description.Length <= 200 ? t.Description : t.Description[..197] + "...";
            events.Add(new(NotificationKinds.FamilyTaskOverdue, t.Id, t.CaseId, t.TeamId, t.DueAt,
                $"\"Tell the family\" on {t.Reference} is overdue (due {time.Show(t.DueAt)}): {what}",
                $"/cases/{t.CaseId}/family#tasks", await FamilyOwedToAsync(deployed[t.CaseId], t.CaseId, t.TeamId, t.OfficerInChargeId, ct)));
        }
        return new DuePage(NotificationKinds.FamilyTaskOverdue, events, [.. page.Where(t => t.Raised).Select(t => t.Id)]);
    }

    /// <summary>Questions unanswered by <paramref name="now"/> and not raised, in due order, from their pending index (ADR 1633).</summary>
    internal IQueryable<FamilyQuestion> PendingQuestions(DateTime now) =>
        Pending(db.FamilyQuestions, PendingDueEvents.QuestionsIndex, PendingDueEvents.Questions).Where(q => q.DueAt < now)
            .OrderBy(q => q.DueAt).ThenBy(q => q.Id);

    /// <summary>"Tell the family" tasks not done by <paramref name="now"/> and not raised, in due order.</summary>
    internal IQueryable<FamilyTask> PendingFamilyTasks(DateTime now) =>
        Pending(db.FamilyTasks, PendingDueEvents.FamilyTasksIndex, PendingDueEvents.FamilyTasks).Where(t => t.DueAt < now)
            .OrderBy(t => t.DueAt).ThenBy(t => t.Id);

    /// <summary>The FLOs deployed to each of <paramref name="cases"/> now, read once a page.</summary>
    private async Task<ILookup<Guid, string>> DeployedAsync(List<Guid> cases, CancellationToken ct) =>
        (await db.FloDeployments.AsNoTracking().Where(d => cases.Contains(d.CaseId) && d.EndedAt == null).Select(d => new { d.CaseId, d.OfficerUserId })
            .Distinct().ToListAsync(ct)).ToLookup(d => d.CaseId, d => d.OfficerUserId);

    /// <summary>Who answers for what the family is owed: the FLOs deployed to the case who can be told; else the officer
    /// in charge (who deploys one, and answers for the case); else the team's supervisors; none, the administrators.</summary>
    private async Task<List<string>> FamilyOwedToAsync(IEnumerable<string> deployed, Guid caseId, Guid teamId, string? officerInCharge, CancellationToken ct)
    {
        var flos = await TellableAsync([.. deployed], caseId, teamId, ct);
        if (flos.Count > 0) return flos;
        var lead = await TellableAsync(officerInCharge is { } oic ? [oic] : [], caseId, teamId, ct);
        return lead.Count > 0 ? lead : await InRoleAsync(Roles.Supervisor, teamId, ct);
    }
}
