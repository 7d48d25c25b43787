using Vigil.Linkage.Features;
using Vigil.Linkage.Model;
using Vigil.Linkage.Scoring;
using Vigil.Records;

namespace Vigil.Linkage.Index;

/// <summary>An incremental index of earlier deaths. A new death is compared only with the deaths that share a
/// blocking key with it — the same space–time cell or area and kind, a person's name or phone, a rare
/// substance — so that a query against a million deaths reads thousands of postings, not a million records.</summary>
public sealed class LinkageIndex
{
    private const long CellTag = 1L << 56, AreaTag = 2L << 56, PersonTag = 3L << 56, SubstanceTag = 4L << 56;
    private readonly List<LinkageRecord> _records = [];
    private readonly Dictionary<long, List<int>> _postings = [];
    private readonly FrequencyCounts _frequencies;
    private int[] _stamp = new int[1024];
    private int _query;

    /// <summary>Creates an empty index scoring with <paramref name="model"/>.</summary>
    public LinkageIndex(LinkageModel model, LinkageOptions? options = null, FeatureExtractor? extractor = null)
    {
        Model = model;
        Options = options ?? new LinkageOptions();
        Extractor = extractor ?? new FeatureExtractor();
        _frequencies = new FrequencyCounts(Extractor.PersonKeys);
    }

    /// <summary>The model in use; replaced when an analyst's decision updates it.</summary>
    public LinkageModel Model { get; set; }

    /// <summary>Thresholds and search settings.</summary>
    public LinkageOptions Options { get; }

    /// <summary>The extractor whose interning tables the indexed records use.</summary>
    public FeatureExtractor Extractor { get; }

    /// <summary>Frequencies of people and substances among the indexed deaths.</summary>
    public ITermFrequencies Frequencies => _frequencies;

    /// <summary>Number of indexed deaths.</summary>
    public int Count => _records.Count;

    /// <summary>The indexed deaths, in the order added.</summary>
    public IReadOnlyList<LinkageRecord> Records => _records;

    /// <summary>Extracts and indexes a death.</summary>
    public LinkageRecord Add(DeathRecord record)
    {
        var r = Extractor.Extract(record);
        Add(r);
        return r;
    }

    /// <summary>Indexes a death extracted by <see cref="Extractor"/>.</summary>
    public void Add(LinkageRecord r)
    {
        var id = _records.Count;
        _records.Add(r);
        _frequencies.Add(r);
        foreach (var key in Keys(r, forQuery: false)) Posting(key).Add(id);
    }

    /// <summary>Scores a new death against the indexed ones; returns the best candidates, best first.
    /// The new death is not added.</summary>
    public IReadOnlyList<LinkageCandidate> Query(LinkageRecord r) => Query(r, Options.TopCandidates);

    /// <summary>Scores a new death against the indexed ones and returns the best <paramref name="top"/>.</summary>
    public IReadOnlyList<LinkageCandidate> Query(LinkageRecord r, int top) => [.. Rank(r, top).Select(x => x.Candidate)];

