namespace Vigil.Web.Features.Linkage.Outbox;

/// <summary>Drains the linkage outbox (ADR 1231): pending rows in found_at order, a batch at a time; each batch's
/// cases are compared and their alerts written and the rows marked done in ONE transaction, so a crash leaves the
/// batch pending to be compared again, never skipped nor done twice. One batch at a time in this process (a local
/// gate) and across nodes (the store's session lease, <see cref="StoreLocks.TryLinkageWorkerAsync"/>), taken per
/// batch so a form save can slip its own comparison in between two batches of a large import.</summary>
public sealed partial class LinkageWorker(IServiceScopeFactory scopes, LinkageEngine engine, IOptions<LinkageSettings> options,
    IOptions<Hosting.VigilSettings> vigil, TimeProvider clock, ILogger<LinkageWorker> log)
{
    // One gate per store in this process, not per worker: several hosts in one process (tests, a CLI import beside
    // nothing else) on one SQLite file must take turns too, and SQLite has no session lock to do it for them.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    private readonly LinkageSettings settings = options.Value;
    private readonly SemaphoreSlim local = Gates.GetOrAdd(vigil.Value.Database, _ => new SemaphoreSlim(1, 1));
    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>Wakes the background worker (<see cref="LinkageWorkerService"/>) now instead of at its next interval.</summary>
    public void Signal()
    {
        try { wake.Release(); }
        catch (SemaphoreFullException) { /* already signalled */ }
    }

    /// <summary>Waits for a signal or the interval, whichever comes first.</summary>
    public Task WaitForWorkAsync(TimeSpan interval, CancellationToken ct) => wake.WaitAsync(interval, ct);

    /// <summary>Drains until nothing is pending. False when another node holds the lease (it drains instead).</summary>
    public async Task<bool> DrainAsync(CancellationToken ct)
    {
        while (true)
        {
            var done = await OneBatchAsync(LinkageMetrics.Worker, Timeout.InfiniteTimeSpan, settings.WorkerBatchSize, ct);
            if (done is null) return false;
            if (done == 0) return true;
        }
    }

    /// <summary>Compares the cases a form or API save just committed, if this node may now: a few batches at most
    /// (older deaths queued by an import go first), waiting briefly for this node's own worker. False when the cases
    /// are left to the background worker — also while the index is not built yet: building it reads every compared
    /// case in the store, which no officer's save should wait for (ADR 1594).</summary>
    public async Task<bool> DrainForAsync(IReadOnlyCollection<Guid> caseIds, CancellationToken ct)
    {
        if (!await engine.ReadyAsync(settings.InlineWait, ct)) return false;
        for (var i = 0; i < settings.InlineBatches; i++)
        {
            var done = await OneBatchAsync(LinkageMetrics.Save, settings.InlineWait, settings.InlineBatchSize, ct);
            if (done is null) return false;
            if (done == 0 || !await AnyPendingAsync(caseIds, ct)) return true;
        }
        return !await AnyPendingAsync(caseIds, ct);
    }

    /// <summary>Returns once nothing queued before the call is pending: drains here when the lease is free, else waits
    /// for the node that holds it. <paramref name="progress"/> hears the pending count. Saves queued later are not
    /// waited for: under 50 users' edits the queue is never empty, and an API import of five deaths waited for all of
    /// it until its client gave up (30 s).</summary>
    public async Task CaughtUpAsync(Action<int>? progress, CancellationToken ct)
    {
        var by = clock.GetUtcNow().UtcDateTime;
        while (true)
        {
            int pending;
            using (Vigil.Data.Diagnostics.StageClock.Measure("linkage: pending count"))
                pending = await PendingAsync(by, ct);
            progress?.Invoke(pending);
            if (pending == 0) return;
            var done = await OneBatchAsync(LinkageMetrics.Import, Timeout.InfiniteTimeSpan, settings.WorkerBatchSize, ct);
            if (done is null) await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    /// <summary>Rows not yet compared and still in the queue (parked rows are not: nothing will compare them until retried).</summary>
    public Task<int> PendingAsync(CancellationToken ct) => PendingAsync(DateTime.MaxValue, ct);

    private async Task<int> PendingAsync(DateTime enqueuedBy, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var max = settings.MaxAttempts;
        return await scope.ServiceProvider.GetRequiredService<VigilDbContext>().Set<LinkageOutboxRow>()
            .CountAsync(o => o.DoneAt == null && o.Attempts < max && o.EnqueuedAt <= enqueuedBy, ct);
    }

    private async Task<bool> AnyPendingAsync(IReadOnlyCollection<Guid> caseIds, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<VigilDbContext>().Set<LinkageOutboxRow>()
            .AnyAsync(o => o.DoneAt == null && caseIds.Contains(o.CaseId), ct);
    }

    /// <summary>One batch under the local gate and the lease: rows done, or null when either could not be had.</summary>
    private async Task<int?> OneBatchAsync(string path, TimeSpan localWait, int batchSize, CancellationToken ct)
    {
        var asked = clock.GetTimestamp();
        var got = await local.WaitAsync(localWait, ct);
        LinkageMetrics.GateWaited(path, clock.GetElapsedTime(asked));
        if (!got) return null;
        var held = clock.GetTimestamp();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
            StoreLocks.UseSessionPool(db); // the lease is session state: a pool that resets (ADR 2221)
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                if (!await StoreLocks.TryLinkageWorkerAsync(db, ct)) return null;
                try
                {
                    return await BatchAsync(db, scope.ServiceProvider.GetRequiredService<Alerts.AlertWriter>(), path, batchSize, ct);
                }
                finally
                {
                    await StoreLocks.ReleaseLinkageWorkerAsync(db, CancellationToken.None);
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        finally
        {
            local.Release();
            LinkageMetrics.BatchDone(path, clock.GetElapsedTime(held));
        }
    }

    private async Task<int> BatchAsync(VigilDbContext db, Alerts.AlertWriter writer, string path, int batchSize, CancellationToken ct)
    {
        var max = settings.MaxAttempts;
        using var take = Vigil.Data.Diagnostics.StageClock.Measure("linkage: batch total");
        var rows = await db.Set<LinkageOutboxRow>().AsNoTracking().Where(o => o.DoneAt == null && o.Attempts < max)
            .OrderBy(o => o.FoundAt).ThenBy(o => o.EnqueuedAt).ThenBy(o => o.Id).Take(batchSize)
            .Select(o => new { o.Id, o.CaseId, o.Attempts, o.EnqueuedAt }).ToListAsync(ct);
        if (rows.Count == 0) return 0;
        // A row that has failed before goes alone (ADR 1193): if it is the one that cannot be compared, it fails by
        // itself and is parked after MaxAttempts, and the rows of its failed batch go through one by one behind it.
        if (rows[0].Attempts > 0) rows = rows[..1];
        var rowIds = rows.Select(r => r.Id).ToList();
        try
        {
            List<DeathCase> cases;
            using (Vigil.Data.Diagnostics.StageClock.Measure("linkage: load batch"))
                cases = await CasesAsync(db, [.. rows.Select(r => r.CaseId).Distinct()], ct);
            var alerts = await engine.CompareAsync(cases, ct);
            using (Vigil.Data.Diagnostics.StageClock.Measure("linkage: write alerts + done"))
                await writer.SaveAsync(alerts, async ct => await MarkDoneAsync(db, rowIds, ct), ct);
            LinkageMetrics.Linked(path, rows.Select(r => r.EnqueuedAt), clock.GetUtcNow().UtcDateTime);
            return rows.Count;
        }
        catch (Exception ex)
        {
            // The index already holds this batch's cases: rebuilt from the store at next use, it holds only what is done.
            await engine.ResetAsync();
            if (ex is not OperationCanceledException) await RecordFailureAsync(rowIds, ex);
            throw;
        }
    }

    /// <summary>The batch's cases (their latest versions; a case saved twice is compared once), oldest death first.</summary>
    private static async Task<List<DeathCase>> CasesAsync(VigilDbContext db, List<Guid> ids, CancellationToken ct)
    {
        // One query for the whole batch: the ids are one parameter, so no limit on parameters applies.
        var cases = await LinkageStore.WithFacts(db, ids).ToListAsync(ct);
        return [.. cases.OrderBy(c => c.FoundAt).ThenBy(c => c.Id)];
    }

    /// <summary>Marks the rows done in the alerts' transaction. Only rows still pending count: should two workers ever
    /// race past the lease, the second finds fewer and rolls its alerts back rather than writing them twice. The mark is
    /// above every earlier batch's, whatever this node's clock says, so other nodes' indexes catch up from the last mark
    /// they read with no margin (ADR 2281).</summary>
    private async Task MarkDoneAsync(VigilDbContext db, List<Guid> rowIds, CancellationToken ct)
    {
        var now = await LinkageStore.NextDoneAt(db, clock.GetUtcNow().UtcDateTime, ct);
        var done = await db.Set<LinkageOutboxRow>().Where(o => rowIds.Contains(o.Id) && o.DoneAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.DoneAt, now), ct);
        if (done != rowIds.Count)
            throw new InvalidOperationException($"{rowIds.Count - done} of {rowIds.Count} outbox rows were done by another worker; this batch is rolled back.");
    }

    private async Task RecordFailureAsync(List<Guid> rowIds, Exception ex)
    {
        LinkageFailed(log, rowIds.Count, ex);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
            var error = AlertsClip(ex.GetType().Name + ": " + ex.Message);
            await db.Set<LinkageOutboxRow>().Where(o => rowIds.Contains(o.Id) && o.DoneAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.Attempts, o => o.Attempts + 1).SetProperty(o => o.LastError, error), CancellationToken.None);
            var max = settings.MaxAttempts;
            foreach (var parked in await db.Set<LinkageOutboxRow>().AsNoTracking().Where(o => rowIds.Contains(o.Id) && o.DoneAt == null && o.Attempts >= max)
                .Select(o => o.CaseId).ToListAsync(CancellationToken.None))
                RowParked(log, parked, max);
        }
        catch (Exception second) when (second is System.Data.Common.DbException or InvalidOperationException)
        {
            // The store is away: the rows are pending anyway, which is all that matters.
            RecordingFailed(log, second);
        }
    }

    private static string AlertsClip(string s) => s.Length <= 2000 ? s : s[..1997] + "...";

    [LoggerMessage(Level = LogLevel.Error, Message = "linkage of {Rows} queued cases failed; they stay pending and are retried")]
    private static partial void LinkageFailed(ILogger logger, int rows, Exception ex);

    [LoggerMessage(Level = LogLevel.Critical, Message = "linkage of case {CaseId} failed {Attempts} times; it is parked and the deaths behind it go on being compared. `vigil outbox` shows it; `vigil outbox --retry` queues it again")]
    private static partial void RowParked(ILogger logger, Guid caseId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not record a linkage failure on its outbox rows")]
    private static partial void RecordingFailed(ILogger logger, Exception ex);
}
