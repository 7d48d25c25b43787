using Vigil.Linkage.Scoring;

namespace Vigil.Linkage.Model;

/// <summary>Weighted counts of comparison levels over a set of pairs.</summary>
internal sealed class LevelCounts
{
    public double[][] Counts { get; } = Enumerable.Range(0, Comparisons.Count).Select(c => new double[Comparisons.Levels[c]]).ToArray();
    public double Total { get; private set; }

    public void Add(in PairComparison c, double weight = 1)
    {
        for (var k = 0; k < Comparisons.Count; k++) Counts[k][c.Levels[k]] += weight;
        Total += weight;
    }

    public void AddAll(LevelCounts other)
    {
        for (var k = 0; k < Comparisons.Count; k++)
            for (var l = 0; l < Counts[k].Length; l++) Counts[k][l] += other.Counts[k][l];
        Total += other.Total;
    }

    /// <summary>Probabilities with a pseudo-count spread evenly (or by <paramref name="prior"/> with strength <paramref name="strength"/>).</summary>
    public double[][] Probabilities(double pseudo, double[][]? prior = null, double strength = 0)
    {
        var p = new double[Comparisons.Count][];
        for (var k = 0; k < Comparisons.Count; k++)
        {
            var levels = Counts[k].Length;
            p[k] = new double[levels];
            for (var l = 0; l < levels; l++)
            {
                var priorMass = prior is null ? 0 : strength * prior[k][l];
                p[k][l] = (Counts[k][l] + priorMass + pseudo) / (Total + strength + pseudo * levels);
            }
        }
        return p;
    }
}
