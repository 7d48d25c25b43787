using Vigil.Linkage.Features;
using Vigil.Linkage.Normalisation;

namespace Vigil.Linkage.Surveillance;

/// <summary>Person-centred surveillance: for each person (or phone) in a new death, does that person now appear in
/// more deaths than expected for their role, place and period? Expected counts come from the data, never from a
/// list (<see cref="RolePriors"/>): what is ordinary for the role, updated by the person's own history in the area
/// before the window counted — so a GP who has certified deaths for years is expected to go on, and a recurring
/// offender's own recent deaths never make him look ordinary. Force-wide, a person is counted in deaths in the same
/// kind of place over ten years, against how often people in that role recur at all, scaled by how common the name is
/// (a "John Smith" recurs by chance).</summary>
internal sealed class PersonSignals(IReadOnlyList<LinkageRecord> records, DeathTimelines timelines, NameFrequencies names,
    RolePriors priors, SurveillanceOptions options, Func<PersonFeature, double, IEnumerable<int>> earlierWith)
{
    /// <summary>Finds the signals of <paramref name="r"/>'s people; <paramref name="observe"/> receives what each mention
    /// shows about its role (key, earlier appearances, deaths counted, name commonness) to learn once the death is added.</summary>
    public void Find(LinkageRecord r, List<Signal>? into, List<(string Key, double Earlier, double Deaths, double Commonness)> observe,
        PersonBackground? background = null)
    {
        for (var i = 0; i < r.People.Length; i++)
        {
            var p = r.People[i];
            if (p.Name is null && p.PhoneKey < 0) continue;
            var matches = Matches(r, p, r.Comparable[i]);
            // One identity per person: the same phone however typed, or the same name allowing initials, nicknames
            // and a typo; namesakes collide, so one-off people's shares scale with how common the name is.
            var commonness = Commonness(p, matches);
            var (local, localShare) = LocalSignal(r, p, matches, commonness, observe);
            var (force, forceShare) = ForceSignal(r, p, matches, commonness, observe);
            background?.Set(i, localShare, forceShare, double.NaN, double.NaN);
            if (into is null) continue;
            foreach (var s in (ReadOnlySpan<Signal?>)[local, force])
                if (s is { } signal && signal.Surprise >= options.MinSurprise) into.Add(signal with { Person = i });
        }
    }

    /// <summary>Earlier deaths (within the force window) with a mention compatible with <paramref name="p"/>: the same
    /// phone however typed, or the same name allowing initials, nicknames and a typo.</summary>
    private List<int> Matches(LinkageRecord r, PersonFeature p, ComparablePerson inline)
    {
        // One list and one set for every person of every death (ADR 2573): each person's matches are read before the
        // next person's are found, and the surveillance is asked one death at a time. Allocated per person, their
        // growth was most of the engine's garbage.
        var found = _found;
        var seen = _seen;
        found.Clear();
        seen.Clear();
        foreach (var id in earlierWith(p, r.Days - options.PersonForceWindowDays))
        {
            if (!seen.Add(id) || string.Equals(records[id].Ref, r.Ref, StringComparison.Ordinal)) continue;
            var earlier = records[id];
            var people = earlier.Comparable;
            for (var j = 0; j < people.Length; j++)
                if (Compatible(p, inline, earlier.People[j], people[j])) { found.Add(id); break; }
        }
        return found;
    }

    /// <summary>How common the names are that this person's matches accept: a name misspelt once ("Ahmed Campebll")
    /// looks rare, yet the match tolerates the typo and so collides with every "Ahmed Campbell"; its chance of a
    /// namesake is that of the commonest name matched, not of the misspelling (round 7: typos were most of the
    /// next-of-kin and finder surprises of 8–10 on London once the warm-up was removed).</summary>
    private double Commonness(PersonFeature p, List<int> matches)
    {
        var commonness = names.Factor(p);
        if (p.Name is null || !options.StrictPersonSignals) return commonness;
        foreach (var id in matches)
            foreach (var m in records[id].People)
                if (SameName(p, m))
                    commonness = Math.Max(commonness, names.Factor(m));
        return commonness;
    }

    internal static bool Compatible(PersonFeature a, PersonFeature b) => a.PhoneKey >= 0 && a.PhoneKey == b.PhoneKey || SameName(a, b);

    /// <summary><see cref="Compatible(PersonFeature, PersonFeature)"/>, reading the people only when their inline forms do
    /// not tell them apart (ADR 2571): two names agree only when their surnames do.</summary>
    private static bool Compatible(PersonFeature a, in ComparablePerson ia, PersonFeature b, in ComparablePerson ib) =>
        ia.PhoneKey >= 0 && ia.PhoneKey == ib.PhoneKey
        || ia.HasName && ib.HasName && !SurnameShape.ProvesApart(ia.Surname, ib.Surname) && SameName(a, b);

    private static bool SameName(PersonFeature a, PersonFeature b) =>
        a.Name is { } na && b.Name is { } nb && PersonName.Compare(na, nb) is NameAgreement.Full or NameAgreement.InitialAndSurname;

    private (Signal? Signal, double Share) LocalSignal(LinkageRecord r, PersonFeature p, List<int> matches, double commonness,
        List<(string, double, double, double)> observe)
    {
        if (r.Area < 0) return (null, double.NaN);
        Signal? best = null;
        var share = double.NaN;
        double t = r.Days, history = t - options.HistoryDays;
        var key = "area:" + p.Role;
        var prior = priors.Prior(key);
        var local = matches.Where(id => records[id].Area == r.Area).ToList();
        foreach (var window in options.PersonWindows)
        {
            var start = t - window;
            var inWindow = local.Where(id => records[id].Days >= start).ToArray();
            var before = local.Count(id => records[id].Days < start && records[id].Days >= history);
            var population = timelines.Count(r, Locality.Area, null, -1, start, t + ConcentrationSignals.Now);
            var pastPopulation = timelines.Count(r, Locality.Area, null, -1, history, start);
            var (surprise, expected, ordinary) = prior.Assess(inWindow.Length, population, before, pastPopulation, commonness);
            // The role learns from people's history before the window, which a burst of recent deaths cannot reach.
            if (window == options.PersonWindows[^1] && pastPopulation >= MinPopulation) observe.Add((key, before, pastPopulation, commonness));
            // The person's ordinary share, read over the longest window's history (the least of their recent deaths).
            if (window == options.PersonWindows[^1]) share = ordinary;
            // (StrictPersonSignals) A person can only be judged against a history that could have shown them: the role's priors must have
            // learnt what its regulars do, and the history before the window must be at least as long, in deaths, as
            // the window. Without it every GP of a force's first year looked like a one-off person in a dozen deaths
            // (round 7: all London local surprises ≥ 20 fell in the replay's first two years, 85 % certifying doctors).
            if (options.StrictPersonSignals && (!prior.Mature || pastPopulation < population)) surprise = 0;
            var signal = new Signal(SignalKind.Person, Locality.Area, window, inWindow.Length + 1, expected, surprise, inWindow);
            if (best is null || signal.Surprise > best.Surprise) best = signal;
        }
        return (best, share);
    }

    private (Signal Signal, double Share) ForceSignal(LinkageRecord r, PersonFeature p, List<int> matches, double commonness,
        List<(string, double, double, double)> observe)
    {
        // Force-wide the person is counted in deaths in the same kind of place (a partner at home, not a namesake
        // who found a body in the street), against what people in this role and place ordinarily do.
        var group = Settings.Group(r.Setting);
        var key = $"force:{p.Role}:{group}";
        var inGroup = matches.Where(id => Settings.Group(records[id].Setting) == group).ToArray();
        var population = timelines.Count(r, Locality.Force, null, -1, r.Days - options.PersonForceWindowDays, r.Days + ConcentrationSignals.Now);
        var (surprise, expected, share) = priors.Prior(key).Assess(inGroup.Length, population, 0, 0, commonness);
        if (population >= MinPopulation) observe.Add((key, inGroup.Length, population, commonness));
        return (new Signal(SignalKind.Person, Locality.Force, options.PersonForceWindowDays, inGroup.Length + 1, expected, surprise, inGroup), share);
    }

    private readonly List<int> _found = [];
    private readonly HashSet<int> _seen = [];

    // Shares over fewer deaths than this are too noisy to teach a role anything.
    private const int MinPopulation = 20;
}
