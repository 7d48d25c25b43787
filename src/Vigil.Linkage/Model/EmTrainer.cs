using Vigil.Linkage.Features;
using Vigil.Linkage.Scoring;

namespace Vigil.Linkage.Model;

/// <summary>Unsupervised Fellegi–Sunter learning by expectation–maximisation, for a force with no confirmed
/// history: a two-class mixture over the candidate pairs that blocking produces, per kind of death. u is
/// estimated over those candidate pairs themselves (nearly all unrelated), not over random pairs of the whole
/// force: against random pairs every candidate looks like a match, because blocking already chose deaths of the
/// same kind near in place and time, and the probabilities saturate at 1. The prior odds of a candidate pair
/// are the mixture's match share, so the model scores through a <see cref="Calibration"/> with slope 1.</summary>
public static class EmTrainer
{
    /// <summary>Learns a model from unlabelled deaths and their candidate pairs (newer, earlier).</summary>
    public static LinkageModel Train(IReadOnlyList<LinkageRecord> records, IEnumerable<(LinkageRecord Newer, LinkageRecord Earlier)> candidatePairs,
        TrainingOptions? options = null)
    {
        options ??= new TrainingOptions();
        var tables = DeathKinds.Count + 1;
        var pairs = Enumerable.Range(0, tables).Select(_ => new List<byte[]>()).ToArray();
        foreach (var (newer, earlier) in candidatePairs)
        {
            var c = PairComparer.Compare(newer, earlier);
            var levels = new byte[Comparisons.Count];
            for (var k = 0; k < Comparisons.Count; k++) levels[k] = c.Levels[k];
            pairs[LinkageModel.TableFor(newer.Kind, earlier.Kind)].Add(levels);
        }
        var model = new LinkageModel { Method = "em", Scale = options.Scale };
        for (var t = 0; t < tables; t++)
        {
            var blocked = new LevelCounts();
            foreach (var p in pairs[t]) blocked.Add(Levels(p));
            var u = blocked.Probabilities(0.5);
            var kindCount = t == LinkageModel.MixedTable ? records.Count : records.Count(r => (int)r.Kind == t);
            // Left free, the mixture's "match" class grows into any large coherent group of candidates (pairs
            // sharing a common surname, say). The share of matches is held at a prior instead: about one linked
            // earlier death per hundred deaths, as in forces with confirmed history.
            var share = Math.Clamp(options.EmMatchesPerDeath * kindCount / Math.Max(1.0, pairs[t].Count), 1e-6, 0.5);
            var (m, lambda) = Fit(pairs[t], u, options.EmIterations, share);
            var kindRecords = t == LinkageModel.MixedTable ? records.Count : records.Count(r => (int)r.Kind == t);
            model.Tables.Add(new KindTable
            {
                Kind = t == LinkageModel.MixedTable ? "mixed" : ((DeathKind)t).ToString(),
                M = m,
                U = u,
                TruePairs = 0,
                Records = kindRecords,
                Rho = Math.Max(1e-6, lambda * pairs[t].Count / (kindRecords + 1.0)),
            });
        }
        model.ComputeWeights();
        var calibration = new Calibration();
        for (var t = 0; t < tables; t++)
        {
            var lambda = Math.Clamp(model.Tables[t].Rho * (model.Tables[t].Records + 1.0) / Math.Max(1, pairs[t].Count), 1e-6, 0.5);
            calibration.Coefficients[t] = Math.Log(lambda / (1 - lambda));

        }
        calibration.Coefficients[tables] = 1;
        calibration.FittedOn = "EM match share per table over blocked candidate pairs";
        model.Calibration = calibration;
        return model;
    }

    private static PairComparison Levels(byte[] p)
    {
        var c = new PairComparison();
        for (var k = 0; k < Comparisons.Count; k++) c.Levels[k] = p[k];
        return c;
    }

    /// <summary>EM with u held at its random-pair estimate: returns m and the share of matches.</summary>
    internal static (double[][] M, double Lambda) Fit(IReadOnlyList<byte[]> pairs, double[][] u, int iterations, double? fixedShare = null)
    {
        var m = new double[Comparisons.Count][];
        for (var k = 0; k < Comparisons.Count; k++)
        {
            // Start from "agreement is likelier among matches": m falls geometrically with the level.
            var levels = Comparisons.Levels[k];
            m[k] = Enumerable.Range(0, levels).Select(l => Math.Pow(0.5, l)).ToArray();
            var sum = m[k].Sum();
            for (var l = 0; l < levels; l++) m[k][l] /= sum;
        }
        var lambda = fixedShare ?? 0.01;
        if (pairs.Count == 0) return (m, lambda);
        var counts = new LevelCounts();
        for (var it = 0; it < iterations; it++)
        {
            counts = new LevelCounts();
            var total = 0.0;
            foreach (var p in pairs)
            {
                var logRatio = 0.0;
                for (var k = 0; k < Comparisons.Count; k++) logRatio += Math.Log(m[k][p[k]] / u[k][p[k]]);
                var g = 1 / (1 + (1 - lambda) / lambda * Math.Exp(-Math.Clamp(logRatio, -50, 50)));
                total += g;
                counts.Add(Levels(p), g);
            }
            lambda = fixedShare ?? Math.Clamp(total / pairs.Count, 1e-6, 0.5);
            // m is smoothed towards u, so a level the candidates rarely show stays neutral instead of looking
            // like strong evidence; the role of an agreeing person restates the person comparison (the two
            // would count one agreement twice in an unsupervised fit), so it is held neutral.
            m = counts.Probabilities(0, u, 10);
            m[(int)Comparison.PersonRole] = (double[])u[(int)Comparison.PersonRole].Clone();
        }
        return (m, lambda);
    }
}
