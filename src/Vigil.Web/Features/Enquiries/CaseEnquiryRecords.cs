namespace Vigil.Web.Features.Enquiries;

/// <summary>A case's actions, decisions, exhibit movements, forensic submissions and examination results, read once per
/// request for whoever shows them: the case page's enquiry panels and its timeline read the same five tables, and did
/// so twice (ADR 2032). Untracked, for showing; a handler that changes these records reads them itself. Ties in time
/// fall in id order, the timeline's fixed order (ADR 0654).</summary>
public sealed class CaseEnquiryRecords(VigilDbContext db, Cases.CasePanelRows rows)
{
    private readonly Dictionary<(Guid, Type), object> read = [];

    public Task<List<CaseAction>> ActionsAsync(Guid caseId, CancellationToken ct) => Once(caseId, () => rows.UnlessNone(caseId, Cases.PanelTable.Actions, () => Actions.For(db)(db, caseId).ToListAsync(ct).AsTask()));

    public Task<List<CaseDecision>> DecisionsAsync(Guid caseId, CancellationToken ct) => Once(caseId, () => rows.UnlessNone(caseId, Cases.PanelTable.Decisions, () => Decisions.For(db)(db, caseId).ToListAsync(ct).AsTask()));

    public Task<List<ExhibitMovement>> MovementsAsync(Guid caseId, CancellationToken ct) => Once(caseId, () => rows.UnlessNone(caseId, Cases.PanelTable.Movements, () => Movements.For(db)(db, caseId).ToListAsync(ct).AsTask()));

    public Task<List<ForensicSubmission>> SubmissionsAsync(Guid caseId, CancellationToken ct) => Once(caseId, () => rows.UnlessNone(caseId, Cases.PanelTable.Submissions, () => Submissions.For(db)(db, caseId).ToListAsync(ct).AsTask()));

    public Task<List<ExaminationResult>> ExaminationsAsync(Guid caseId, CancellationToken ct) => Once(caseId, () => rows.UnlessNone(caseId, Cases.PanelTable.Examinations, () => Examinations.For(db)(db, caseId).ToListAsync(ct).AsTask()));

    /// <summary>All the case's reviews, the completed ones in the order they were completed (ties by id: the timeline's
    /// order), the others after; the reviews panel orders them by when they are due. One read for the panel and the
    /// timeline, which read the table twice (ADR 2461).</summary>
    public Task<List<CaseReview>> ReviewsAsync(Guid caseId, CancellationToken ct) => Once(caseId, () => rows.UnlessNone(caseId, Cases.PanelTable.Reviews, () => Reviews.For(db)(db, caseId).ToListAsync(ct).AsTask()));

    // Compiled once (ADR 2311): every case page reads all five, and EF otherwise rebuilds, parameterises and looks up
    // each query's expression tree per request. The same statements as the LINQ they replace.
    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, IAsyncEnumerable<CaseAction>>> Actions = new(() =>
        EF.CompileAsyncQuery<VigilDbContext, Guid, CaseAction>((VigilDbContext db, Guid caseId) => db.CaseActions.AsNoTracking().Where(a => a.CaseId == caseId).OrderBy(a => a.Number)));

    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, IAsyncEnumerable<CaseDecision>>> Decisions = new(() =>
        EF.CompileAsyncQuery<VigilDbContext, Guid, CaseDecision>((VigilDbContext db, Guid caseId) => db.CaseDecisions.AsNoTracking().Where(d => d.CaseId == caseId).OrderBy(d => d.Sequence)));

    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, IAsyncEnumerable<ExhibitMovement>>> Movements = new(() =>
        EF.CompileAsyncQuery<VigilDbContext, Guid, ExhibitMovement>((VigilDbContext db, Guid caseId) => db.ExhibitMovements.AsNoTracking().Where(m => m.CaseId == caseId).OrderBy(m => m.MovedAt).ThenBy(m => m.Id)));

    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, IAsyncEnumerable<ForensicSubmission>>> Submissions = new(() =>
        EF.CompileAsyncQuery<VigilDbContext, Guid, ForensicSubmission>((VigilDbContext db, Guid caseId) => db.ForensicSubmissions.AsNoTracking().Where(s => s.CaseId == caseId).OrderBy(s => s.SubmittedAt).ThenBy(s => s.Id)));

    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, IAsyncEnumerable<ExaminationResult>>> Examinations = new(() =>
        EF.CompileAsyncQuery<VigilDbContext, Guid, ExaminationResult>((VigilDbContext db, Guid caseId) => db.ExaminationResults.AsNoTracking().Where(r => r.CaseId == caseId).OrderBy(r => r.ReceivedAt).ThenBy(r => r.Id)));

    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, IAsyncEnumerable<CaseReview>>> Reviews = new(() =>
        EF.CompileAsyncQuery<VigilDbContext, Guid, CaseReview>((VigilDbContext db, Guid caseId) => db.CaseReviews.AsNoTracking().Where(r => r.CaseId == caseId).OrderBy(r => r.CompletedAt).ThenBy(r => r.Id)));

    private async Task<List<T>> Once<T>(Guid caseId, Func<Task<List<T>>> load)
    {
        if (read.TryGetValue((caseId, typeof(T)), out var done)) return (List<T>)done;
        var rows = await load();
        read[(caseId, typeof(T))] = rows;
        return rows;
    }
}
