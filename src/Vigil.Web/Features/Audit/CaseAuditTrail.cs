namespace Vigil.Web.Features.Audit;

/// <summary>A case's audit history as one reader may see it (the case page and GET /api/v1/cases/{id}/audit): newest
/// first, without the entries whose source that reader may not open (<see cref="AuditSensitivity"/>).</summary>
public sealed class CaseAuditTrail(VigilDbContext db, IAuthorizationService authorization)
{
    public const int Limit = 500;

    public async Task<List<AuditItem>> ForCaseAsync(Guid caseId, ClaimsPrincipal reader, CancellationToken ct)
    {
        var entries = db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId);
        if (await AuditSensitivity.ReadableTypesAsync(reader, authorization) is { } readable)
            entries = entries.Where(e => readable.Contains(e.EntityType));
        return await entries.OrderByDescending(e => e.Sequence).Take(Limit)
            .Select(e => new AuditItem(e.Sequence, e.At, e.Actor, e.Action, e.EntityType, e.Changes)).ToListAsync(ct);
    }
}
