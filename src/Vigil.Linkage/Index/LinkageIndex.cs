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
    public IReadOnlyList<LinkageCandidate> Query(LinkageRecord r)
    {
        var ids = new List<int>();
        CollectCandidates(r, ids);
        var top = new List<LinkageCandidate>(Options.TopCandidates + 1);
        foreach (var id in ids)
        {
            var earlier = _records[id];
            var c = PairComparer.Compare(r, earlier);
            var s = PairScorer.Score(Model, r, earlier, c, _frequencies);
            if (top.Count == Options.TopCandidates && s.Probability <= top[^1].Score.Probability) continue;
            var at = top.FindIndex(x => x.Score.Probability < s.Probability);
            top.Insert(at < 0 ? top.Count : at, new LinkageCandidate(earlier, s, s.Probability >= Options.AlertThreshold));
            if (top.Count > Options.TopCandidates) top.RemoveAt(top.Count - 1);
        }
        return top;
    }

    /// <summary>Applies an analyst's confirm (true) or reject (false) of a candidate to the model in use.</summary>
    public void Update(LinkageRecord newer, LinkageRecord earlier, bool confirmed) =>
        Model.Update(PairComparer.Compare(newer, earlier), newer.Kind, earlier.Kind, confirmed);

    /// <summary>Explains the score of a new death against an earlier one, comparison by comparison.</summary>
    public Explanation Explain(LinkageRecord newer, LinkageRecord earlier) =>
        Explanation.For(Model, newer, earlier, _frequencies, Extractor);

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
