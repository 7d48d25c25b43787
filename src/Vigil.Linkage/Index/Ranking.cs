using System.Runtime.InteropServices;
using Vigil.Linkage.Explaining;
using Vigil.Linkage.Features;
using Vigil.Linkage.Model;
using Vigil.Linkage.Scoring;
using Vigil.Linkage.Surveillance;

namespace Vigil.Linkage.Index;

/// <summary>Scoring a new death: every candidate's pair comparisons, the signals that count it, and the calibration
/// that turns them into one probability.</summary>
public sealed partial class LinkageIndex
{
    /// <summary>Scores a new death against the indexed ones; returns the best candidates, best first.
    /// The new death is not added.</summary>
    public IReadOnlyList<LinkageCandidate> Query(LinkageRecord r) => Assess(r).Candidates;

    /// <summary>Scores a new death against the indexed ones and returns the best <paramref name="top"/>, and every other
    /// candidate at or above the alert threshold (ADR 3175).</summary>
    public IReadOnlyList<LinkageCandidate> Query(LinkageRecord r, int top) => Assess(r, top).Candidates;

    /// <summary>The decision about a new death: its best candidates and its signals. The death is not added.</summary>
    public DeathAssessment Assess(LinkageRecord r) => Assess(r, Options.TopCandidates);

    /// <summary>The decision about a new death: its best <paramref name="top"/> candidates, and every other candidate at
    /// or above the alert threshold (ADR 3175): no earlier death alike enough to alert is cut from the decision.</summary>
    public DeathAssessment Assess(LinkageRecord r, int top)
    {
        var (ranked, signals, local, background) = Rank(r, top, keepAlerting: true);
        return new DeathAssessment([.. ranked.Select(x => x.Candidate)], signals) { Context = new(this, _changes, local, background) };
    }

    /// <summary>The best candidates with the calibration input each was scored from (used to fit calibration); with
    /// <paramref name="keepAlerting"/>, every candidate at or above the alert threshold too, however many (ADR 3175).</summary>
    internal RankedDeath Rank(LinkageRecord r, int top, IReadOnlyList<int>? also = null, bool keepAlerting = false)
    {
        var ids = _rankIds;
        ids.Clear();
        var (signals, background) = SignalsAndCandidates(r, ids);
        foreach (var id in also ?? [])
            if (Mark(id)) ids.Add(id);
        // Sized once for every member the signals name: grown as they were added, it was 4 % of the scoring (ADR 2573).
        var members = 0;
        foreach (var s in signals) members += s.Members.Count;
        var named = new Dictionary<int, List<Signal>>(members);
        foreach (var s in signals)
            foreach (var id in s.Members)
            {
                if (!named.TryGetValue(id, out var list)) named[id] = list = [];
                list.Add(s);
                if (Mark(id)) ids.Add(id);
            }
        var seriesShare = SeriesShares(r, ids);
        if (_latest.TryGetValue(r.Ref, out var self)) ids.Remove(self);
        var n = ids.Count;
        // The per-candidate arrays are the index's own, grown and reused (ADR 2521): allocated per death, a death with
        // hundreds of candidates put them on the large object heap, and collecting them was a sixth of the scoring.
        var scored = Grown(ref _scored, n);
        double best = double.NegativeInfinity, second = double.NegativeInfinity;
        var local = 0;
        var rarity = Model.RarityEven is not null || Options.MeasureRarity ? Grown(ref _rarity, n) : null;
        var multiplicity = Math.Log(1.0 + n);
        ScoreCandidates(r, ids, scored, rarity, multiplicity, background);
        for (var i = 0; i < n; i++)
        {
            var w = scored[i].Score.Weight;
            if (_facts[ids[i]].Kind == r.Kind) local++;
            if (w > best) (best, second) = (w, best);
            else if (w > second) second = w;
        }
        // The two logged counts of the calibration are the same for every candidate of the death: taken once (ADR 2642).
        var (logLocal, logKindTotal) = (Calibration.LogCount(local), Calibration.LogCount(_frequencies.RecordsOfKind(r.Kind)));
        for (var i = 0; i < n; i++)
        {
            var (id, s, person, _) = scored[i];
            // Most candidates are named by no signal and in no series: no lookups for them (ADR 2522).
            var mine = named.Count == 0 ? null : named.GetValueOrDefault(id);
            var (personSurprise, clusterSurprise) = Surprises(mine);
            scored[i].Input = Context(r, _facts[id].Kind, s.Weight, person, local, second) with
            {
                PersonSurprise = personSurprise, ClusterSurprise = clusterSurprise,
                SeriesShare = seriesShare.Count > 0 && seriesShare.TryGetValue(id, out var share) ? share : null,
                RouteScore = rarity?[i] ?? 0,
            };
            if (Model.Calibration is { } calibration)
                scored[i].Score = s with { Probability = calibration.Probability(scored[i].Input, logLocal, logKindTotal) };
            var identity = RecurrenceProbability(mine);
            if (identity > scored[i].Score.Probability) scored[i].Score = scored[i].Score with { Probability = identity };
            if (Model.RarityEven is { } even && rarity is not null && 1 / (1 + Math.Exp(even - rarity[i])) is var rare && rare > scored[i].Score.Probability)
                scored[i].Score = scored[i].Score with { Probability = rare };
        }
        var order = Ordered(scored, n, top, keepAlerting, out var keep);
        var triangle = KeepsLists ? BestTriangle(r, scored, order, n) : null;
        var raised = Model.TriangleRoute is { } route && triangle is { } t ? Raise(route, t, scored) : null;
        IEnumerable<int> kept = order.Take(keep);
        if (Options.MeasureRarity && rarity is not null && n > keep)
        {
            var own = rarity[..n];
            var rarest = Array.IndexOf(own, own.Max());
            if (!kept.Contains(rarest)) kept = kept.Append(rarest);
        }
        var ranked = kept.Select(i => (Candidate:
            new LinkageCandidate(_records[scored[i].Id], scored[i].Score, scored[i].Score.Probability >= Threshold)
            {
                Signals = named.GetValueOrDefault(scored[i].Id) ?? [], Triangle = raised?.GetValueOrDefault(i),
            },
            Input: scored[i].Input)).ToList();
        // A raised candidate may now outrank the ones before it: best first again, ties in the order they were cut in.
        if (raised is not null) ranked = [.. ranked.OrderByDescending(x => x.Candidate.Score.Probability)];
        return new RankedDeath(ranked, signals, local, background) { Triangle = triangle is { } found ? (found.Sum, found.Table) : null };
    }

