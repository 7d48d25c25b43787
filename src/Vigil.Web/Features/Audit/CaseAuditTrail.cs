namespace Vigil.Web.Features.Audit;

/// <summary>A case's audit history as one reader may see it (the case page, its full history page and GET
/// /api/v1/cases/{id}/audit): newest first, without the entries whose source that reader may not open
/// (<see cref="AuditSensitivity"/>).</summary>
public sealed class CaseAuditTrail(VigilDbContext db, IAuthorizationService authorization)
{
    /// <summary>The API's answer: the newest 500.</summary>
    public const int Limit = 500;

    /// <summary>The case page shows the newest 25 and links to the full history (ADR 2101).</summary>
    public const int OnCasePage = 25;

    /// <summary>Entries per page of /cases/{id}/audit.</summary>
    public const int PageSize = 100;

    public Task<List<AuditItem>> ForCaseAsync(Guid caseId, ClaimsPrincipal reader, CancellationToken ct) => NewestAsync(caseId, reader, Limit, ct);

    /// <summary>The newest <paramref name="count"/> entries. Compiled (ADR 2311): every case page and every API read of a
    /// case's audit runs it; the same statements as <see cref="Items"/> over <see cref="ReadableAsync"/>.</summary>
    public async Task<List<AuditItem>> NewestAsync(Guid caseId, ClaimsPrincipal reader, int count, CancellationToken ct) =>
        await AuditSensitivity.ReadableTypesAsync(reader, authorization) is { } readable
            ? await NewestOfTypes.For(db)(db, caseId, readable, count).ToListAsync(ct)
            : await NewestOfAll.For(db)(db, caseId, count).ToListAsync(ct);

    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, int, IAsyncEnumerable<AuditItem>>> NewestOfAll = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, Guid caseId, int count) => db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId)
            .OrderByDescending(e => e.Sequence).Select(e => new AuditItem(e.Sequence, e.At, e.Actor, e.Action, e.EntityType, e.Changes)).Take(count)));

    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, IReadOnlyList<string>, int, IAsyncEnumerable<AuditItem>>> NewestOfTypes = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, Guid caseId, IReadOnlyList<string> readable, int count) => db.AuditEntries.AsNoTracking()
            .Where(e => e.CaseId == caseId && readable.Contains(e.EntityType))
            .OrderByDescending(e => e.Sequence).Select(e => new AuditItem(e.Sequence, e.At, e.Actor, e.Action, e.EntityType, e.Changes)).Take(count)));

    /// <summary>One page of the full history, newest first (page 1 when none or one out of range is asked for).</summary>
    public async Task<Paged<AuditItem>> PageAsync(Guid caseId, ClaimsPrincipal reader, int? page, CancellationToken ct) =>
        await Paged<AuditItem>.OfAsync(Items(await ReadableAsync(caseId, reader)), page, PageSize, ct);

    private async Task<IQueryable<AuditEntry>> ReadableAsync(Guid caseId, ClaimsPrincipal reader)
    {
        var entries = db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId);
        if (await AuditSensitivity.ReadableTypesAsync(reader, authorization) is { } readable)
            entries = entries.Where(e => readable.Contains(e.EntityType));
        return entries;
    }

    private static IQueryable<AuditItem> Items(IQueryable<AuditEntry> entries) =>
        entries.OrderByDescending(e => e.Sequence).Select(e => new AuditItem(e.Sequence, e.At, e.Actor, e.Action, e.EntityType, e.Changes));
}
