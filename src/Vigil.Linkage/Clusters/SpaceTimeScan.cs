namespace Vigil.Linkage.Clusters;

/// <summary>One death placed in space and time for the scan.</summary>
/// <param name="Ref">The death's reference.</param>
/// <param name="X">Easting, km.</param>
/// <param name="Y">Northing, km.</param>
/// <param name="Days">When found, days.</param>
public readonly record struct ScanCase(string Ref, double X, double Y, double Days);

/// <summary>Settings of the scan. Cylinders are circles around each death (up to <see cref="MaxNeighbours"/>
/// nearest deaths within <see cref="MaxRadiusKm"/>) times runs of up to <see cref="MaxWindowBins"/> time bins.</summary>
public sealed record ScanOptions
{
    /// <summary>Largest circle radius, km.</summary>
    public double MaxRadiusKm { get; init; } = 5;
    /// <summary>Most deaths a circle may hold.</summary>
    public int MaxNeighbours { get; init; } = 30;
    /// <summary>Length of a time bin, days.</summary>
    public double BinDays { get; init; } = 30;
    /// <summary>Longest time window, in bins.</summary>
    public int MaxWindowBins { get; init; } = 6;
    /// <summary>Monte Carlo replicates for the p-value (99 gives p down to 0.01).</summary>
    public int Replicates { get; init; } = 99;
    /// <summary>Seed for the permutations, so a result can be reproduced.</summary>
    public int Seed { get; init; } = 1;
}

/// <summary>The most unusual cylinder found.</summary>
/// <param name="CentreRef">The death at the circle's centre.</param>
/// <param name="RadiusKm">Circle radius, km.</param>
/// <param name="StartDays">Start of the time window, days.</param>
/// <param name="EndDays">End of the time window, days.</param>
/// <param name="Observed">Deaths in the cylinder.</param>
/// <param name="Expected">Deaths expected there if place and time were independent.</param>
/// <param name="LogLikelihoodRatio">Poisson log-likelihood ratio of the cylinder.</param>
/// <param name="PValue">Monte Carlo p-value: share of time-permuted replicates (plus the data) scoring as high.</param>
/// <param name="Members">References of the deaths in the cylinder.</param>
public sealed record ScanCluster(string CentreRef, double RadiusKm, double StartDays, double EndDays, int Observed,
    double Expected, double LogLikelihoodRatio, double PValue, IReadOnlyList<string> Members);

/// <summary>A space–time permutation scan statistic in the spirit of SaTScan (Kulldorff et al., 2005): needs
/// only the deaths themselves, no population at risk. Expected counts come from the margins (deaths in the
/// circle at any time × deaths anywhere in the window ÷ all deaths); significance from permuting times.</summary>
public static class SpaceTimeScan
{
    /// <summary>Finds the most likely cluster among similar deaths (e.g. GHB deaths of young men) and its p-value.</summary>
    public static ScanCluster? Run(IReadOnlyList<ScanCase> cases, ScanOptions? options = null)
    {
        options ??= new ScanOptions();
        if (cases.Count < 3) return null;
        var t0 = cases.Min(c => c.Days);
        var bins = cases.Select(c => (int)((c.Days - t0) / options.BinDays)).ToArray();
        var binCount = bins.Max() + 1;
        var circles = Circles(cases, options);
        var best = Scan(circles, bins, binCount, options.MaxWindowBins, out var bestCircle, out var bestStart, out var bestEnd, out var observed, out var expected);
        if (bestCircle < 0) return null;
        var random = new Random(options.Seed);
        var permuted = (int[])bins.Clone();
        var asHigh = 1;
        for (var r = 0; r < options.Replicates; r++)
        {
            random.Shuffle(permuted);
            if (Scan(circles, permuted, binCount, options.MaxWindowBins, out _, out _, out _, out _, out _) >= best) asHigh++;
        }
        var (centre, members, radius) = circles[bestCircle];
        var inside = members.Where(i => bins[i] >= bestStart && bins[i] <= bestEnd).Select(i => cases[i].Ref).ToList();
        return new ScanCluster(cases[centre].Ref, radius, t0 + bestStart * options.BinDays, t0 + (bestEnd + 1) * options.BinDays,
            observed, expected, best, (double)asHigh / (options.Replicates + 1), inside);
    }

    private static List<(int Centre, int[] Members, double Radius)> Circles(IReadOnlyList<ScanCase> cases, ScanOptions options)
    {
        var circles = new List<(int, int[], double)>();
        for (var i = 0; i < cases.Count; i++)
        {
            var near = Enumerable.Range(0, cases.Count)
                .Select(j => (j, d: Math.Sqrt(Math.Pow(cases[i].X - cases[j].X, 2) + Math.Pow(cases[i].Y - cases[j].Y, 2))))
                .Where(x => x.d <= options.MaxRadiusKm)
                .OrderBy(x => x.d)
                .Take(options.MaxNeighbours)
                .ToList();
            circles.Add((i, near.Select(x => x.j).ToArray(), near.Count == 0 ? 0 : near[^1].d));
        }
        return circles;
    }

    /// <summary>Highest log-likelihood ratio over all cylinders. Circles grow one neighbour at a time.</summary>
    private static double Scan(List<(int Centre, int[] Members, double Radius)> circles, int[] bins, int binCount, int maxWindow,
        out int bestCircle, out int bestStart, out int bestEnd, out int bestObserved, out double bestExpected)
    {
        double n = bins.Length;
        var binTotals = new int[binCount];
        foreach (var b in bins) binTotals[b]++;
        var inCircle = new int[binCount];
        var best = 0.0;
        bestCircle = bestStart = bestEnd = bestObserved = -1;
        bestExpected = 0;
        for (var ci = 0; ci < circles.Count; ci++)
        {
            Array.Clear(inCircle);
            var members = circles[ci].Members;
            for (var k = 0; k < members.Length; k++)
            {
                inCircle[bins[members[k]]]++;
                if (k < 1) continue;
                var circleTotal = k + 1;
                for (var start = 0; start < binCount; start++)
                {
                    int c = 0, windowTotal = 0;
                    for (var end = start; end < Math.Min(binCount, start + maxWindow); end++)
                    {
                        c += inCircle[end];
                        windowTotal += binTotals[end];
                        var mu = (double)circleTotal * windowTotal / n;
                        if (c <= mu || c < 2) continue;
                        var llr = c * Math.Log(c / mu) + (n - c) * Math.Log((n - c) / (n - mu));
                        if (llr <= best) continue;
                        best = llr;
                        bestCircle = ci;
                        bestStart = start;
                        bestEnd = end;
                        bestObserved = c;
                        bestExpected = mu;
                    }
                }
            }
        }
        return best;
    }
}
