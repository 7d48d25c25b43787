using Vigil.Linkage.Features;

namespace Vigil.Linkage.Surveillance;

/// <summary>Prospective cluster signals for a new death: are deaths of its kind (or of its kind sharing one of its
/// features — a substance, a scene feature) concentrated in its area or within about a kilometre, up to now, beyond
/// the background? Two backgrounds, as an analyst would ask:
/// <list type="bullet">
/// <item>space–time: the place's own earlier share (a recent excess where such deaths were not happening before),
/// shrunk towards the force's share when the place has little history;</item>
/// <item>purely spatial, over two years: the force's share of such deaths among all deaths, outside this place
/// (four GHB deaths at one wall over fourteen months is no space–time interaction, yet it is the clearest signal).</item>
/// </list>
/// Shares are taken from history outside the window counted, so a series never makes its own deaths look ordinary.</summary>
internal sealed class ConcentrationSignals(DeathTimelines timelines, SurveillanceOptions options)
{
    public void Find(LinkageRecord r, List<Signal> into)
    {
        Find(r, null, into);
        foreach (var f in FeatureBits.Of(r))
        {
            // A feature most deaths of the kind share (GHB in GHB deaths) says nothing the kind did not.
            var kindTotal = timelines.Count(r, Locality.Force, r.Kind, -1, r.Days - options.HistoryDays, r.Days);
            var withFeature = timelines.Count(r, Locality.Force, r.Kind, f, r.Days - options.HistoryDays, r.Days);
            if (withFeature + 1 <= options.MaxFeatureShare * (kindTotal + 1)) Find(r, f, into);
        }
    }

    private void Find(LinkageRecord r, int? feature, List<Signal> into)
    {
        // Cases and the population they are counted in: deaths of the kind among all deaths, or deaths of the kind
        // with the feature among deaths of the kind.
        DeathKind? caseKind = r.Kind, populationKind = feature is null ? null : r.Kind;
        var f = feature ?? -1;
        Signal? best = null;
        foreach (var locality in (ReadOnlySpan<Locality>)[Locality.Area, Locality.Nearby])
        {
            if (locality == Locality.Area && r.Area < 0) continue;
            foreach (var window in options.ConcentrationWindows)
                best = Better(best, SpaceTime(r, locality, window, caseKind, populationKind, f));
            best = Better(best, Spatial(r, locality, options.SpatialWindowDays, caseKind, populationKind, f));
        }
        if (best is null || best.Surprise < options.MinSurprise) return;
        var members = timelines.Ids(r, best.Locality, caseKind, f, r.Days - best.WindowDays, r.Days + 1e-9).Distinct().ToArray();
        into.Add(best with { Members = members });
    }

    private Signal SpaceTime(LinkageRecord r, Locality locality, double window, DeathKind? caseKind, DeathKind? populationKind, int f)
    {
        double t = r.Days, start = t - window, history = t - options.HistoryDays;
        var observed = timelines.Count(r, locality, caseKind, f, start, t + Now) + 1;
        var population = timelines.Count(r, locality, populationKind, -1, start, t + Now);
        var pastCases = timelines.Count(r, locality, caseKind, f, history, start);
        var pastPopulation = timelines.Count(r, locality, populationKind, -1, history, start);
        var forceShare = Share(timelines.Count(r, Locality.Force, caseKind, f, history, start), timelines.Count(r, Locality.Force, populationKind, -1, history, start));
        var share = (pastCases + options.PlacePrior * forceShare) / (pastPopulation + options.PlacePrior);
        return Make(r, locality, window, observed, population * share, f);
    }

    private Signal Spatial(LinkageRecord r, Locality locality, double window, DeathKind? caseKind, DeathKind? populationKind, int f)
    {
        double t = r.Days, start = t - window, history = t - options.HistoryDays;
        var observed = timelines.Count(r, locality, caseKind, f, start, t + Now) + 1;
        var population = timelines.Count(r, locality, populationKind, -1, start, t + Now);
        // The force's share outside this place: the place's own deaths never set its own background.
        var cases = timelines.Count(r, Locality.Force, caseKind, f, history, t + Now) - (observed - 1);
        var all = timelines.Count(r, Locality.Force, populationKind, -1, history, t + Now) - population;
        return Make(r, locality, window, observed, population * Share(cases, all), f);
    }

    /// <summary>"Up to now" includes deaths found at the same moment as the new one (an import of one night's deaths).</summary>
    internal const double Now = 1e-6;

    private static double Share(int cases, int population) => (Math.Max(0, cases) + 0.5) / (Math.Max(0, population) + 1.0);

    /// <summary>The new death is a case by construction: the surprise is that of the others in the cylinder (its
    /// <paramref name="observed"/> count less one) against those expected among the other deaths there.</summary>
    private static Signal Make(LinkageRecord r, Locality locality, double window, int observed, double expected, int f) =>
        new(f < 0 ? SignalKind.Concentration : SignalKind.SharedFeature, locality, window, observed, expected,
            CountSurprise.Poisson(observed - 1, expected), [], Feature: f);

    private static Signal? Better(Signal? a, Signal b) => a is null || b.Surprise > a.Surprise ? b : a;
}
