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
    // The next batch, being read while this one is scored (ADR 2601); touched only under the local gate.
    private BatchReadAhead? readAhead;
    // Failures charged to outbox rows (attempts counted) in this process: a wait that meets one goes on (ADR 3140).
    private long failuresRecorded;

    /// <summary>Cases compared as they were read ahead, beside the previous batch's scoring (ADR 2601).</summary>
    public long CasesReadAhead { get; private set; }

    /// <summary>Cases compared as read at their batch's turn: not read ahead, changed since, or refused with their batch.</summary>
    public long CasesReadInTurn { get; private set; }

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
            // A batch that read the whole queue ends the drain: a save committed since has signalled, so no batch is
            // spent finding the queue empty (ADR 1628).
            if (done.Value.Rows == 0 || done.Value.Emptied) return true;
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
            if (done.Value.Rows == 0 || !await AnyPendingAsync(caseIds, ct)) return true;
        }
        return !await AnyPendingAsync(caseIds, ct);
    }

    /// <summary>Returns once nothing queued before the call is pending (parked deaths are not): drains here when the lease
    /// is free, else waits for the node that holds it; a batch that fails is retried as the worker retries it (ADR 3140).
    /// <paramref name="progress"/> hears the pending count. Saves queued later are not
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
            var charged = Interlocked.Read(ref failuresRecorded);
            Taken? done;
            try
            {
                done = await OneBatchAsync(LinkageMetrics.Import, Timeout.InfiniteTimeSpan, settings.WorkerBatchSize, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && Interlocked.Read(ref failuresRecorded) > charged)
            {
                // As the worker does (ADR 1193, 3140): the failure is charged to its rows, which go alone from now on, and
                // the death that cannot be compared is parked after MaxAttempts, so the deaths behind it are compared and
                // the import returns its summary. A failure nobody could record (the store away) still ends the wait.
                await Task.Delay(settings.WorkerInterval, ct);
                continue;
            }
            if (done is null) await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    /// <summary>Rows not yet compared and still in the queue (parked rows are not: nothing will compare them until retried).</summary>
    public Task<int> PendingAsync(CancellationToken ct) => PendingAsync(DateTime.MaxValue, ct);

    private async Task<int> PendingAsync(DateTime enqueuedBy, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await Pending(scope, enqueuedBy).CountAsync(ct);
    }

    /// <summary>Deaths with a row still to compare, each once however many saves queued it (`vigil outbox`, ADR 3141).</summary>
    public async Task<int> PendingDeathsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await Pending(scope, DateTime.MaxValue).Select(o => o.CaseId).Distinct().CountAsync(ct);
    }

    /// <summary>The cases with a row still to compare (a case saved twice since its last comparison has two rows).</summary>
    public async Task<HashSet<Guid>> PendingCasesAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return [.. await Pending(scope, DateTime.MaxValue).Select(o => o.CaseId).Distinct().ToListAsync(ct)];
    }

    private IQueryable<LinkageOutboxRow> Pending(AsyncServiceScope scope, DateTime enqueuedBy)
    {
        var max = settings.MaxAttempts;
        return scope.ServiceProvider.GetRequiredService<VigilDbContext>().Set<LinkageOutboxRow>()
            .Where(o => o.DoneAt == null && o.Attempts < max && o.EnqueuedAt <= enqueuedBy);
    }

    private async Task<bool> AnyPendingAsync(IReadOnlyCollection<Guid> caseIds, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<VigilDbContext>().Set<LinkageOutboxRow>()
            .AnyAsync(o => o.DoneAt == null && caseIds.Contains(o.CaseId), ct);
    }

    /// <summary>What a batch did: rows compared, and whether it read every row then pending (fewer than a batch, none
    /// held back behind a row that failed before).</summary>
    private readonly record struct Taken(int Rows, bool Emptied);

    /// <summary>One batch under the local gate and the lease, or null when either could not be had.</summary>
    private async Task<Taken?> OneBatchAsync(string path, TimeSpan localWait, int batchSize, CancellationToken ct)
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

    private async Task<Taken> BatchAsync(VigilDbContext db, Alerts.AlertWriter writer, string path, int batchSize, CancellationToken ct)
    {
        var max = settings.MaxAttempts;
        using var take = Vigil.Data.Diagnostics.StageClock.Measure("linkage: batch total");
        // A save's small inline batch neither reads ahead nor takes the import's read-ahead (its caller waits for its own
        // case only); the worker's next batch still uses what that batch left.
        var readsAhead = path != LinkageMetrics.Save;
        var ahead = readsAhead ? readAhead : null;
        if (readsAhead) readAhead = null;
        var rows = await PendingInOrder(db, max).Take(batchSize)
            .Select(o => new { o.Id, o.CaseId, o.Attempts, o.EnqueuedAt }).ToListAsync(ct);
        if (rows.Count == 0)
        {
            ahead?.Abandon();
            return new Taken(0, Emptied: true);
        }
        var read = rows.Count;
        // A row that has failed before goes alone (ADR 1193): if it is the one that cannot be compared, it fails by
        // itself and is parked after MaxAttempts, and the rows of its failed batch go through one by one behind it. A batch
        // of rows that never failed stops short of the first that has: a death found earlier, queued in front of a failing
        // one, was failed with it and charged its attempt, until deaths that could be compared were parked (ADR 3134).
        rows = rows[0].Attempts > 0 ? rows[..1] : [.. rows.TakeWhile(r => r.Attempts == 0)];
        var rowIds = rows.Select(r => r.Id).ToList();
        try
        {
            List<Guid> caseIds = [.. rows.Select(r => r.CaseId).Distinct()];
            var (cases, readAt, fromAhead) = await LoadAsync(db, ahead, caseIds, ct);
            // A full batch is likely followed by another: read it while this one is scored.
            if (readsAhead && rows.Count == batchSize)
                readAhead = BatchReadAhead.Start(scopes, rowIds, batchSize, max, engine.UnversionedChanges, ct);
            var compared = await engine.CompareAsync(cases, readAt, ct);
            if (compared is null)
            {
                // A person merge came after the read-ahead: its cases may hold the names from before it.
                using (Vigil.Data.Diagnostics.StageClock.Measure("linkage: load batch"))
                    cases = await CasesAsync(db, caseIds, ct);
                (fromAhead, compared) = (0, await engine.CompareAsync(cases, ct));
            }
            (CasesReadAhead, CasesReadInTurn) = (CasesReadAhead + fromAhead, CasesReadInTurn + cases.Count - fromAhead);
            using (Vigil.Data.Diagnostics.StageClock.Measure("linkage: write alerts + done"))
                await writer.SaveAsync(compared, async ct => await MarkDoneAsync(db, rowIds, ct), ct);
            LinkageMetrics.Linked(path, rows.Select(r => r.EnqueuedAt), clock.GetUtcNow().UtcDateTime);
            return new Taken(rows.Count, Emptied: read < batchSize && rows.Count == read);
        }
        catch (Exception ex)
        {
            readAhead?.Abandon();
            readAhead = null;
            // The index already holds this batch's cases: rebuilt from the store at next use, it holds only what is done.
            await engine.ResetAsync();
            if (ex is not OperationCanceledException) await RecordFailureAsync(rowIds, ex);
            throw;
        }
    }

    /// <summary>Pending rows in the order the worker compares them: found_at, then the case, as a batch orders its cases and
    /// as the index is built at a start (ADR 1635); a case's rows together, oldest first.</summary>
    internal static IQueryable<LinkageOutboxRow> PendingInOrder(VigilDbContext db, int maxAttempts) =>
        db.Set<LinkageOutboxRow>().AsNoTracking().Where(o => o.DoneAt == null && o.Attempts < maxAttempts)
            .OrderBy(o => o.FoundAt).ThenBy(o => o.CaseId).ThenBy(o => o.EnqueuedAt).ThenBy(o => o.Id);

    /// <summary>The batch's cases, oldest death first: those read ahead and still at the version read, the rest read
    /// now. With the engine's count of unversioned changes they must be compared at, when any was read ahead.</summary>
    private static async Task<(List<DeathCase> Cases, long? ReadAt, int ReadAhead)> LoadAsync(VigilDbContext db, BatchReadAhead? ahead,
        List<Guid> caseIds, CancellationToken ct)
    {
        using var stage = Vigil.Data.Diagnostics.StageClock.Measure("linkage: load batch");
        if (ahead is null) return (await CasesAsync(db, caseIds, ct), null, 0);
        var (cases, readAt) = await ahead.TakeAsync(db, caseIds, ct);
        var have = cases.Select(c => c.Id).ToHashSet();
        if (have.Count < caseIds.Count) cases.AddRange(await CasesAsync(db, [.. caseIds.Where(id => !have.Contains(id))], ct));
        return ([.. cases.OrderBy(c => c.FoundAt).ThenBy(c => c.Id)], have.Count == 0 ? null : readAt, have.Count);
    }

    /// <summary>The batch's cases (their latest versions; a case saved twice is compared once), oldest death first.</summary>
    internal static async Task<List<DeathCase>> CasesAsync(VigilDbContext db, List<Guid> ids, CancellationToken ct)
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
            Interlocked.Increment(ref failuresRecorded);
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
