namespace Vigil.Linkage.Model;

/// <summary>The rarity route into the one alert budget (ADR 1601): a share of the budget goes to the deaths whose
/// rarest candidate is the most improbable coincidence, whatever the learnt weights say of its kind. Its place on
/// the probability scale is read from the training force's own replay by alert rate alone — no labels — so a pattern
/// no confirmed series showed competes on rarity rather than on weights it never earned.</summary>
public static class RarityRoute
{
    /// <summary>The route's probability for a route score.</summary>
    public static double Probability(double routeScore, double even) => 1 / (1 + Math.Exp(Math.Clamp(even - routeScore, -60, 60)));

    /// <summary>The <c>even</c> that gives the route <paramref name="share"/> alerts per 100 deaths out of a total
    /// <paramref name="budget"/>: τ is the route score of the death at rank share·N among the deaths' best route
    /// scores; the pair threshold T is the one at which pair alerts and route alerts together reach budget·N;
    /// even = τ − logit(T), so that a route score of τ scores exactly T.</summary>
    /// <param name="bestPair">Each death's best calibrated pair probability (without the route).</param>
    /// <param name="bestRoute">Each death's best route score.</param>
    /// <param name="share">Route alerts per 100 deaths.</param>
    /// <param name="budget">All alerts per 100 deaths.</param>
    public static double Even(IReadOnlyList<double> bestPair, IReadOnlyList<double> bestRoute, double share, double budget)
    {
        var n = bestPair.Count;
        if (n == 0 || share <= 0) return double.PositiveInfinity;
        var routes = bestRoute.OrderDescending().ToArray();
        var tau = routes[Math.Clamp((int)Math.Round(share / 100 * n), 1, n) - 1];
        var target = Math.Max(1, (int)Math.Round(budget / 100 * n));
        var count = bestRoute.Count(z => z >= tau);
        var threshold = 1.0;
        foreach (var (p, z) in bestPair.Zip(bestRoute).OrderByDescending(x => x.First))
        {
            if (count >= target) break;
            threshold = p;
            if (z < tau) count++;
        }
        threshold = Math.Clamp(threshold, 1e-12, 1 - 1e-9);
        return tau - Math.Log(threshold / (1 - threshold));
    }
}