    /// <summary>The series-triangle route (ADR 3194): both earlier deaths of the triangle take the route's probability where
    /// it is the higher; returns the raised positions with what raised them, or null when neither was.</summary>
    private Dictionary<int, SeriesTriangle>? Raise(TriangleRoute route, (double Sum, int Table, int A, int B) t,
        (int Id, PairScore Score, double Person, CalibrationInput Input)[] scored)
    {
        var standing = route.Standing(t.Sum, t.Table);
        var p = route.Probability(standing);
        Dictionary<int, SeriesTriangle>? raised = null;
        foreach (var (at, other) in new[] { (t.A, t.B), (t.B, t.A) })
        {
            if (p <= scored[at].Score.Probability) continue;
            (raised ??= [])[at] = new SeriesTriangle(_records[scored[other].Id], standing, scored[at].Score.Probability);
        }
        foreach (var at in raised?.Keys ?? Enumerable.Empty<int>())
            scored[at].Score = scored[at].Score with { Probability = p };
        return raised;
    }

    private readonly List<int> _rankIds = [];
    private (int Id, PairScore Score, double Person, CalibrationInput Input)[] _scored = [];
    private double[] _keys = [], _rarity = [];
    private int[] _order = [];

    /// <summary><paramref name="buffer"/>, replaced by a larger one when it holds fewer than <paramref name="n"/>; the
    /// caller writes every slot below <paramref name="n"/> before reading it.</summary>
    private static T[] Grown<T>(ref T[] buffer, int n)
    {
        if (buffer.Length < n) buffer = new T[Math.Max(n, buffer.Length * 2)];
        return buffer;
    }

