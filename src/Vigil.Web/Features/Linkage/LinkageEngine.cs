using Microsoft.Extensions.Options;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Data.Linkage;
using Vigil.Linkage.Clusters;
using Vigil.Linkage.Features;
using Vigil.Linkage.Index;
using Vigil.Linkage.Model;
using Vigil.Linkage.Scoring;
using Vigil.Web.Features.Cases;

namespace Vigil.Web.Features.Linkage;

/// <summary>An alert raised for a saved case against an earlier one.</summary>
public sealed record CaseAlert(Guid NewerCaseId, Guid EarlierCaseId, double Probability, string Summary);

/// <summary>The one in-memory <see cref="LinkageIndex"/> of the store, kept in step with it: built lazily from the
/// database at first use (in found_at order, then every analyst decision replayed into the model), then each saved
/// case is queried and added. The index is not thread-safe, so every use goes through one gate.</summary>
public sealed partial class LinkageEngine(IServiceScopeFactory scopes, IOptions<LinkageSettings> options, ILogger<LinkageEngine> log)
{
    private readonly LinkageSettings settings = options.Value;

    private readonly SemaphoreSlim gate = new(1, 1);
    private LinkageIndex? index;
    // The index cannot remove a record: an edited case is added again and its old entry is ignored from then on.
    private readonly Dictionary<Guid, LinkageRecord> latest = [];
    private readonly HashSet<LinkageRecord> superseded = new(ReferenceEqualityComparer.Instance);
    // Case version indexed, and the latest UpdatedAt seen: cases saved by another process (a CLI import while the
    // web app runs) are caught up before each comparison, so no death is missed for want of a restart.
    private readonly Dictionary<Guid, int> versions = [];
    private DateTime syncedUpTo = DateTime.MinValue;

    /// <summary>Time spent comparing saved cases since start (reported by import measurements).</summary>
    public TimeSpan CompareTime { get; private set; }

    public async Task<IReadOnlyList<CaseAlert>> CompareAsync(IReadOnlyList<DeathCase> cases, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            var ix = await IndexAsync(cases.Select(c => c.Id).ToHashSet(), ct);
            var clock = Stopwatch.StartNew();
            var alerts = new List<CaseAlert>();
            // In entry order, so cases of one import batch are compared with each other as well as with the store.
            foreach (var c in cases)
            {
                var r = ix.Extractor.Extract(ToRecord(c));
                foreach (var candidate in ix.Query(r))
                {
                    if (!candidate.Alert || superseded.Contains(candidate.Earlier)) continue;
                    var earlierId = Guid.Parse(candidate.Earlier.Ref);
                    if (earlierId == c.Id) continue;
                    alerts.Add(new CaseAlert(c.Id, earlierId, candidate.Score.Probability, ix.Explain(r, candidate.Earlier).Summary));
                }
                Add(ix, c, r);
            }
            CompareTime += clock.Elapsed;
            return alerts;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Why the pair scores what it does, on the cases' current facts and the model in use.</summary>
    public Task<Explanation> ExplainAsync(DeathCase newer, DeathCase earlier, CancellationToken ct) =>
        WithIndexAsync(ix => ix.Explain(ix.Extractor.Extract(ToRecord(newer)), ix.Extractor.Extract(ToRecord(earlier))), ct);

    /// <summary>Applies an analyst's confirm or reject to the model in use.</summary>
    public Task UpdateAsync(DeathCase newer, DeathCase earlier, bool confirmed, CancellationToken ct) =>
        WithIndexAsync(ix => { ix.Update(ix.Extractor.Extract(ToRecord(newer)), ix.Extractor.Extract(ToRecord(earlier)), confirmed); return true; }, ct);

    /// <summary>The indexed cases (current versions) of the kinds asked for, placed for the space–time scan.</summary>
    public Task<List<(Guid CaseId, ScanCase Case)>> ScanCasesAsync(IReadOnlySet<DeathKind> kinds, CancellationToken ct) =>
        WithIndexAsync(_ => latest.Where(kv => kinds.Contains(kv.Value.Kind))
            .Select(kv => (kv.Key, new ScanCase(kv.Value.Ref, kv.Value.X, kv.Value.Y, kv.Value.Days))).ToList(), ct);

    /// <summary>The model in use (for the queue page's "model" line and tests).</summary>
    public Task<LinkageModel> ModelAsync(CancellationToken ct) => WithIndexAsync(ix => ix.Model, ct);

    private async Task<T> WithIndexAsync<T>(Func<LinkageIndex, T> action, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            return action(await IndexAsync(null, ct));
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The case as the engine sees it; the case id is the record's ref, since source refs need not be unique.</summary>
    private static Vigil.Records.DeathRecord ToRecord(DeathCase c) => CaseRecordMapper.ToRecord(c) with { Ref = c.Id.ToString() };

    private void Add(LinkageIndex ix, DeathCase c, LinkageRecord r)
    {
        versions[c.Id] = c.Version;
        if (c.UpdatedAt > syncedUpTo) syncedUpTo = c.UpdatedAt;
        var caseId = c.Id;
        ix.Add(r);
        if (latest.TryGetValue(caseId, out var old)) superseded.Add(old);
        latest[caseId] = r;
    }

    private async Task<LinkageIndex> IndexAsync(IReadOnlySet<Guid>? exclude, CancellationToken ct)
    {
        if (index is not null)
        {
            await CatchUpAsync(index, exclude, ct);
            return index;
        }
        var clock = Stopwatch.StartNew();
        var model = string.IsNullOrWhiteSpace(settings.ModelPath) ? LinkageModel.Default() : LinkageModel.Load(settings.ModelPath);
        var ix = new LinkageIndex(model, settings.Options());
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        await foreach (var c in LinkageStore.CasesInFoundOrder(db, settings.BuildPageSize, ct))
            if (exclude is null || !exclude.Contains(c.Id)) Add(ix, c, ix.Extractor.Extract(ToRecord(c)));
        var decisions = await LinkageStore.DecidedPairsAsync(db, ct);
        foreach (var (newer, earlier, confirmed) in decisions)
            if (latest.TryGetValue(newer, out var n) && latest.TryGetValue(earlier, out var e)) ix.Update(n, e, confirmed);
        LogBuilt(ix.Count, decisions.Count, clock.ElapsedMilliseconds);
        return index = ix;
    }

    /// <summary>Adds cases another process saved since the last look (a minute's margin for clock differences;
    /// versions already indexed are skipped). Their comparisons were made and stored by that process.</summary>
    private async Task CatchUpAsync(LinkageIndex ix, IReadOnlySet<Guid>? exclude, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var since = syncedUpTo == DateTime.MinValue ? syncedUpTo : syncedUpTo.AddMinutes(-1);
        var changed = await db.Cases.AsNoTracking().Where(c => c.UpdatedAt >= since).Select(c => new { c.Id, c.Version }).ToListAsync(ct);
        var missing = changed.Where(c => (exclude is null || !exclude.Contains(c.Id)) && versions.GetValueOrDefault(c.Id) != c.Version).Select(c => c.Id).ToList();
        foreach (var chunk in missing.Chunk(500))
            foreach (var c in await db.Cases.AsNoTracking().Include(x => x.People).Include(x => x.Toxicology).AsSplitQuery()
                         .Where(x => chunk.Contains(x.Id)).OrderBy(x => x.FoundAt).ToListAsync(ct))
                Add(ix, c, ix.Extractor.Extract(ToRecord(c)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Linkage index built: {Cases} cases, {Decisions} analyst decisions replayed, {Ms} ms")]
    private partial void LogBuilt(int cases, int decisions, long ms);
}
