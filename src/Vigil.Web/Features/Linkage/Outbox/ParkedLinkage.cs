namespace Vigil.Web.Features.Linkage.Outbox;

/// <summary>Outbox rows the worker gave up on after <see cref="LinkageSettings.MaxAttempts"/> failures (ADR 1193): what
/// operators list and retry, and what a case page says while its death is not compared.</summary>
public sealed class ParkedLinkage(VigilDbContext db, IOptions<LinkageSettings> options, Cases.CasePanelRows rows)
{
    public sealed record Row(Guid CaseId, string Reference, DateTime FoundAt, int Attempts, string? LastError);

    private int Max => options.Value.MaxAttempts;

    public async Task<List<Row>> ListAsync(CancellationToken ct)
    {
        var max = Max;
        return await db.Outbox().AsNoTracking().Where(o => o.DoneAt == null && o.Attempts >= max).OrderBy(o => o.FoundAt)
            .Join(db.Cases, o => o.CaseId, c => c.Id, (o, c) => new Row(o.CaseId, c.Reference, o.FoundAt, o.Attempts, o.LastError))
            .ToListAsync(ct);
    }

    /// <summary>Where this case's comparison with earlier deaths stands: done, waiting in the queue, or parked.</summary>
    public async Task<QueueState> StateOfAsync(Guid caseId, CancellationToken ct)
    {
        // No pending row (the case page knows: ADR 2461) is what a null maximum meant.
        var attempts = rows.None(caseId, Cases.PanelTable.PendingLinkage) ? null : await PendingAttempts.For(db)(db, caseId, ct);
        return attempts is null ? QueueState.Compared : attempts >= Max ? QueueState.Parked : QueueState.Waiting;
    }

    /// <summary>Every case page asks (ADR 2311): compiled once, the same statement.</summary>
    private static readonly CompiledPerModel<Func<VigilDbContext, Guid, CancellationToken, Task<int?>>> PendingAttempts = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, Guid caseId, CancellationToken ct) =>
            db.Set<LinkageOutboxRow>().AsNoTracking().Where(o => o.CaseId == caseId && o.DoneAt == null).Select(o => (int?)o.Attempts).Max()));

    /// <summary>Puts every parked row back in the queue with a clean count; returns how many.</summary>
    public async Task<int> RetryAsync(CancellationToken ct)
    {
        var max = Max;
        return await db.Outbox().Where(o => o.DoneAt == null && o.Attempts >= max)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Attempts, 0), ct);
    }
}

public enum QueueState
{
    Compared,
    Waiting,
    Parked,
}
