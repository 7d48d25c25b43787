namespace Vigil.Web.Features.Enquiries.Decisions;

/// <summary>A closed case is a concluded record: no form, API call or import changes it until a decision, with a
/// rationale, reopens it (ADR 0203). Closed is the latest closure-or-reopening entry of the decision log.</summary>
public sealed class ClosedCaseGate(VigilDbContext db) : ICaseChangeGate
{
    public const string Reason = "The case is closed: reopen it (a decision with a rationale) before changing it.";

    public async Task<bool> IsClosedAsync(Guid caseId, CancellationToken ct) => (await RefusalsAsync([caseId], ct)).Count > 0;

    public async Task<IReadOnlyDictionary<Guid, string>> RefusalsAsync(IReadOnlyCollection<Guid> caseIds, CancellationToken ct)
    {
        var closed = new Dictionary<Guid, string>();
        foreach (var chunk in caseIds.Chunk(500))
        {
            // Few cases have any closure entry, so fetching them all for the batch is cheaper than a per-case query.
            var entries = await db.CaseDecisions.AsNoTracking()
                .Where(d => chunk.Contains(d.CaseId) && (d.Kind == DecisionKinds.Closure || d.Kind == DecisionKinds.Reopened))
                .Select(d => new { d.CaseId, d.Sequence, d.Kind }).ToListAsync(ct);
            foreach (var latest in entries.GroupBy(d => d.CaseId).Select(g => g.MaxBy(d => d.Sequence)!))
                if (latest.Kind == DecisionKinds.Closure) closed[latest.CaseId] = Reason;
        }
        return closed;
    }

    /// <summary>The same rule on a case's decision log already read (the case page's panels read it all: ADR 2193).</summary>
    public static bool IsClosed(IEnumerable<CaseDecision> decisions) =>
        decisions.Where(d => d.Kind == DecisionKinds.Closure || d.Kind == DecisionKinds.Reopened).MaxBy(d => d.Sequence)?.Kind == DecisionKinds.Closure;
}
