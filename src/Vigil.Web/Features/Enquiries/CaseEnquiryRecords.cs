namespace Vigil.Web.Features.Enquiries;

/// <summary>A case's actions, decisions, exhibit movements, forensic submissions and examination results, read once per
/// request for whoever shows them: the case page's enquiry panels and its timeline read the same five tables, and did
/// so twice (ADR 2032). Untracked, for showing; a handler that changes these records reads them itself. Ties in time
/// fall in id order, the timeline's fixed order (ADR 0654).</summary>
public sealed class CaseEnquiryRecords(VigilDbContext db)
{
    private readonly Dictionary<(Guid, Type), object> read = [];

    public Task<List<CaseAction>> ActionsAsync(Guid caseId, CancellationToken ct) => Once(caseId, () => Actions.For(db)(db, caseId).ToListAsync(ct).AsTask());

    public Task<List<CaseDecision>> DecisionsAsync(Guid caseId, CancellationToken ct) => Once(caseId, () => Decisions.For(db)(db, caseId).ToListAsync(ct).AsTask());

    public Task<List<ExhibitMovement>> MovementsAsync(Guid caseId, CancellationToken ct) => Once(caseId, () => Movements.For(db)(db, caseId).ToListAsync(ct).AsTask());

    public Task<List<ForensicSubmission>> SubmissionsAsync(Guid caseId, CancellationToken ct) => Once(caseId, () => Submissions.For(db)(db, caseId).ToListAsync(ct).AsTask());

    public Task<List<ExaminationResult>> ExaminationsAsync(Guid caseId, CancellationToken ct) => Once(caseId, () => Examinations.For(db)(db, caseId).ToListAsync(ct).AsTask());

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

    private async Task<List<T>> Once<T>(Guid caseId, Func<Task<List<T>>> load)
    {
        if (read.TryGetValue((caseId, typeof(T)), out var done)) return (List<T>)done;
        var rows = await load();
        read[(caseId, typeof(T))] = rows;
        return rows;
    }
}
