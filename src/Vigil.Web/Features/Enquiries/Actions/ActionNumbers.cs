namespace Vigil.Web.Features.Enquiries.Actions;

/// <summary>Next action number per case (A1, A2, ...), counting actions already added in this unit of work.
/// Two writers racing for the same number are stopped by the unique (case, number) index; the loser retries.</summary>
public static class ActionNumbers
{
    public static async Task<Dictionary<Guid, int>> HighestAsync(VigilDbContext db, IReadOnlyCollection<Guid> caseIds, CancellationToken ct)
    {
        var result = new Dictionary<Guid, int>();
        foreach (var chunk in caseIds.Chunk(500))
            foreach (var row in await db.CaseActions.Where(a => chunk.Contains(a.CaseId)).GroupBy(a => a.CaseId)
                         .Select(g => new { g.Key, Max = g.Max(a => a.Number) }).ToListAsync(ct))
                result[row.Key] = row.Max;
        foreach (var local in db.CaseActions.Local.Where(a => caseIds.Contains(a.CaseId)))
            result[local.CaseId] = Math.Max(result.GetValueOrDefault(local.CaseId), local.Number);
        return result;
    }

    public static async Task<int> NextAsync(VigilDbContext db, Guid caseId, CancellationToken ct) =>
        (await HighestAsync(db, [caseId], ct)).GetValueOrDefault(caseId) + 1;
}