    /// <summary>The surveillance's signals and the blocked candidates, side by side on two threads when
    /// <see cref="LinkageOptions.Parallelism"/> allows (ADR 2372). Both only read the index; each writes its own state
    /// alone (the surveillance its observations of the death, the candidate walk its visited marks), so the signals and
    /// the candidates, in their order, are what one thread finds.</summary>
    private (List<Signal> Signals, PersonBackground Background) SignalsAndCandidates(LinkageRecord r, List<int> ids)
    {
        if (Options.Parallelism < 2)
        {
            var found = Surveillance.Signals(r);
            CollectCandidates(r, ids);
            return found;
        }
        (List<Signal>, PersonBackground) signals = default;
        // Parallel.For rather than a task: the caller takes both halves itself when no pool thread is free.
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, half =>
        {
            if (half == 0) signals = Surveillance.Signals(r);
            else CollectCandidates(r, ids);
        });
        return signals;
    }

    /// <summary>Each candidate's pair comparison, weight, person weight and rarity, on up to <see cref="LinkageOptions.Parallelism"/>
    /// threads over contiguous ranges of the candidates (ADR 2371). Every candidate's figures depend only on the two deaths,
    /// the model and the frequencies, which nothing changes while a death is scored, and each lands in its own slot: the
    /// same numbers, bit for bit, in the same order as one thread gives.</summary>
    private void ScoreCandidates(LinkageRecord r, List<int> ids, (int Id, PairScore Score, double Person, CalibrationInput Input)[] scored,
        double[]? rarity, double multiplicity, PersonBackground? background)
    {
        // The two log priors a candidate can have, worked out once per death rather than per pair (ADR 2572).
        var priors = (Same: PairScorer.LogPrior(Model, (int)r.Kind, r, _frequencies), Mixed: PairScorer.LogPrior(Model, LinkageModel.MixedTable, r, _frequencies));
        var parts = Math.Min(Options.Parallelism, ids.Count / Math.Max(1, Options.CandidatesPerThread));
        if (parts <= 1)
        {
            ScoreRange(r, ids, scored, rarity, multiplicity, background, priors, 0, ids.Count);
            return;
        }
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts },
            p => ScoreRange(r, ids, scored, rarity, multiplicity, background, priors, (int)((long)ids.Count * p / parts), (int)((long)ids.Count * (p + 1) / parts)));
    }

    private void ScoreRange(LinkageRecord r, List<int> ids, (int Id, PairScore Score, double Person, CalibrationInput Input)[] scored,
        double[]? rarity, double multiplicity, PersonBackground? background, (double Same, double Mixed) priors, int from, int to)
    {
        var model = Model;
        // The flat arrays (ADR 2621): nothing is added to the index while a death is scored.
        var facts = CollectionsMarshal.AsSpan(_facts);
        var people = CollectionsMarshal.AsSpan(_people);
        var newer = new ComparableDeath(r);
        for (var i = from; i < to; i++)
        {
            var id = ids[i];
            var earlier = _records[id];
            ref readonly var earlierFacts = ref facts[id];
            var earlierPeople = earlierFacts.PeopleFrom < 0 ? ((ReadOnlySpan<ComparablePerson>)earlierFacts.People)[..earlierFacts.PeopleCount]
                : people.Slice(earlierFacts.PeopleFrom, earlierFacts.PeopleCount);
            var c = PairComparer.Compare(newer, r.Comparable, r, earlierFacts, earlierPeople, earlier);
            var table = LinkageModel.TableFor(r.Kind, earlierFacts.Kind);
            // The person weight once: the score sums it with the others, and calibration reads it on its own.
            var person = PairScorer.LevelWeight(model.Tables[table], Comparison.Person, c, table, r, _frequencies, background);
            // With a calibration the pair's own probability is replaced by the calibrated one: not worked out (ADR 2642).
            var s = PairScorer.Score(model, table, r, c, _frequencies, background, person, table == LinkageModel.MixedTable ? priors.Mixed : priors.Same,
                withProbability: model.Calibration is null);
            scored[i] = (id, s, person, default);
            if (rarity is not null) rarity[i] = Rarity.Of(Model, r, earlier, c, _frequencies, background) - multiplicity;
        }
    }

    /// <summary>Series with recent members of the new death's kind in its area: every live member gets the series' log
    /// share of the local background, and joins the candidates (the series is scored as a whole).</summary>
    private Dictionary<int, double> SeriesShares(LinkageRecord r, List<int> ids)
    {
        var shares = new Dictionary<int, double>();
        var seen = new HashSet<int>();
        var from = r.Days - Options.SeriesWindowDays;
        for (var i = 0; i < ids.Count; i++)
        {
            if (!_series.InSeries(ids[i])) continue;
            var members = _series.Members(ids[i]);
            if (!seen.Add(_series.Root(ids[i]))) continue;
            var local = members.Count(m => IsLive(m) && _records[m].Kind == r.Kind && _records[m].Area == r.Area && r.Area >= 0 && _records[m].Days >= from);
            if (local == 0) continue;
            var others = Math.Max(0, Surveillance.KindInArea(r, from, r.Days) - local);
            var share = Math.Log(local) - Math.Log(others + 1.0);
            foreach (var m in members)
            {
                if (!IsLive(m) || string.Equals(_records[m].Ref, r.Ref, StringComparison.Ordinal)) continue;
                shares[m] = share;
                if (Mark(m)) ids.Add(m);
            }
        }
        return shares;
    }

    /// <summary>The alerting probability a recurring person gives on their own: an identity recurrence across roles
    /// (ADR 1391) or, once the role priors come from a force's history (ADR 1491), a person in more deaths in their area
    /// than their role explains. Neither is left to the calibration alone: the training force holds too few such pairs
    /// to fit a weight, yet by construction a surprise of s is a coincidence of chance e^−s among people in that role.
    /// The pair keeps the larger of the two, so the one threshold (the force's alert budget) decides all.</summary>
    private double RecurrenceProbability(List<Signal>? signals)
    {
        var options = Options.Surveillance;
        // No signal names most candidates: `signals ?? []` made an empty list for each of them (ADR 2523).
        if (signals is null) return 0;
        var excess = double.NegativeInfinity;
        foreach (var s in signals)
        {
            if (s.Kind == SignalKind.Identity) excess = Math.Max(excess, s.Surprise - options.IdentityEvenSurprise);
            else if (s.Kind == SignalKind.Person && s.Locality == Locality.Area && Model.RolePriors is not null)
                excess = Math.Max(excess, s.Surprise - options.PersonEvenSurprise);
        }
        return double.IsNegativeInfinity(excess) ? 0 : 1 / (1 + Math.Exp(-excess));
    }

    private static (double Person, double Cluster) Surprises(List<Signal>? signals)
    {
        double person = 0, cluster = 0;
        if (signals is null) return (person, cluster);
        foreach (var s in signals)
        {
            if (s.Kind == SignalKind.Person) person = Math.Max(person, s.Surprise);
            else if (s.Kind != SignalKind.Identity) cluster = Math.Max(cluster, s.Surprise);
        }
        return (person, cluster);
    }

    /// <summary>The calibration input of a pair in the context of the new death's candidates.</summary>
    internal CalibrationInput Context(LinkageRecord newer, DeathKind earlier, double weight, double person, int local, double otherBest) =>
        new(weight, person, LinkageModel.TableFor(newer.Kind, earlier), local, _frequencies.RecordsOfKind(newer.Kind),
            double.IsFinite(otherBest) ? otherBest : 0);

    /// <summary>Applies an analyst's confirm (true) or reject (false) of a candidate to the model in use.</summary>
    public void Update(LinkageRecord newer, LinkageRecord earlier, bool confirmed)
    {
        _changes++;
        Model.Update(PairComparer.Compare(newer, earlier), newer.Kind, earlier.Kind, confirmed);
    }

    /// <summary>Explains the score of a new death against an earlier one, comparison by comparison, with the
    /// signals that count both. Scored as <see cref="Assess(LinkageRecord)"/> scores it.</summary>
    public Explanation Explain(LinkageRecord newer, LinkageRecord earlier)
    {
        // The alerting probability depends on the new death's other candidates and signals, so rank as Query does.
        var (ranked, _, local, background) = Rank(newer, int.MaxValue);
        var found = ranked.FindIndex(x => ReferenceEquals(x.Candidate.Earlier, earlier) || x.Candidate.Earlier.Ref == earlier.Ref);
        return Explained(newer, earlier, found < 0 ? null : ranked[found].Candidate, local, background);
    }

    /// <summary>Explains one of <paramref name="assessment"/>'s candidates as <see cref="Explain(LinkageRecord, LinkageRecord)"/>
    /// does, from what the assessment already ranked: the same probability, signals, neighbourhood and person background,
    /// without ranking the death again (ADR 2641). Only while the index is as it was when <paramref name="newer"/> was
    /// assessed; otherwise (or for an assessment made elsewhere) the death is ranked again.</summary>
    public Explanation Explain(LinkageRecord newer, DeathAssessment assessment, LinkageCandidate candidate)
    {
        if (assessment.Context is not { } at || !ReferenceEquals(at.Index, this) || at.Changes != _changes)
            return Explain(newer, candidate.Earlier);
        return Explained(newer, candidate.Earlier, candidate, at.Local, at.Background);
    }

    private Explanation Explained(LinkageRecord newer, LinkageRecord earlier, LinkageCandidate? ranked, int local, PersonBackground background)
    {
        List<string> sentences = ranked is null ? [] : [.. ranked.Signals.Select(s => SignalText.Describe(newer, s, Extractor, Earliest(s)))];
        if (ranked?.Triangle is { } triangle) sentences.Add(TriangleText(newer, earlier, triangle));
        return Explanation.For(Model, newer, earlier, _frequencies, Extractor, ranked?.Score.Probability, local, background, sentences);
    }

    /// <summary>When the earliest death a signal counts was found (for "since …").</summary>
    public double? Earliest(Signal s) => s.Members.Count == 0 ? null : s.Members.Min(m => _records[m].Days);
}
