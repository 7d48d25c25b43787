namespace Vigil.Web.Features.Enquiries.Decisions;

/// <summary>Appends to a case's decision log. Entries are never changed (DecisionLogGuard); the caller saves.</summary>
public sealed class DecisionLog(VigilDbContext db, TimeProvider clock)
{
    public async Task<CaseDecision> AppendAsync(Guid caseId, string kind, string rationale, Officer by, CancellationToken ct,
        string? from = null, string? to = null, string? facts = null, string? blockedBy = null, Guid? signs = null)
    {
        var stored = await db.CaseDecisions.Where(d => d.CaseId == caseId).MaxAsync(d => (int?)d.Sequence, ct) ?? 0;
        var local = db.CaseDecisions.Local.Where(d => d.CaseId == caseId).Select(d => d.Sequence).DefaultIfEmpty(0).Max();
        var decision = new CaseDecision
        {
            CaseId = caseId, Sequence = Math.Max(stored, local) + 1, At = clock.GetUtcNow().UtcDateTime, Kind = kind,
            FromCategory = from, ToCategory = to, Rationale = rationale.Trim(), FactsReliedOn = facts?.Trim(),
            DecidedBy = by.UserName, DecidedByRole = by.IsSupervisor ? "supervisor" : "investigator", BlockedBy = blockedBy, SignsDecisionId = signs,
        };
        db.CaseDecisions.Add(decision);
        return decision;
    }

    public Task<List<CaseDecision>> ForCaseAsync(Guid caseId, CancellationToken ct) =>
        db.CaseDecisions.AsNoTracking().Where(d => d.CaseId == caseId).OrderBy(d => d.Sequence).ToListAsync(ct);
}
