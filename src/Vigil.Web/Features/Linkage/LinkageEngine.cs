using Vigil.Linkage.Features;
using Vigil.Linkage.Index;
using Vigil.Linkage.Model;
using Vigil.Web.Features.Linkage.Models;

namespace Vigil.Web.Features.Linkage;

/// <summary>The one in-memory <see cref="LinkageIndex"/> of the store, kept in step with it: built from the database
/// as the node's worker starts, or at first use (in found_at order, then every analyst decision replayed into the
/// model and every series membership loaded), then each saved case is assessed and added (an edited case replaces its
/// earlier entry). The index is not thread-safe, so every use goes through one gate. Callable one death at a time with
/// explicit inputs, so it can move behind a durable queue.</summary>
public sealed partial class LinkageEngine(IServiceScopeFactory scopes, IOptions<LinkageSettings> options, ILogger<LinkageEngine> log)
{
    private readonly LinkageSettings settings = options.Value;

    private readonly SemaphoreSlim gate = new(1, 1);
    private LinkageIndex? index;
    // The model the index scores with (ADR 3153); volatile, so the health probe reads it without the gate.
    private volatile ModelInUse? inUse;
    // Completed once the index is built (replaced when it is dropped): a save compares inline only when the index is
    // ready, so no officer's save pays for reading the whole store (ADR 1594).
    private TaskCompletionSource built = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<Guid, LinkageRecord> latest = [];
    // Case version indexed, and the audit chain's sequence looked at: cases changed by another process (a classification
    // on another node) are caught up before each comparison, so no death is missed for want of a restart. The chain's
    // sequences become visible in order, so the mark needs no margin for clocks or late commits (ADR 2281).
    private readonly Dictionary<Guid, int> versions = [];
    private long auditedUpTo;
    // The latest outbox done mark this index has looked at (ADR 1231): a case linked long after it was saved (behind an
    // import) is caught up by when it was linked, not when it was saved. Marks only grow across nodes (ADR 2281).
    private DateTime linkedUpTo = DateTime.MinValue;
    // Analysts' decisions in the model, and the latest seen: a decision made on another node reaches this one's model
    // at its next catch-up (ADR 1231).
    private readonly HashSet<Guid> appliedDecisions = [];
    private DateTime decidedUpTo = DateTime.MinValue;
    // Series each case is a (proposed or confirmed) member of, and the members of each: a new death whose alert
    // reaches a member is scored against the series as a whole.
    private readonly Dictionary<Guid, HashSet<Guid>> seriesOfCase = [];
    private readonly Dictionary<Guid, HashSet<Guid>> membersOfSeries = [];

    /// <summary>Time spent comparing saved cases since start (reported by import measurements).</summary>
    public TimeSpan CompareTime { get; private set; }

    /// <summary>Applies an analyst's confirm or reject to the model in use; <paramref name="decisionId"/>, when the
    /// decision is a stored one, marks it applied so that catching up from the store does not apply it twice.</summary>
    public Task UpdateAsync(DeathCase newer, DeathCase earlier, bool confirmed, CancellationToken ct, Guid? decisionId = null) =>
        WithIndexAsync(ix =>
        {
            if (decisionId is { } id && !appliedDecisions.Add(id)) return false;
            ix.Update(ix.Extractor.Extract(ToRecord(newer)), ix.Extractor.Extract(ToRecord(earlier)), confirmed);
            if (confirmed) ix.Link(newer.Id.ToString(), earlier.Id.ToString());
            return true;
        }, ct);

    /// <summary>Records that cases are (proposed or confirmed) members of a series; confirmed members are also joined in
    /// the index, so that later deaths get the series' weight in the place.</summary>
    public Task TrackAsync(Guid seriesId, IEnumerable<Guid> caseIds, bool confirmed, CancellationToken ct) =>
        WithIndexAsync(ix => { Track(ix, seriesId, caseIds, confirmed); return true; }, ct, catchUp: false);

    /// <summary>Records that a case is no longer a member of a series (a rejected proposal).</summary>
    public Task UntrackAsync(Guid seriesId, Guid caseId, CancellationToken ct) =>
        WithIndexAsync(_ => { Untrack(seriesId, caseId); return true; }, ct);

    private void Untrack(Guid seriesId, Guid caseId)
    {
        seriesOfCase.GetValueOrDefault(caseId)?.Remove(seriesId);
        membersOfSeries.GetValueOrDefault(seriesId)?.Remove(caseId);
    }

