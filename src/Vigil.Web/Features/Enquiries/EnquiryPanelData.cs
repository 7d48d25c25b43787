using Vigil.Web.Features.Enquiries.Decisions;

namespace Vigil.Web.Features.Enquiries;

/// <summary>Everything the case page's enquiry panels show, loaded once per request for the several partials.</summary>
public sealed class EnquiryPanelData(VigilDbContext db, CaseEnquiryRecords records, CaseAccess access, Cases.CaseOfficers officers, TimeProvider clock,
    Cases.CasePanelRows rows, ForceTime time)
{
    private Snapshot? loaded;

    public sealed record Snapshot(
        bool CanEdit, DateTime Now, List<CaseAction> Actions, List<CaseDecision> Decisions, List<string> Blockers, List<RedFlagKind> Flags,
        bool Closed, List<CaseDecision> PendingOverrides, List<ExhibitMovement> Movements, List<ForensicSubmission> Submissions,
        List<ExaminationResult> Examinations, List<CaseReview> Reviews, IReadOnlyList<Cases.OfficerChoice> Officers,
        IReadOnlyDictionary<string, string> Names)
    {
        /// <summary>The name an officer goes by, for a user name a record keeps (who decided, signed, submitted, reviewed):
        /// the page names officers as the actions and the officer in charge do, never by login.</summary>
        public string Name(string? userName) => userName is null ? "" : Names.GetValueOrDefault(userName, userName);
    }

    public async Task<Snapshot> LoadAsync(DeathCase c, CancellationToken ct = default)
    {
        if (loaded is not null) return loaded;
        var decisions = await records.DecisionsAsync(c.Id, ct);
        var actions = await records.ActionsAsync(c.Id, ct);
        var examinations = await records.ExaminationsAsync(c.Id, ct);
        var signed = decisions.Where(d => d.SignsDecisionId is not null).Select(d => d.SignsDecisionId).ToHashSet();
        var canEdit = await access.CanEditAsync(c, ct);
        var submissions = await records.SubmissionsAsync(c.Id, ct);
        List<CaseReview> reviews = [.. (await records.ReviewsAsync(c.Id, ct)).OrderBy(r => r.DueAt)];
        IReadOnlyList<Cases.OfficerChoice> team = canEdit ? await officers.ForCaseAsync(c.Id, ct) : [];
        // The case's officers are known already on an editor's page; anyone else named is looked up in one statement, and
        // only then: none at all when the timeline asked for them first (ADR 3253).
        var names = await officers.NamesAsync(team, actions.Select(a => a.AllocatedTo).Concat(decisions.Select(d => d.DecidedBy))
            .Concat(submissions.Select(s => s.SubmittedBy)).Concat(examinations.Select(e => e.RecordedBy)).Concat(examinations.Select(e => e.SupersededBy)).Concat(reviews.Select(r => r.CompletedBy)), ct);
        // The gates' rules applied to the records just read, not read again (ADR 2193).
        loaded = new Snapshot(
            canEdit, clock.GetUtcNow().UtcDateTime, actions,
            decisions, ClassificationGate.Blockers(actions, examinations, c.Exhibits, submissions, time), rows.RedFlagsOf(c.Id) ?? await RedFlags.ForCaseAsync(db, c.Id, ct), ClosedCaseGate.IsClosed(decisions),
            decisions.Where(d => d.Kind == DecisionKinds.OverrideRequested && !signed.Contains(d.Id)).ToList(),
            await records.MovementsAsync(c.Id, ct), submissions, examinations, reviews, team, names);
        return loaded;
    }
}
