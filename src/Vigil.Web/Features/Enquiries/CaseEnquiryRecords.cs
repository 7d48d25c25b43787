namespace Vigil.Web.Features.Enquiries;

/// <summary>A case's actions, decisions, exhibit movements, forensic submissions and examination results, read once per
/// request for whoever shows them: the case page's enquiry panels and its timeline read the same five tables, and did
/// so twice (ADR 2032). Untracked, for showing; a handler that changes these records reads them itself. Ties in time
/// fall in id order, the timeline's fixed order (ADR 0654).</summary>
public sealed class CaseEnquiryRecords(VigilDbContext db)
{
    private readonly Dictionary<(Guid, Type), object> read = [];

    public Task<List<CaseAction>> ActionsAsync(Guid caseId, CancellationToken ct) => Once(caseId, () =>
        db.CaseActions.AsNoTracking().Where(a => a.CaseId == caseId).OrderBy(a => a.Number).ToListAsync(ct));

    public Task<List<CaseDecision>> DecisionsAsync(Guid caseId, CancellationToken ct) => Once(caseId, () =>
        db.CaseDecisions.AsNoTracking().Where(d => d.CaseId == caseId).OrderBy(d => d.Sequence).ToListAsync(ct));

    public Task<List<ExhibitMovement>> MovementsAsync(Guid caseId, CancellationToken ct) => Once(caseId, () =>
        db.ExhibitMovements.AsNoTracking().Where(m => m.CaseId == caseId).OrderBy(m => m.MovedAt).ThenBy(m => m.Id).ToListAsync(ct));

    public Task<List<ForensicSubmission>> SubmissionsAsync(Guid caseId, CancellationToken ct) => Once(caseId, () =>
        db.ForensicSubmissions.AsNoTracking().Where(s => s.CaseId == caseId).OrderBy(s => s.SubmittedAt).ThenBy(s => s.Id).ToListAsync(ct));

    public Task<List<ExaminationResult>> ExaminationsAsync(Guid caseId, CancellationToken ct) => Once(caseId, () =>
        db.ExaminationResults.AsNoTracking().Where(r => r.CaseId == caseId).OrderBy(r => r.ReceivedAt).ThenBy(r => r.Id).ToListAsync(ct));

    private async Task<List<T>> Once<T>(Guid caseId, Func<Task<List<T>>> load)
    {
        if (read.TryGetValue((caseId, typeof(T)), out var done)) return (List<T>)done;
        var rows = await load();
        read[(caseId, typeof(T))] = rows;
        return rows;
    }
}
