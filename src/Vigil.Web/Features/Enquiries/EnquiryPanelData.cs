using Vigil.Web.Features.Enquiries.Decisions;

namespace Vigil.Web.Features.Enquiries;

/// <summary>Everything the case page's enquiry panels show, loaded once per request for the several partials.</summary>
public sealed class EnquiryPanelData(VigilDbContext db, CaseAccess access, ClassificationGate gate, ClosedCaseGate closure, Cases.CaseOfficers officers, TimeProvider clock)
{
    private Snapshot? loaded;

    public sealed record Snapshot(
        bool CanEdit, DateTime Now, List<CaseAction> Actions, List<CaseDecision> Decisions, List<string> Blockers, List<RedFlagKind> Flags,
        bool Closed, List<CaseDecision> PendingOverrides, List<ExhibitMovement> Movements, List<ForensicSubmission> Submissions,
        List<ExaminationResult> Examinations, List<CaseReview> Reviews, IReadOnlyList<Cases.OfficerChoice> Officers);

    public async Task<Snapshot> LoadAsync(DeathCase c, CancellationToken ct = default)
    {
        if (loaded is not null) return loaded;
        var decisions = await db.CaseDecisions.AsNoTracking().Where(d => d.CaseId == c.Id).OrderBy(d => d.Sequence).ToListAsync(ct);
        var signed = decisions.Where(d => d.SignsDecisionId is not null).Select(d => d.SignsDecisionId).ToHashSet();
        var canEdit = await access.CanEditAsync(c, ct);
        loaded = new Snapshot(
            canEdit, clock.GetUtcNow().UtcDateTime,
            await db.CaseActions.AsNoTracking().Where(a => a.CaseId == c.Id).OrderBy(a => a.Number).ToListAsync(ct),
            decisions, await gate.BlockersAsync(c.Id, ct), await RedFlags.ForCaseAsync(db, c.Id, ct), await closure.IsClosedAsync(c.Id, ct),
            decisions.Where(d => d.Kind == DecisionKinds.OverrideRequested && !signed.Contains(d.Id)).ToList(),
            await db.ExhibitMovements.AsNoTracking().Where(m => m.CaseId == c.Id).OrderBy(m => m.MovedAt).ToListAsync(ct),
            await db.ForensicSubmissions.AsNoTracking().Where(s => s.CaseId == c.Id).OrderBy(s => s.SubmittedAt).ToListAsync(ct),
            await db.ExaminationResults.AsNoTracking().Where(r => r.CaseId == c.Id).OrderBy(r => r.ReceivedAt).ToListAsync(ct),
            await db.CaseReviews.AsNoTracking().Where(r => r.CaseId == c.Id).OrderBy(r => r.DueAt).ToListAsync(ct),
            canEdit ? await officers.ForCaseAsync(c.Id, ct) : []);
        return loaded;
    }
}
