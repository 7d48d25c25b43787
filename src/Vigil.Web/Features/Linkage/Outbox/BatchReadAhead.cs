namespace Vigil.Web.Features.Linkage.Outbox;

/// <summary>The worker's next batch, read on a scope and connection of its own while the current batch is scored, so
/// that reading it is done on the core the single scoring thread leaves idle (ADR 2601). It only reads: the outbox is
/// marked by the batch that uses it, exactly as before, so a crash leaves every row pending to be compared again, never
/// skipped nor done twice. A case read ahead is used only when it is still at the version read, and only when no change
/// that versions do not show (a person merge) came after the read; the batch reads every other case itself.</summary>
internal sealed class BatchReadAhead
{
    private readonly Task<List<DeathCase>?> reading;
    private readonly long unversionedChanges;

    private BatchReadAhead(Task<List<DeathCase>?> reading, long unversionedChanges) =>
        (this.reading, this.unversionedChanges) = (reading, unversionedChanges);

    /// <summary>Starts reading the cases of the first pending rows other than <paramref name="current"/> (the current
    /// batch's rows). Named, not skipped by count: on a loaded machine the read may start only after the current batch
    /// has marked its rows done, and skipping as many rows again would pass over the very batch it reads for (seen as a
    /// flaky test under the full suite). <paramref name="unversionedChanges"/>: the engine's count, read now, before the cases.</summary>
    public static BatchReadAhead Start(IServiceScopeFactory scopes, IReadOnlyList<Guid> current, int batchSize, int maxAttempts, long unversionedChanges, CancellationToken ct) =>
        new(Task.Run(() => ReadAsync(scopes, current, batchSize, maxAttempts, ct), CancellationToken.None), unversionedChanges);

    private static async Task<List<DeathCase>?> ReadAsync(IServiceScopeFactory scopes, IReadOnlyList<Guid> current, int batchSize, int maxAttempts, CancellationToken ct)
    {
        try
        {
            using var stage = Vigil.Data.Diagnostics.StageClock.Measure("linkage: read ahead (beside scoring)");
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
            var ids = await LinkageWorker.PendingInOrder(db, maxAttempts).Where(o => !EF.Parameter(current).Contains(o.Id))
                .Take(batchSize).Select(o => o.CaseId).ToListAsync(ct);
            return ids.Count == 0 ? null : await LinkageWorker.CasesAsync(db, [.. ids.Distinct()], ct);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or OperationCanceledException)
        {
            // Only an optimisation: the batch reads its cases itself, and meets the store's trouble there if it lasts.
            return null;
        }
    }

    /// <summary>Of the cases read ahead, those among <paramref name="caseIds"/> still at the version read, and the engine's
    /// count they must be compared at (<see cref="LinkageEngine.CompareAsync(IReadOnlyList{DeathCase}, long?, CancellationToken)"/>).</summary>
    public async Task<(List<DeathCase> Cases, long UnversionedChanges)> TakeAsync(VigilDbContext db, IReadOnlyCollection<Guid> caseIds, CancellationToken ct)
    {
        var wanted = caseIds as IReadOnlySet<Guid> ?? caseIds.ToHashSet();
        var read = (await reading)?.Where(c => wanted.Contains(c.Id)).ToList() ?? [];
        if (read.Count == 0) return ([], unversionedChanges);
        // Every save of a case bumps its version, including saves that do not pass the outbox (a classification).
        var ids = read.Select(c => c.Id).ToArray();
        var versions = await db.Cases.AsNoTracking().Where(c => EF.Parameter(ids).Contains(c.Id))
            .Select(c => new { c.Id, c.Version }).ToDictionaryAsync(c => c.Id, c => c.Version, ct);
        return ([.. read.Where(c => versions.TryGetValue(c.Id, out var v) && v == c.Version)], unversionedChanges);
    }

    /// <summary>True once the read has ended (read, or given up).</summary>
    public bool Finished => reading.IsCompleted;

    /// <summary>Lets a read-ahead that will not be used finish on its own (it swallows its store's errors).</summary>
    public void Abandon() => _ = reading.ContinueWith(static t => t.Exception, CancellationToken.None,
        TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
