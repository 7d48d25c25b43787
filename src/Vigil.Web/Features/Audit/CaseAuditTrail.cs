namespace Vigil.Web.Features.Audit;

/// <summary>A case's audit history as one reader may see it (the case page, its full history page and GET
/// /api/v1/cases/{id}/audit): newest first, without the entries whose source that reader may not open
/// (<see cref="AuditSensitivity"/>), nor the linkage alerts and decisions that name a death outside the reader's scope
/// (<see cref="Linkage.LinkageAccess.HiddenPairEntriesAsync"/>, ADR 2801).</summary>
public sealed class CaseAuditTrail(VigilDbContext db, IAuthorizationService authorization, Linkage.LinkageAccess linkage)
{
    /// <summary>The entry types that can name a second death: an alert (link candidate) and its decision.</summary>
    private static readonly string[] PairTypes = [nameof(LinkCandidate), nameof(LinkDecision)];

    /// <summary>The API's answer: the newest 500.</summary>
    public const int Limit = 500;

    /// <summary>The case page shows the newest 25 and links to the full history (ADR 2101).</summary>
    public const int OnCasePage = 25;

    /// <summary>Entries per page of /cases/{id}/audit.</summary>
    public const int PageSize = 100;

    public Task<List<AuditItem>> ForCaseAsync(Guid caseId, ClaimsPrincipal reader, CancellationToken ct) => NewestAsync(caseId, reader, Limit, ct);

    /// <summary>The newest <paramref name="count"/> entries. Compiled (ADR 2311): every case page and every API read of a
    /// case's audit runs it; the same statements as <see cref="Items"/> over <see cref="ReadableAsync"/>, the alerts
    /// naming a death out of scope left out after the read.</summary>
    public async Task<List<AuditItem>> NewestAsync(Guid caseId, ClaimsPrincipal reader, int count, CancellationToken ct)
    {
        var rows = await AuditSensitivity.ReadableTypesAsync(reader, authorization) is { } readable
            ? await NewestOfTypes.For(db)(db, caseId, readable, count).ToListAsync(ct)
            : await NewestOfAll.For(db)(db, caseId, count).ToListAsync(ct);
        // Only a trail showing an alert or a link decision can name another death: any other needs no statement more
        // (the case page's budget, ADR 2431). The page then shows fewer than the newest count, never a hidden entry.
        if (!rows.Any(r => PairTypes.Contains(r.Item.EntityType))) return [.. rows.Select(r => r.Item)];
        var hidden = await linkage.HiddenPairEntriesAsync(caseId, ct);
        return [.. rows.Where(r => !hidden.Contains(r.EntityId)).Select(r => r.Item)];
    }

    /// <summary>An item with the id of the row it describes (which alert or decision it is).</summary>
    private sealed record Row(AuditItem Item, string EntityId);

    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, int, IAsyncEnumerable<Row>>> NewestOfAll = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, Guid caseId, int count) => db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId)
            .OrderByDescending(e => e.Sequence).Select(e => new Row(new AuditItem(e.Sequence, e.At, e.Actor, e.Action, e.EntityType, e.Changes), e.EntityId)).Take(count)));

    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, IReadOnlyList<string>, int, IAsyncEnumerable<Row>>> NewestOfTypes = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, Guid caseId, IReadOnlyList<string> readable, int count) => db.AuditEntries.AsNoTracking()
            .Where(e => e.CaseId == caseId && readable.Contains(e.EntityType))
            .OrderByDescending(e => e.Sequence).Select(e => new Row(new AuditItem(e.Sequence, e.At, e.Actor, e.Action, e.EntityType, e.Changes), e.EntityId)).Take(count)));

    /// <summary>One page of the full history, newest first (page 1 when none or one out of range is asked for).</summary>
    public async Task<Paged<AuditItem>> PageAsync(Guid caseId, ClaimsPrincipal reader, int? page, CancellationToken ct) =>
        await Paged<AuditItem>.OfAsync(Items(await ReadableAsync(caseId, reader, ct)), page, PageSize, ct);

    private async Task<IQueryable<AuditEntry>> ReadableAsync(Guid caseId, ClaimsPrincipal reader, CancellationToken ct)
    {
        var entries = db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId);
        if (await AuditSensitivity.ReadableTypesAsync(reader, authorization) is { } readable)
            entries = entries.Where(e => readable.Contains(e.EntityType));
        // Left out in the statement, so that the pages and their count are of what the reader may see.
        if (await linkage.HiddenPairEntriesAsync(caseId, ct) is { Count: > 0 } hidden)
        {
            var ids = hidden.ToList();
            entries = entries.Where(e => !ids.Contains(e.EntityId));
        }
        return entries;
    }

    private static IQueryable<AuditItem> Items(IQueryable<AuditEntry> entries) =>
        entries.OrderByDescending(e => e.Sequence).Select(e => new AuditItem(e.Sequence, e.At, e.Actor, e.Action, e.EntityType, e.Changes));
}
