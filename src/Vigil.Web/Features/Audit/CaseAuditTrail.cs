namespace Vigil.Web.Features.Audit;

/// <summary>A case's audit history as one reader may see it (the case page, its full history page and GET
/// /api/v1/cases/{id}/audit): newest first, without the entries whose source that reader may not open
/// (<see cref="AuditSensitivity"/>), nor the linkage alerts and decisions that name a death outside the reader's scope
/// (ADR 2801), and with the words on a series holding such a death withheld (ADR 2901): both as
/// <see cref="Linkage.LinkageAccess.HiddenEntriesAsync"/> says.</summary>
public sealed class CaseAuditTrail(VigilDbContext db, IAuthorizationService authorization, Linkage.LinkageAccess linkage, CaseAccess access)
{
    /// <summary>The API's answer: the newest 500.</summary>
    public const int Limit = 500;

    /// <summary>The case page shows the newest 25 and links to the full history (ADR 2101).</summary>
    public const int OnCasePage = 25;

    /// <summary>Entries per page of /cases/{id}/audit.</summary>
    public const int PageSize = 100;

    public async Task<List<AuditItem>> ForCaseAsync(Guid caseId, ClaimsPrincipal reader, CancellationToken ct) =>
        [.. (await NewestAsync(caseId, reader, Limit, ct)).Select(l => l.Item)];

    /// <summary>The newest <paramref name="count"/> entries. Compiled (ADR 2311): every case page and every API read of a
    /// case's audit runs it; the same statements as <see cref="Items"/> over <see cref="ReadableAsync"/>, the linkage
    /// entries this reader may not see left out or shown without their words after the read.</summary>
    public async Task<List<AuditLine>> NewestAsync(Guid caseId, ClaimsPrincipal reader, int count, CancellationToken ct)
    {
        var rows = await AuditSensitivity.ReadableTypesAsync(reader, authorization, await access.ShowsFamilyOfAsync(caseId, ct)) is { } readable
            ? await NewestOfTypes.For(db)(db, caseId, readable, count).ToListAsync(ct)
            : await NewestOfAll.For(db)(db, caseId, count).ToListAsync(ct);
        // Only a trail showing an alert, a link decision or a series entry can say what another death is: any other needs
        // no statement more (the case page's budget, ADR 2431), and only the kinds shown are looked for. The page then
        // shows fewer than the newest count, never a hidden entry.
        var types = rows.Select(r => r.Item.EntityType).Where(t => Linkage.LinkageAccess.PairTypes.Contains(t) || Linkage.LinkageAccess.SeriesTypes.Contains(t))
            .Distinct(StringComparer.Ordinal).ToList();
        if (types.Count == 0) return [.. rows.Select(r => r.Line)];
        return Shown(rows, await linkage.HiddenEntriesAsync(caseId, ct, types));
    }

    /// <summary>An item with the id of the row it describes (which alert, decision or series row it is) and the names
    /// its actor goes by.</summary>
    private sealed record Row(AuditItem Item, string EntityId, ActorNames Names)
    {
        public AuditLine Line => new(Item, Names);
    }

    private static List<AuditLine> Shown(IEnumerable<Row> rows, Linkage.HiddenLinkage hidden) =>
        [.. rows.Where(r => !hidden.LeavesOut(r.Item.EntityType, r.EntityId)).Select(r => hidden.Withheld.Contains(r.EntityId)
            ? r.Line with { Item = r.Item with { Details = Linkage.HiddenLinkage.WithholdWords(r.Item.EntityType, r.Item.Details) } } : r.Line)];

    // Each projection below also asks the names of the user (and the token) an actor is, in the entries' own statement
    // (ADRs 3218, 3225: the case page's statement budget has none to spare): AuditActor.Of, inlined.

    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, int, IAsyncEnumerable<Row>>> NewestOfAll = new(() =>
        EF.CompileAsyncQuery(AuditActor.Inline<Func<VigilDbContext, Guid, int, IQueryable<Row>>>((db, caseId, count) => db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId)
            .OrderByDescending(e => e.Sequence).Select(e => new Row(new AuditItem(e.Sequence, e.At, e.Actor, e.Action, e.EntityType, e.Changes), e.EntityId,
                AuditActor.Of(db, e.Actor))).Take(count))));

    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, IReadOnlyList<string>, int, IAsyncEnumerable<Row>>> NewestOfTypes = new(() =>
        EF.CompileAsyncQuery(AuditActor.Inline<Func<VigilDbContext, Guid, IReadOnlyList<string>, int, IQueryable<Row>>>((db, caseId, readable, count) => db.AuditEntries.AsNoTracking()
            .Where(e => e.CaseId == caseId && readable.Contains(e.EntityType))
            .OrderByDescending(e => e.Sequence).Select(e => new Row(new AuditItem(e.Sequence, e.At, e.Actor, e.Action, e.EntityType, e.Changes), e.EntityId,
                AuditActor.Of(db, e.Actor))).Take(count))));

    /// <summary>One page of the full history, newest first (page 1 when none or one out of range is asked for).</summary>
    public async Task<Paged<AuditLine>> PageAsync(Guid caseId, ClaimsPrincipal reader, int? page, CancellationToken ct)
    {
        var hidden = await linkage.HiddenEntriesAsync(caseId, ct);
        var rows = await Paged<Row>.OfAsync(Items(await ReadableAsync(caseId, reader, hidden)), page, PageSize, ct);
        return new Paged<AuditLine>(Shown(rows.Items, hidden), rows.Page, rows.Size, rows.Total);
    }

    private async Task<IQueryable<AuditEntry>> ReadableAsync(Guid caseId, ClaimsPrincipal reader, Linkage.HiddenLinkage hidden)
    {
        var entries = db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId);
        if (await AuditSensitivity.ReadableTypesAsync(reader, authorization, await access.ShowsFamilyOfAsync(caseId)) is { } readable)
            entries = entries.Where(e => readable.Contains(e.EntityType));
        // Left out in the statement, so that the pages and their count are of what the reader may see.
        if (hidden.Left.Count > 0)
        {
            var ids = hidden.Left.ToList();
            entries = entries.Where(e => !ids.Contains(e.EntityId));
        }
        if (hidden.SeriesOfCase is { } inSeries)
        {
            var ids = inSeries.ToList();
            entries = entries.Where(e => e.EntityType != nameof(LinkedSeries) || ids.Contains(e.EntityId));
        }
        return entries;
    }

    private IQueryable<Row> Items(IQueryable<AuditEntry> entries) =>
        entries.OrderByDescending(e => e.Sequence).Select(AuditActor.Inline<Func<AuditEntry, Row>>(e => new Row(
            new AuditItem(e.Sequence, e.At, e.Actor, e.Action, e.EntityType, e.Changes), e.EntityId, AuditActor.Of(db, e.Actor))));
}

/// <summary>An audit entry as the pages show it: the entry, and the names its actor goes by (<see cref="ActorNames"/>).</summary>
public sealed record AuditLine(AuditItem Item, ActorNames? Names)
{
    /// <summary>"Sgt Ann Example (supervisor)", "API token 'feed' of …", "command line, as 'root'": an audit record is about
    /// who, so the login stays beside the name (<see cref="AuditActor.Say"/>).</summary>
    public string Who => AuditActor.Say(Item.Actor, Names);

    public string What => AuditWords.What(Item.Action, Item.EntityType, Item.Actor, Item.Details);
}
