using Vigil.Linkage.Clusters;
using Vigil.Linkage.Explaining;
using Vigil.Linkage.Features;
using Vigil.Linkage.Index;
using Vigil.Linkage.Scoring;
using Vigil.Linkage.Surveillance;
using Vigil.Web.Features.Linkage.Alerts;

namespace Vigil.Web.Features.Linkage;

/// <summary>Assessing saved deaths: one decision per death, its kind, the earlier deaths it names with their
/// explanations as scored, and — when it reaches a series — the death scored against the series as a whole.</summary>
public sealed partial class LinkageEngine
{
    /// <summary>Person or concentration signals weaker than this do not make an alert a person or cluster alert.</summary>
    private const double SignalForKind = 3;

    // Changes to compared facts that no case version shows (a person merge or split), counted: cases read before one
    // must not be compared after it (ADR 2601).
    private long unversionedChanges;

    /// <summary>Changes that no case version shows, so far in this process; see <see cref="NoteUnversionedChange"/>.</summary>
    public long UnversionedChanges => Interlocked.Read(ref unversionedChanges);

    /// <summary>Called once a change to what the engine compares has committed without moving the version of the cases
    /// it touches (a person merge or split renames appearances): a case read before this call and compared after it
    /// would put facts from before the change back into the index (ADR 2601).</summary>
    public void NoteUnversionedChange() => Interlocked.Increment(ref unversionedChanges);

    /// <summary>Assesses saved cases in entry order (so cases of one import batch are compared with each other as well
    /// as with the store) and adds each to the index. Returns the assessments that alert, the undecided pairs of deaths
    /// compared again that their alerts no longer name, scored again (ADR 3142), and the deaths proposed to the series
    /// of deaths compared again, scored again against them (ADR 3145).</summary>
    public async Task<ComparedBatch> CompareAsync(IReadOnlyList<DeathCase> cases, CancellationToken ct) =>
        (await CompareAsync(cases, null, ct))!;