    /// <summary>The best candidates with the calibration input each was scored from (used to fit calibration).</summary>
    internal List<(LinkageCandidate Candidate, CalibrationInput Input)> Rank(LinkageRecord r, int top)
    {
        var ids = new List<int>();
        CollectCandidates(r, ids);
        var scored = new (int Id, PairScore Score, double Person, CalibrationInput Input)[ids.Count];
        double best = double.NegativeInfinity, second = double.NegativeInfinity;
        var local = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            var earlier = _records[ids[i]];
            var c = PairComparer.Compare(r, earlier);
            var s = PairScorer.Score(Model, r, earlier, c, _frequencies);
            var table = LinkageModel.TableFor(r.Kind, earlier.Kind);
            var person = PairScorer.LevelWeight(Model.Tables[table], Comparison.Person, c, table, r, _frequencies);
            scored[i] = (ids[i], s, person, default);
            if (earlier.Kind == r.Kind) local++;
            if (s.Weight > best) (best, second) = (s.Weight, best);
            else if (s.Weight > second) second = s.Weight;
        }
        for (var i = 0; i < scored.Length; i++)
        {
            var (id, s, person, _) = scored[i];
            scored[i].Input = Context(r, _records[id], s.Weight, person, local, second);
            if (Model.Calibration is { } calibration) scored[i].Score = s with { Probability = calibration.Probability(scored[i].Input) };
        }
        // A primitive key sort: far cheaper than sorting the wide tuples with a comparison delegate.
        var keys = new double[scored.Length];
        var order = new int[scored.Length];
        for (var i = 0; i < scored.Length; i++) (keys[i], order[i]) = (-scored[i].Score.Probability, i);
        Array.Sort(keys, order);
        return [.. order.Take(top).Select(i => scored[i]).Select(x => (new LinkageCandidate(_records[x.Id], x.Score, x.Score.Probability >= Options.AlertThreshold), x.Input))];
    }

    /// <summary>The calibration input of a pair in the context of the new death's candidates.</summary>
    internal CalibrationInput Context(LinkageRecord newer, LinkageRecord earlier, double weight, double person, int local, double otherBest) =>
        new(weight, person, LinkageModel.TableFor(newer.Kind, earlier.Kind), local, _frequencies.RecordsOfKind(newer.Kind),
            double.IsFinite(otherBest) ? otherBest : 0);

    /// <summary>Applies an analyst's confirm (true) or reject (false) of a candidate to the model in use.</summary>
    public void Update(LinkageRecord newer, LinkageRecord earlier, bool confirmed) =>
        Model.Update(PairComparer.Compare(newer, earlier), newer.Kind, earlier.Kind, confirmed);

    /// <summary>Explains the score of a new death against an earlier one, comparison by comparison.</summary>
    public Explanation Explain(LinkageRecord newer, LinkageRecord earlier)
    {
        // The alerting probability depends on the new death's other candidates, so rank them as Query does.
        var ranked = Rank(newer, int.MaxValue);
        var found = ranked.FindIndex(x => ReferenceEquals(x.Candidate.Earlier, earlier));
        var local = ranked.Count(x => x.Candidate.Earlier.Kind == newer.Kind);
        return Explanation.For(Model, newer, earlier, _frequencies, Extractor,
            found >= 0 ? ranked[found].Candidate.Score.Probability : null, local);
    }

    /// <summary>Ids (positions in <see cref="Records"/>) of the indexed deaths sharing a blocking key with <paramref name="r"/>.</summary>
    public void CollectCandidates(LinkageRecord r, List<int> into)
    {
        if (++_query == int.MaxValue) { Array.Clear(_stamp); _query = 1; }
        if (_stamp.Length < _records.Count) Array.Resize(ref _stamp, Math.Max(_records.Count, _stamp.Length * 2));
        foreach (var key in Keys(r, forQuery: true))
        {
            if (!_postings.TryGetValue(key, out var list)) continue;
            var window = (key & (0xFL << 56)) switch
            {
                PersonTag => Options.PersonWindowDays,
                SubstanceTag => Options.SubstanceWindowDays,
                _ => Options.SpaceTimeWindowDays,
            };
            var read = 0;
            for (var i = list.Count - 1; i >= 0 && read < Options.MaxPostingsPerKey; i--, read++)
            {
                var id = list[i];
                // Postings are in entry order, which is (nearly) time order: stop at the window's edge.
                if (r.Days - _records[id].Days > window) break;
                if (_stamp[id] == _query) continue;
                _stamp[id] = _query;
                into.Add(id);
            }
        }
    }

    private List<int> Posting(long key)
    {
        if (!_postings.TryGetValue(key, out var list)) _postings[key] = list = [];
        return list;
    }

    private IEnumerable<long> Keys(LinkageRecord r, bool forQuery)
    {
        var cx = (long)Math.Floor(r.X / Options.CellKm) + (1 << 19);
        var cy = (long)Math.Floor(r.Y / Options.CellKm) + (1 << 19);
        var span = forQuery ? 1 : 0;
        for (var dx = -span; dx <= span; dx++)
            for (var dy = -span; dy <= span; dy++)
                yield return CellTag | ((long)r.Kind << 48) | ((cx + dx) << 24) | (cy + dy);
        if (r.Area >= 0) yield return AreaTag | ((long)r.Kind << 48) | (uint)r.Area;
        foreach (var p in r.People)
        {
            if (p.PhoneKey >= 0) yield return PersonTag | (uint)p.PhoneKey;
            if (p.SurnameKey >= 0) yield return PersonTag | (uint)p.SurnameKey;
            if (p.FullKey >= 0 && p.SurnameKey < 0) yield return PersonTag | (uint)p.FullKey;
        }
        for (var b = 0; b < 32; b++)
        {
            if ((r.Substances & (1u << b)) == 0) continue;
            if (forQuery && _frequencies.SubstanceShare(1u << b, null) >= Options.RareSubstanceShare) continue;
            yield return SubstanceTag | (uint)b;
        }
    }
}