    /// <summary>Builds the index now if it is not built (the worker does this as a node starts, ADR 1594).</summary>
    public Task WarmAsync(CancellationToken ct) => WithIndexAsync(_ => true, ct, catchUp: false);

    /// <summary>True once the index is built, waiting up to <paramref name="wait"/> for a build in progress elsewhere.</summary>
    public async Task<bool> ReadyAsync(TimeSpan wait, CancellationToken ct)
    {
        var ready = built.Task;
        if (ready.IsCompleted) return true;
        if (wait <= TimeSpan.Zero) return false;
        try
        {
            await ready.WaitAsync(wait, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The model in use (for the queue page and tests).</summary>
    public Task<LinkageModel> ModelAsync(CancellationToken ct) => WithIndexAsync(ix => ix.Model, ct);

    /// <summary>The model in use and its id, after catching up with the store (so a model published since is taken).</summary>
    public Task<ModelInUse> ModelInUseAsync(CancellationToken ct) => WithIndexAsync(_ => inUse!, ct);

    /// <summary>Builds the index again when the store's current model is not the one in use; false when it is (or the
    /// index is not built yet). The worker asks at each of its rounds, so an idle node takes a newly published model
    /// within Vigil:Linkage:WorkerInterval rather than at its next comparison (ADR 3153).</summary>
    public async Task<bool> FollowModelAsync(CancellationToken ct)
    {
        if (inUse is not { } current) return false;
        string? published;
        await using (var scope = scopes.CreateAsyncScope())
            published = await ModelStore.CurrentSha256Async(scope.ServiceProvider.GetRequiredService<VigilDbContext>(), ct);
        if (published is null || published == current.Sha256) return false;
        await WithIndexAsync(_ => true, ct); // its catch-up finds the new model and builds the index with it
        return true;
    }

    /// <summary>The model the index was last built with, without waiting or reading the store; null before the first
    /// build (for the health probe: operators see that every node scores with the same model, ADR 3153).</summary>
    public ModelInUse? ModelInUse => inUse;

    /// <summary>The alert threshold in force (from the budget and the model).</summary>
    public Task<double> ThresholdAsync(CancellationToken ct) => WithIndexAsync(ix => ix.Threshold, ct);

    /// <summary>What the index has learnt of how people recur across roles, a line per pair of roles (for a test that fails
    /// to say why a recurrence did or did not stand out).</summary>
    internal Task<List<string>> RolesLearntAsync(CancellationToken ct) => WithIndexAsync(ix => ix.Surveillance.DescribeRoles().ToList(), ct);

    /// <summary>The series this node's index holds the case in, after catching up (for tests across nodes).</summary>
    internal Task<List<Guid>> SeriesOfAsync(Guid caseId, CancellationToken ct) =>
        WithIndexAsync(_ => (seriesOfCase.GetValueOrDefault(caseId) ?? []).Order().ToList(), ct);

    /// <summary>The version of the case this node's index holds after catching up, or null when it holds none (for tests'
    /// diagnostics: whether a death missing from another's alert was in the index at all).</summary>
    internal Task<int?> IndexedVersionAsync(Guid caseId, CancellationToken ct) =>
        WithIndexAsync(_ => versions.TryGetValue(caseId, out var v) ? v : (int?)null, ct);

    private void Track(LinkageIndex ix, Guid seriesId, IEnumerable<Guid> caseIds, bool confirmed)
    {
        if (!membersOfSeries.TryGetValue(seriesId, out var members)) membersOfSeries[seriesId] = members = [];
        foreach (var c in caseIds)
        {
            if (confirmed)
                foreach (var m in members.Where(m => m != c)) ix.Link(c.ToString(), m.ToString());
            members.Add(c);
            if (!seriesOfCase.TryGetValue(c, out var of)) seriesOfCase[c] = of = [];
            of.Add(seriesId);
        }
    }

    /// <summary>Runs <paramref name="action"/> on the index under the gate. <paramref name="catchUp"/> false skips reading
    /// the store for other nodes' changes when the index is built already: bookkeeping that needs no fresh data (the
    /// worker telling the index of the series it just proposed) need not pay a catch-up each time (ADR 1531).</summary>
    private async Task<T> WithIndexAsync<T>(Func<LinkageIndex, T> action, CancellationToken ct, bool catchUp = true)
    {
        await gate.WaitAsync(ct);
        try
        {
            return action(!catchUp && index is not null ? index : await IndexAsync(null, ct));
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The case as the engine sees it; the case id is the record's ref, since source refs need not be unique.</summary>
    private static Vigil.Records.DeathRecord ToRecord(DeathCase c) => MergedNames.Apply(c, CaseRecordMapper.ToRecord(c) with { Ref = c.Id.ToString() });

    private void Add(LinkageIndex ix, DeathCase c, LinkageRecord r, DeathAssessment? assessment = null)
    {
        versions[c.Id] = c.Version;
        // Adding a ref already indexed replaces it: an edited case's old facts and counts leave the index.
        if (assessment is null) ix.Add(r);
        else ix.Add(r, assessment);
        latest[c.Id] = r;
    }

    /// <summary>Drops the index (a failed comparison left it holding cases whose alerts were not stored); the next use
    /// rebuilds it from the store, where only compared cases count.</summary>
    public async Task ResetAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (built.Task.IsCompleted) built = new(TaskCreationOptions.RunContinuationsAsynchronously);
            Clear();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forgets the index and everything read into it; the next use builds it from the store.</summary>
    private void Clear()
    {
        index = null;
        (auditedUpTo, linkedUpTo, decidedUpTo) = (0, DateTime.MinValue, DateTime.MinValue);
        appliedDecisions.Clear();
        latest.Clear();
        versions.Clear();
        seriesOfCase.Clear();
        membersOfSeries.Clear();
    }

    private async Task<LinkageIndex> IndexAsync(IReadOnlySet<Guid>? exclude, CancellationToken ct)
    {
        if (index is not null)
        {
            string? published;
            using (Vigil.Data.Diagnostics.StageClock.Measure("linkage: index catch-up"))
                published = await CatchUpAsync(index, exclude, ct);
            if (published is null) return index;
            LogModelChanged(ModelStore.ShortId(published), inUse?.ShortId ?? "none");
            // Another model was published: the index is built again with it, every analyst decision replayed into it as at
            // a start, so decisions survive a change of model as they survive a restart (ADR 3153).
            Clear();
        }
        using var stage = Vigil.Data.Diagnostics.StageClock.Measure("linkage: index build");
        var clock = Stopwatch.StartNew();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        // The store's current model, read before the marks: one published after is seen at the next catch-up (ADR 3153).
        var model = await ModelStore.ForBuildAsync(db, settings.ModelPath, scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, ct);
        if (model.Source == ModelStore.FromStore && !string.IsNullOrWhiteSpace(settings.ModelPath) && ModelStore.Sha256Of(await File.ReadAllTextAsync(settings.ModelPath, ct)) != model.Sha256)
            LogModelPathIgnored(settings.ModelPath, model.ShortId);
        var ix = new LinkageIndex(model.Model, settings.Options());
        // The marks are read before the cases: what commits in between is read again at the first catch-up.
        linkedUpTo = await LinkageStore.LastLinkedAsync(db, ct);
        auditedUpTo = await LinkageStore.AuditHeadAsync(db, ct);
        // Cases still queued are not in the index: the worker compares each, in found_at order, then adds it.
        var queued = await LinkageStore.Queued(db).ToHashSetAsync(ct);
        await foreach (var c in LinkageStore.CasesInFoundOrder(db, settings.BuildPageSize, ct))
            if ((exclude is null || !exclude.Contains(c.Id)) && !queued.Contains(c.Id)) Add(ix, c, ix.Extractor.Extract(ToRecord(c)));
        var decisions = await LinkageStore.DecisionsSinceAsync(db, DateTime.MinValue, ct);
        foreach (var d in decisions)
        {
            appliedDecisions.Add(d.Id);
            if (d.DecidedAt > decidedUpTo) decidedUpTo = d.DecidedAt;
            if (latest.TryGetValue(d.Newer, out var n) && latest.TryGetValue(d.Earlier, out var e)) ix.Update(n, e, d.Confirmed);
        }
        var memberships = await db.SeriesMembers().AsNoTracking().Where(m => m.Status != MemberStatus.Rejected)
            .Join(db.Series(), m => m.SeriesId, s => s.Id, (m, s) => new { m.SeriesId, m.CaseId, Confirmed = m.Status == MemberStatus.Confirmed && s.Status == SeriesStatus.Confirmed })
            .ToListAsync(ct);
        foreach (var m in memberships) Track(ix, m.SeriesId, [m.CaseId], m.Confirmed);
        LogBuilt(ix.Count, decisions.Count, memberships.Count, model.ShortId, model.Source, clock.ElapsedMilliseconds);
        (index, inUse) = (ix, model);
        built.TrySetResult();
        return ix;
    }

    /// <summary>Adds cases another process linked or changed since the last look: outbox rows marked done after the last
    /// mark read, and cases in audit entries after the last sequence read (ADR 2281); still-queued cases and versions
    /// already indexed are skipped. Their comparisons were made and stored by that process's worker. Returns the id of
    /// the store's current model, without catching up, when it is not the one in use (ADR 3153); null otherwise.</summary>
    private async Task<string?> CatchUpAsync(LinkageIndex ix, IReadOnlySet<Guid>? exclude, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var (head, published) = await ModelStore.HeadsAsync(db, ct);
        if (published is not null && published != inUse?.Sha256) return published;
        var linked = await LinkageStore.LinkedAfter(db, linkedUpTo).ToListAsync(ct);
        if (linked.Count > 0) linkedUpTo = linked.Max(l => l.DoneAt);
        var changed = linked.ConvertAll(l => new LinkageStore.CaseVersion(l.Id, l.Version));
        var series = new List<LinkageStore.Membership>();
        if (head > auditedUpTo)
        {
            changed.AddRange(await LinkageStore.ChangedBetween(db, auditedUpTo, head).ToListAsync(ct));
            series = await LinkageStore.SeriesChangedBetween(db, auditedUpTo, head).ToListAsync(ct);
            auditedUpTo = head;
        }
        var missing = changed.Where(c => (exclude is null || !exclude.Contains(c.Id)) && versions.GetValueOrDefault(c.Id) != c.Version).Select(c => c.Id).Distinct().ToList();
        foreach (var chunk in missing.Chunk(500))
            foreach (var c in await LinkageStore.WithFacts(db, chunk).OrderBy(x => x.FoundAt).ToListAsync(ct))
                Add(ix, c, ix.Extractor.Extract(ToRecord(c)));
        CatchUpSeries(ix, series);
        // Decisions made on other nodes since the last look (a minute's margin; those applied here are skipped).
        foreach (var d in await LinkageStore.DecisionsSinceAsync(db, decidedUpTo == DateTime.MinValue ? decidedUpTo : decidedUpTo.AddMinutes(-1), ct))
        {
            if (d.DecidedAt > decidedUpTo) decidedUpTo = d.DecidedAt;
            if (!appliedDecisions.Add(d.Id)) continue;
            if (!latest.TryGetValue(d.Newer, out var n) || !latest.TryGetValue(d.Earlier, out var e)) continue;
            ix.Update(n, e, d.Confirmed);
            if (d.Confirmed) ix.Link(d.Newer.ToString(), d.Earlier.ToString());
        }
        return null;
    }

    /// <summary>Applies series memberships read from the store. A touched case's rows list every series it is in, so
    /// a series it is no longer in (its confirmed row moved when two confirmed series merged) lets it go.</summary>
    private void CatchUpSeries(LinkageIndex ix, List<LinkageStore.Membership> rows)
    {
        foreach (var (caseId, now) in rows.Where(m => m.Touched).GroupBy(m => m.CaseId)
            .Select(g => (g.Key, g.Where(m => !m.Rejected).Select(m => m.SeriesId).ToHashSet())))
            foreach (var gone in (seriesOfCase.GetValueOrDefault(caseId) ?? []).Where(s => !now.Contains(s)).ToList())
                Untrack(gone, caseId);
        foreach (var m in rows)
        {
            if (!m.Rejected) Track(ix, m.SeriesId, [m.CaseId], m.Confirmed);
            else Untrack(m.SeriesId, m.CaseId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Linkage index built: {Cases} cases, {Decisions} analyst decisions replayed, {Members} series memberships, model {Model} ({Source}), {Ms} ms")]
    private partial void LogBuilt(int cases, int decisions, int members, string model, string source, long ms);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Linkage model {Model} is published in the store; {Path} (Vigil:Linkage:ModelPath) differs and is not used: `vigil model publish` it to use it (ADR 3153)")]
    private partial void LogModelPathIgnored(string path, string model);

    // ADR 1640: the cap bounds a query's time (ADR 3173) by leaving earlier deaths uncompared; an operator must hear of it.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Linkage: {Walks} blocking-key walks comparing a batch of {Cases} deaths stopped at {Cap} postings (Vigil:Linkage:MaxPostingsPerKey): earlier deaths under those keys past the newest {Cap} were not compared with them; {Keys} distinct keys cut since this node's index was built")]
    private partial void LogPostingsCut(long walks, int cases, int cap, int keys);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Linkage model {Model} published in the store replaces {Previous} on this node: the index is built again with it")]
    private partial void LogModelChanged(string model, string previous);
}