    /// <summary>As <see cref="CompareAsync(IReadOnlyList{DeathCase}, CancellationToken)"/>, but only when
    /// <see cref="UnversionedChanges"/> is still <paramref name="readAt"/> once the gate is held; null (nothing compared)
    /// otherwise. Cases read ahead of their turn are compared through this, with the count read before them (ADR 2601).</summary>
    public async Task<ComparedBatch?> CompareAsync(IReadOnlyList<DeathCase> cases, long? readAt, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (readAt is { } n && Interlocked.Read(ref unversionedChanges) != n) return null;
            var notYet = cases.Select(c => c.Id).ToHashSet();
            var ix = await IndexAsync(notYet, ct);
            var undecided = await UndecidedAsync(cases, ct);
            using var stage = Vigil.Data.Diagnostics.StageClock.Measure("linkage: score");
            var clock = Stopwatch.StartNew();
            var cutBefore = ix.PostingCaps.Walks;
            var alerts = new List<CaseAssessment>();
            var rescored = new List<PairRescore>();
            var proposals = new List<MemberRescore>();
            foreach (var c in cases)
            {
                var r = ix.Extractor.Extract(ToRecord(c));
                var assessment = ix.Assess(r);
                var alert = Alert(ix, c, r, assessment);
                if (alert is not null) alerts.Add(alert = TrackInBatch(ix, alert));
                notYet.Remove(c.Id);
                rescored.AddRange(Rescore(ix, c.Id, r, assessment, alert, undecided.Pairs[c.Id], notYet));
                Add(ix, c, r, assessment);
                if (undecided.Asked.Contains(c.Id)) proposals.AddRange(RescoreProposals(ix, c.Id, alert, undecided.Proposed, notYet));
            }
            CompareTime += clock.Elapsed;
            if (ix.PostingCaps.Walks - cutBefore is > 0 and var cut) LogPostingsCut(cut, cases.Count, ix.Options.MaxPostingsPerKey, ix.PostingCaps.Keys);
            return new ComparedBatch(alerts, rescored, proposals);
        }
        finally
        {
            gate.Release();
        }
    }

    private CaseAssessment? Alert(LinkageIndex ix, DeathCase c, LinkageRecord r, DeathAssessment assessment)
    {
        // Every earlier death at or above the threshold, in the engine's total order (ADR 3174): an alert named the six most
        // probable before, and the rest had no pair and no trace (ADR 3175).
        // Past the first MaxExplainedPerAlert (ADR 1636), a named death's pair is raised like any other, with its score,
        // and explained when opened (the comparison page explains a pair stored without one): explaining every one of a
        // crowd cost a death alike to 2,000 earlier ones 2,000 explanations, and a batch of them more memory than the
        // machine has (CI, round 45: the test host killed at 23 GB).
        var alerted = assessment.Candidates.Where(x => x.Alert && Guid.TryParse(x.Earlier.Ref, out var id) && id != c.Id).ToList();
        if (alerted.Count == 0) return null;
        var signals = alerted.SelectMany(x => x.Signals).Distinct().Where(s => s.Surprise >= SignalForKind).OrderByDescending(s => s.Surprise).ToList();
        var kind = signals.FirstOrDefault()?.Kind switch
        {
            SignalKind.Person or SignalKind.Identity => AlertKind.Person,
            SignalKind.Concentration or SignalKind.SharedFeature => AlertKind.Cluster,
            _ => AlertKind.Pair,
        };
        var explained = settings.MaxExplainedPerAlert;
        var unexplained = alerted.Count <= explained ? "" : string.Create(CultureInfo.InvariantCulture,
            $"One of {alerted.Count:N0} earlier deaths alike this one above the threshold: explained when the pair is opened.");
        var earlier = alerted.Select((x, i) =>
        {
            // One summary for all of them (ADR 1636): a crowd of thousands need not hold a sentence each.
            if (i >= explained) return new EarlierAlert(Guid.Parse(x.Earlier.Ref), x.Score.Probability, unexplained, "");
            // From the assessment itself: explaining each named death used to rank the new death again (ADR 2641).
            var explanation = ix.Explain(r, assessment, x);
            return new EarlierAlert(Guid.Parse(x.Earlier.Ref), x.Score.Probability, explanation.Summary, StoredExplanation.From(explanation, inUse?.ShortId).ToJson());
        }).ToList();
        var sentences = signals.Select(s => SignalText.Describe(r, s, ix.Extractor, ix.Earliest(s))).ToList();
        // Earlier deaths the strongest signal counts together: the engine proposes them as one series with the new death.
        var connected = signals.Count == 0 ? []
            : alerted.Where(x => x.Signals.Contains(signals[0])).Select(x => Guid.Parse(x.Earlier.Ref)).ToList();
        return new CaseAssessment(c.Id, assessment.Probability, kind, earlier, sentences, BestSeries(ix, c.Id, r, earlier)) { Connected = connected };
    }

    /// <summary>Tells the index, before the batch's next death is compared, of the series this alert proposes the death to
    /// or starts (ADR 1636): the writer stores them only once the whole batch is compared, so each later death of an
    /// import that reached the same series started a series of its own (a crowd of 400 alike deaths made 398 candidate
    /// series and 80,197 proposals). Compared one at a time, each would have joined the first. A batch that fails to
    /// save resets the index, so nothing tracked here outlives it.</summary>
    private CaseAssessment TrackInBatch(LinkageIndex ix, CaseAssessment alert)
    {
        if (alert.Series is { } match)
        {
            Track(ix, match.SeriesId, [alert.CaseId], confirmed: false);
            return alert;
        }
        if (alert.Connected.Count < 2) return alert;
        var started = NewId.Version7();
        Track(ix, started, [.. alert.Connected, alert.CaseId], confirmed: false);
        return alert with { NewSeriesId = started };
    }

    /// <summary>Forgets a series tracked for a batch (<see cref="TrackInBatch"/>) that the writer did not create: the death
    /// was proposed to the candidate series of its earlier comparison instead (ADR 3136), which is tracked in its place.</summary>
    public Task ForgetSeriesAsync(Guid seriesId, CancellationToken ct) => WithIndexAsync(_ =>
    {
        if (membersOfSeries.Remove(seriesId, out var members))
            foreach (var m in members) seriesOfCase.GetValueOrDefault(m)?.Remove(seriesId);
        return true;
    }, ct, catchUp: false);

    /// <summary>The series (confirmed or candidate) the alert reaches, scored as a whole; the best when several.</summary>
    private SeriesMatch? BestSeries(LinkageIndex ix, Guid caseId, LinkageRecord r, List<EarlierAlert> earlier)
    {
        SeriesMatch? best = null;
        foreach (var seriesId in earlier.SelectMany(e => seriesOfCase.GetValueOrDefault(e.CaseId) ?? []).Distinct())
        {
            var members = membersOfSeries[seriesId].Where(m => m != caseId).ToHashSet();
            var scored = ix.AssessAgainst(r, [.. members.Select(m => m.ToString())]);
            // A copy: the index's own set changes as later deaths of the batch are tracked into the series.
            if (best is null || scored.Probability > best.Probability) best = new SeriesMatch(seriesId, scored.Probability, scored.Reasons, members);
        }
        return best;
    }

    /// <summary>Why the pair scores what it does, on the cases' current facts and the model in use.</summary>
    public Task<Explanation> ExplainAsync(DeathCase newer, DeathCase earlier, CancellationToken ct) =>
        WithIndexAsync(ix => ix.Explain(ix.Extractor.Extract(ToRecord(newer)), ix.Extractor.Extract(ToRecord(earlier))), ct);

    /// <summary><see cref="ExplainAsync"/> with the model that scored it, read under the same gate: read after it, a model
    /// published in between would label an explanation it did not make (the API and the comparison page show the id).</summary>
    public Task<(Explanation Explanation, string ModelId)> ExplainWithModelAsync(DeathCase newer, DeathCase earlier, CancellationToken ct) =>
        WithIndexAsync(ix => (ix.Explain(ix.Extractor.Extract(ToRecord(newer)), ix.Extractor.Extract(ToRecord(earlier))), ModelInUse!.ShortId), ct);

    /// <summary>A cluster the engine found, with its members (the latest death first) as case ids.</summary>
    public sealed record Cluster(string Sentence, Locality Locality, double WindowDays, int Observed, double Expected, double Surprise,
        double RecurrenceYears, IReadOnlyList<Guid> Members);

    /// <summary>The most unusual concentrations of a kind of death in the last <paramref name="periodDays"/> days.</summary>
    public Task<List<Cluster>> ClustersAsync(DeathKind kind, int periodDays, CancellationToken ct) =>
        WithIndexAsync(ix =>
        {
            var latestDays = latest.Values.Where(r => r.Kind == kind).Select(r => r.Days).DefaultIfEmpty(0).Max();
            return ix.Clusters(kind, latestDays - periodDays, latestDays).Select(f => new Cluster(f.Sentence, f.Signal.Locality, f.Signal.WindowDays,
                f.Signal.Observed, f.Signal.Expected, f.Signal.Surprise, f.RecurrenceYears,
                [Guid.Parse(f.Latest.Ref), .. f.Signal.Members.Select(m => Guid.Parse(ix.Records[m].Ref))])).ToList();
        }, ct);

    /// <summary>The indexed cases (current versions) of the kinds asked for, placed for the space–time scan.</summary>
    public Task<List<(Guid CaseId, ScanCase Case)>> ScanCasesAsync(IReadOnlySet<DeathKind> kinds, CancellationToken ct) =>
        WithIndexAsync(_ => latest.Where(kv => kinds.Contains(kv.Value.Kind))
            .Select(kv => (kv.Key, new ScanCase(kv.Value.Ref, kv.Value.X, kv.Value.Y, kv.Value.Days))).ToList(), ct);
}
