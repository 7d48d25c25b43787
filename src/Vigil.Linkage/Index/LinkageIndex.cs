using Vigil.Linkage.Features;
using Vigil.Linkage.Model;
using Vigil.Linkage.Scoring;
using Vigil.Linkage.Surveillance;
using Vigil.Records;

namespace Vigil.Linkage.Index;

/// <summary>An incremental index of earlier deaths. A new death is compared only with the deaths that share a
/// blocking key with it — the same space–time cell or area and kind, a person's name or phone, a rare
/// substance — or that a surveillance signal counts (the same person's other deaths; a concentration of its kind
/// in its place), so that a query against a million deaths reads thousands of postings, not a million records.
/// Records can be removed (an edited or deleted case): their postings are skipped and their counts taken back.</summary>
public sealed partial class LinkageIndex
{
    private readonly List<LinkageRecord> _records = [];
    private readonly List<bool> _removed = [];
    // Each record's Days beside it: the posting walk reads one per posting, and a list of doubles is one array read
    // where the record is a pointer to follow (ADR 2521).
    private readonly List<double> _days = [];
    // Each record's comparable facts with its first people, flat in entry order (ADR 2621): scoring a new death reads
    // one of these for every candidate, and the candidate's record only when one of its people may agree. The people
    // of a death that names more than the inline ones are all in _people.
    private readonly List<ComparableDeath> _facts = [];
    private readonly List<ComparablePerson> _people = [];
    private readonly Dictionary<string, int> _latest = new(StringComparer.Ordinal);
    private readonly Dictionary<long, List<int>> _postings = [];
    private readonly FrequencyCounts _frequencies;
    private readonly SeriesTracker _series = new();
    private int[] _stamp = new int[1024];
    private int _query;
    // Counts the index's own changes (deaths added or removed, series linked, the model replaced or updated): an
    // assessment remembers the count it was ranked at, and is reused to explain its candidates only at that count (ADR 2641).
    private long _changes;

    /// <summary>Creates an empty index scoring with <paramref name="model"/>.</summary>
    public LinkageIndex(LinkageModel model, LinkageOptions? options = null, FeatureExtractor? extractor = null)
    {
        Options = options ?? new LinkageOptions();
        Model = model;
        Extractor = extractor ?? new FeatureExtractor();
        _frequencies = new FrequencyCounts(Extractor.PersonKeys);
        Surveillance = new DeathSurveillance(_records, Options.Surveillance, EarlierWith);
        if (model.RolePriors is { } roles) Surveillance.SeedRoles(roles);
    }

    /// <summary>The model in use; replaced when an analyst's decision updates it.</summary>
    public LinkageModel Model
    {
        get;
        set
        {
            field = value;
            _changes++;
            Threshold = Options.ThresholdFor(value);
        }
    }

    /// <summary>The alerting probability threshold in force (from the options' budget and the model).</summary>
    public double Threshold { get; private set; }

    /// <summary>Thresholds and search settings.</summary>
    public LinkageOptions Options { get; }

    /// <summary>The extractor whose interning tables the indexed records use.</summary>
    public FeatureExtractor Extractor { get; }

    /// <summary>Frequencies of people and substances among the indexed deaths.</summary>
    public ITermFrequencies Frequencies => _frequencies;

    /// <summary>Person and concentration signals over the indexed deaths.</summary>
    public DeathSurveillance Surveillance { get; }

    /// <summary>Number of indexed deaths still in the index.</summary>
    public int Count { get; private set; }

    /// <summary>The indexed deaths, in the order added (removed ones included; see <see cref="IsLive"/>).</summary>
    public IReadOnlyList<LinkageRecord> Records => _records;

    /// <summary>False for a position whose death was removed or replaced.</summary>
    public bool IsLive(int id) => !_removed[id];

    /// <summary>The live indexed death with this ref, or null.</summary>
    public LinkageRecord? Find(string reference) => _latest.TryGetValue(reference, out var id) ? _records[id] : null;

    /// <summary>Extracts and indexes a death.</summary>
    public LinkageRecord Add(DeathRecord record)
    {
        var r = Extractor.Extract(record);
        Add(r);
        return r;
    }

    /// <summary>Indexes a death extracted by <see cref="Extractor"/>. A death with the ref of one already indexed
    /// replaces it (an edited case).</summary>
    public void Add(LinkageRecord r)
    {
        _changes++;
        Remove(r.Ref);
        var id = _records.Count;
        // Surveillance learns what is ordinary for each role from this death against the earlier ones only.
        Surveillance.Add(r, id);
        _records.Add(r);
        _removed.Add(false);
        _days.Add(r.Days);
        _facts.Add(new ComparableDeath(r, _people.Count));
        if (r.Comparable.Length > InlinePeople.Length) _people.AddRange(r.Comparable);
        _latest[r.Ref] = id;
        Count++;
        _frequencies.Add(r);
        foreach (var key in Keys(r, forQuery: false)) Post(Posting(key), id);
    }

