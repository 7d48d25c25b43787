using System.Text.Json.Serialization;
using Vigil.Linkage.Features;

namespace Vigil.Linkage.Model;

/// <summary>The series-triangle route (ADR 3194; measured in ADR 3193): a new death's best <em>triangle</em> — two of its
/// <see cref="Top"/> best candidates of its own kind, the earlier of which was among the later one's
/// <see cref="EarlierTop"/> best when that one was assessed — scored as the sum of the three pairs' log-odds, and stood
/// against the triangles of its kind on the training force's history: (sum − the kind's 90th percentile) / (99th − 90th).
/// A triangle that stands out alerts on both earlier deaths, through the one threshold: its place on the probability scale
/// (<see cref="Even"/>) is read from the training force's alert rate alone, no labels, as the rarity route's is. Off unless
/// a model carries one; measured offline, it lifted a held-out archetype's later deaths where its pairs were already the
/// best of their kind (drugging 0.05 → 0.18 at 0.2 of the budget) and no first link.</summary>
public sealed class TriangleRoute
{
    /// <summary>Best candidates of a new death among which its triangle is looked for.</summary>
    public const int Top = 5;

    /// <summary>Best candidates of each assessed death kept, in which a later triangle looks for the third pair.</summary>
    public const int EarlierTop = 10;

    /// <summary>Per kind of death (model table, mixed excluded), the 90th percentile of its deaths' best triangles.</summary>
    [JsonPropertyName("q90")] public double[] Q90 { get; set; } = [];

    /// <summary>Per kind, the 99th percentile less the 90th: the spread a triangle's standing is measured in; 0, no route.</summary>
    [JsonPropertyName("scale")] public double[] Scale { get; set; } = [];

    /// <summary>The standing at which the route's probability is one half (see <see cref="RarityRoute.Even"/>).</summary>
    [JsonPropertyName("even")] public double Even { get; set; }

    /// <summary>How far a triangle of this summed log-odds stands out from its kind's; −∞ for a kind with no spread.</summary>
    public double Standing(double sum, int table) =>
        table >= 0 && table < Q90.Length && table < Scale.Length && Scale[table] > 0 ? (sum - Q90[table]) / Scale[table] : double.NegativeInfinity;

    /// <summary>The route's probability for a standing.</summary>
    public double Probability(double standing) => RarityRoute.Probability(standing, Even);

    /// <summary>Learns the percentiles from each death's best triangle on the training force's replay (null: none) and
    /// places the route so that it takes <paramref name="share"/> of each 100 deaths' alerts at 1 per 100, the pair
    /// threshold rising to keep the total; null when the history holds too few triangles to give the route its share.</summary>
    public static TriangleRoute? Learn(IReadOnlyList<(double Sum, int Table)?> triangles, IReadOnlyList<double> bestPair, double share)
    {
        var route = new TriangleRoute { Q90 = new double[DeathKinds.Count], Scale = new double[DeathKinds.Count] };
        foreach (var kind in triangles.OfType<(double Sum, int Table)>().Where(t => t.Table < DeathKinds.Count).GroupBy(t => t.Table))
        {
            var sorted = kind.Select(t => t.Sum).Order().ToArray();
            double At(double f) => sorted[Math.Min(sorted.Length - 1, (int)(f * sorted.Length))];
            (route.Q90[kind.Key], route.Scale[kind.Key]) = (At(0.9), Math.Max(1e-6, At(0.99) - At(0.9)));
        }
        var standing = triangles.Select(t => t is { } x ? route.Standing(x.Sum, x.Table) : double.NegativeInfinity).ToList();
        route.Even = RarityRoute.Even(bestPair, standing, share, budget: 1);
        return double.IsFinite(route.Even) ? route : null;
    }
}
