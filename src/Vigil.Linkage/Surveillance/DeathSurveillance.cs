using Vigil.Linkage.Features;

namespace Vigil.Linkage.Surveillance;

/// <summary>The surveillance signals of the index: person recurrence and concentrations of deaths in place and time.
/// Kept in step with the index (add, remove) and asked once per new death, before the death is added.</summary>
public sealed class DeathSurveillance
{
    private readonly DeathTimelines _timelines = new();
    private readonly NameFrequencies _names = new();
    private readonly RolePriors _priors = new();
    private readonly ConcentrationSignals _concentrations;
    private readonly PersonSignals _people;
    private readonly IdentitySignals _identities;
    // What the last query showed about roles, learnt when that death is added (so each death teaches once).
    private LinkageRecord? _observed;
    private readonly List<(string Key, double Earlier, double Deaths, double Commonness)> _observations = [];

    internal DeathSurveillance(IReadOnlyList<LinkageRecord> records, SurveillanceOptions options,
        Func<PersonFeature, double, IEnumerable<int>> earlierWith)
    {
        Options = options;
        _concentrations = new ConcentrationSignals(_timelines, options);
        _people = new PersonSignals(records, _timelines, _names, _priors, options, earlierWith);
        _identities = new IdentitySignals(records, options);
    }

    /// <summary>Windows and priors.</summary>
    public SurveillanceOptions Options { get; }

    /// <summary>The signals a new death raises against the deaths indexed so far, most surprising first, and the
    /// ordinary share of each of its people.</summary>
    public (List<Signal> Signals, PersonBackground Background) Signals(LinkageRecord r)
    {
        var signals = new List<Signal>();
        var background = new PersonBackground(r.People.Length);
        _observations.Clear();
        _people.Find(r, signals, _observations, background);
        _observed = r;
        _concentrations.Find(r, signals);
        _identities.Find(r, signals);
        signals.Sort((a, b) => b.Surprise.CompareTo(a.Surprise));
        return (signals, background);
    }

    internal void Add(LinkageRecord r, int id)
    {
        if (!ReferenceEquals(_observed, r))
        {
            _observations.Clear();
            _people.Find(r, null, _observations);
        }
        foreach (var (key, earlier, deaths, commonness) in _observations) _priors.Observe(key, earlier, deaths, commonness);
        _observed = null;
        _observations.Clear();
        _identities.Add(r, id);
        _timelines.Add(r, id);
        _names.Add(r);
    }

    /// <summary>The concentration signals of a death as they stood when it was found (counts are by date, so deaths
    /// indexed after it do not change them).</summary>
    internal List<Signal> Concentrations(LinkageRecord r)
    {
        var signals = new List<Signal>();
        _concentrations.Find(r, signals);
        return signals;
    }

    /// <summary>Index positions of deaths of a kind found between two dates.</summary>
    internal IEnumerable<int> OfKind(DeathKind kind, double from, double to) => _timelines.IdsOfKind(kind, from, to);

    /// <summary>Deaths of <paramref name="r"/>'s kind in its area between two dates.</summary>
    internal int KindInArea(LinkageRecord r, double from, double to) => _timelines.Count(r, Locality.Area, r.Kind, -1, from, to);

    /// <summary>Starts the role priors from a trained model's (ADR 1491).</summary>
    internal void SeedRoles(IReadOnlyDictionary<string, RoleMoments> learnt) => _priors.Seed(learnt, Options.SeededRoleMentions);

    /// <summary>What the deaths indexed so far taught about each role, to ship with a model.</summary>
    public Dictionary<string, RoleMoments> LearntRoles() => _priors.Export();

    /// <summary>What has been learnt about each role (for diagnosis and the docs).</summary>
    public IEnumerable<string> DescribeRoles() => _priors.Describe().Concat(_identities.Describe());

    internal void Remove(LinkageRecord r, int id)
    {
        _timelines.Remove(r, id);
        _identities.Remove(id);
    }
}