    /// <summary>Puts a death in a posting list in found order, as <see cref="Surveillance.TimeLine"/> keeps its deaths
    /// (ADR 3160): the walks read postings newest first and stop at the first death older than their window, so a death
    /// entered after others but found years before them (a historic death typed in, a backfill import, a corrected found
    /// date), appended, hid every death entered before it from every later query until the index was built again.
    /// Deaths found at the same moment go by ref, not by entry (ADR 3174): a walk cut at
    /// <see cref="LinkageOptions.MaxPostingsPerKey"/> between them reads the same ones on every node.
    /// Deaths nearly always arrive in found order, so this is nearly always an append.</summary>
    private void Post(List<int> list, int id)
    {
        var at = list.Count;
        if (at > 0 && FoundAfter(list[at - 1], id))
        {
            // The first position whose death comes after this one.
            var (lo, hi) = (0, at);
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (!FoundAfter(list[mid], id)) lo = mid + 1;
                else hi = mid;
            }
            at = lo;
        }
        list.Insert(at, id);
    }

    /// <summary>True when death <paramref name="a"/> comes after <paramref name="b"/> in found order: found later, or at
    /// the same moment with the greater ref.</summary>
    private bool FoundAfter(int a, int b) =>
        _days[a] > _days[b] || (_days[a] == _days[b] && string.CompareOrdinal(_records[a].Ref, _records[b].Ref) > 0);

    /// <summary>Adds a death just assessed, and — when <see cref="LinkageOptions.EngineSeries"/> is on — joins it to the
    /// candidate series of every candidate at or above the series threshold (the engine's own proposed series).</summary>
    public void Add(LinkageRecord r, DeathAssessment assessment)
    {
        Add(r);
        NoteRecurrence(r, assessment.Signals);
        if (KeepsLists) KeepList(r, assessment.Candidates);
        if (!Options.EngineSeries) return;
        var threshold = Options.SeriesThreshold ?? Model.ThresholdFor(Options.SeriesBudget);
        foreach (var c in assessment.Candidates)
            if (c.Score.Probability >= threshold) Link(r.Ref, c.Earlier.Ref);
    }

    /// <summary>Puts two indexed deaths in one series (an analyst's confirmation, or the engine's proposal): a new
    /// death is then also scored against the series as a whole.</summary>
    public void Link(string a, string b)
    {
        _changes++;
        if (_latest.TryGetValue(a, out var ia) && _latest.TryGetValue(b, out var ib)) _series.Link(ia, ib);
    }

    /// <summary>The live members of the series the death with this ref belongs to (itself alone when in none).</summary>
    public IReadOnlyList<LinkageRecord> SeriesOf(string reference) =>
        _latest.TryGetValue(reference, out var id) ? [.. _series.Members(id).Where(IsLive).Select(m => _records[m])] : [];

    /// <summary>Removes the death with this ref (an edited or deleted case); false when none is indexed.</summary>
    public bool Remove(string reference)
    {
        if (!_latest.Remove(reference, out var id)) return false;
        _changes++;
        var r = _records[id];
        _removed[id] = true;
        Count--;
        _frequencies.Remove(r);
        Surveillance.Remove(r, id);
        return true;
    }

    /// <summary>Ids (positions in <see cref="Records"/>) of the live indexed deaths sharing a blocking key with <paramref name="r"/>.</summary>
    public void CollectCandidates(LinkageRecord r, List<int> into)
    {
        NewQuery();
        foreach (var key in Keys(r, forQuery: true))
        {
            if (!_postings.TryGetValue(key, out var list)) continue;
            var window = (key & (0xFL << 56)) switch
            {
                PersonTag => Options.PersonWindowDays,
                SubstanceTag => Options.SubstanceWindowDays,
                _ => Options.SpaceTimeWindowDays,
            };
            // Newest's walk written out: no iterator per key on the path of every death (ADR 2521).
            var fromDays = r.Days - window;
            var postings = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);
            // Live postings are counted, not positions: an edited death's old posting stays in the list, so counting
            // positions read fewer deaths on a node that had seen edits than on one built since (ADR 3174).
            var read = 0;
            for (var i = postings.Length - 1; i >= 0; i--)
            {
                var id = postings[i];
                if (_days[id] < fromDays) break;
                if (_removed[id]) continue;
                if (read++ == Options.MaxPostingsPerKey)
                {
                    PostingCaps.Cut(key, candidates: true);
                    break;
                }
                if (Mark(id)) into.Add(id);
            }
        }
    }

    /// <summary>How often a key's walk stopped at <see cref="LinkageOptions.MaxPostingsPerKey"/> with deaths of its window
    /// left unread (measuring the cap: ADR 3173; the web engine warns of it, ADR 1640).</summary>
    public PostingCapCount PostingCaps { get; } = new();

    /// <summary>Live earlier deaths indexed under any of a person's keys (phone, initial and surname, full name)
    /// since <paramref name="fromDays"/>, newest first; the same death may come more than once.</summary>
    private IEnumerable<int> EarlierWith(PersonFeature p, double fromDays)
    {
        foreach (var key in PersonKeys(p))
            if (_postings.TryGetValue(PersonTag | (uint)key, out var list))
                foreach (var id in Newest(list, fromDays, PersonTag | (uint)key)) yield return id;
    }

    private IEnumerable<int> Newest(List<int> list, double fromDays, long key)
    {
        var read = 0;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            var id = list[i];
            // Postings are in found order (ADR 3160): stop at the window's edge.
            if (_days[id] < fromDays) yield break;
            if (_removed[id]) continue;
            // Live postings counted, as the candidates' walk counts them (ADR 3174).
            if (read++ == Options.MaxPostingsPerKey)
            {
                PostingCaps.Cut(key, candidates: false);
                yield break;
            }
            yield return id;
        }
    }

    private void NewQuery()
    {
        if (++_query == int.MaxValue) { Array.Clear(_stamp); _query = 1; }
        if (_stamp.Length < _records.Count) Array.Resize(ref _stamp, Math.Max(_records.Count, _stamp.Length * 2));
    }

    /// <summary>True the first time an id is seen in the current query.</summary>
    private bool Mark(int id)
    {
        if (_stamp[id] == _query) return false;
        _stamp[id] = _query;
        return true;
    }

    private List<int> Posting(long key)
    {
        if (!_postings.TryGetValue(key, out var list)) _postings[key] = list = [];
        return list;
    }
}
