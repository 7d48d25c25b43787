using Vigil.Linkage.Index;
using Vigil.Records;

namespace Vigil.Linkage.Model;

/// <summary>Fits a <see cref="Calibration"/> by cross-fitting on the training force's own history: the confirmed
/// series are split into folds; for each fold a model learnt from the other folds replays every death in
/// <c>found_at</c> order, and the held-out fold's series label its candidates. The calibration thus sees
/// weights — and surveillance signals — as they are for series the weights were not learnt from, as they will be
/// in another force. Candidate series form from the engine's own confident alerts, which need a calibration: a
/// first pass fits one without them, a second refits with series formed by the first. The last replay gives, per
/// death, its best probability: the thresholds that meet each alert budget are read from them.</summary>
internal static class CalibrationTrainer
{
    /// <summary>Alert budgets (per 100 deaths) whose thresholds are stored with the model.</summary>
    public static IReadOnlyList<double> Budgets { get; } = [0.25, 0.5, 1, 2, 5];

    public static (Calibration Calibration, List<BudgetThreshold> Thresholds) Fit(IReadOnlyList<DeathRecord> deaths,
        IReadOnlyDictionary<string, string> truth, TrainingOptions options, Func<IReadOnlyDictionary<string, string>, LinkageModel> train)
    {
        var series = truth.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var folds = Enumerable.Range(0, options.CalibrationFolds).Select(fold =>
        {
            var held = series.Where((_, i) => i % options.CalibrationFolds == fold).ToHashSet(StringComparer.Ordinal);
            return (Held: held, Model: train(truth.Where(kv => !held.Contains(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal)));
        }).ToList();
        Calibration? calibration = null;
        List<BudgetThreshold> thresholds = [];
        for (var pass = 0; pass < Math.Max(1, options.CalibrationPasses); pass++)
        {
            var rows = new Rows();
            foreach (var (held, model) in folds)
            {
                model.Calibration = calibration;
                model.AlertThresholds = thresholds;
                Replay(deaths, truth, options, held, model, rows, engineSeries: calibration is not null);
            }
            calibration = Fit(rows.X, rows.Y, rows.Weight, options);
            if (pass == Math.Max(1, options.CalibrationPasses) - 1) options.CalibrationRowsSink?.Invoke(rows.X, rows.Y, rows.Weight, rows.Death);
            thresholds = Thresholds(calibration, rows, deaths.Count, options.CalibrationFolds);
        }
        return (calibration!, thresholds);
    }

    private sealed class Rows
    {
        public readonly List<double[]> X = [];
        public readonly List<bool> Y = [];
        public readonly List<double> Weight = [];
        public readonly List<int> Death = [];
    }

    private static void Replay(IReadOnlyList<DeathRecord> deaths, IReadOnlyDictionary<string, string> truth, TrainingOptions options,
        HashSet<string> held, LinkageModel model, Rows rows, bool engineSeries)
    {
        var index = new LinkageIndex(model, new LinkageOptions { EngineSeries = engineSeries });
        for (var d = 0; d < deaths.Count; d++)
        {
            var r = index.Extractor.Extract(deaths[d]);
            var s = truth.GetValueOrDefault(r.Ref);
            var (ranked, signals) = index.Rank(r, options.CalibrationCandidates);
            // A record of a series the weights were learnt from would label pairs the weights have seen; a record
            // held out of training altogether labels nothing.
            if (!options.Excluded.Contains(r.Ref) && (s is null || held.Contains(s)))
            {
                foreach (var (candidate, input) in ranked)
                {
                    var row = new double[Calibration.Size];
                    Calibration.Features(input, row);
                    rows.X.Add(row);
                    rows.Y.Add(s is not null && string.Equals(truth.GetValueOrDefault(candidate.Earlier.Ref), s, StringComparison.Ordinal));
                    rows.Weight.Add(1.0 / options.CalibrationFolds);
                    rows.Death.Add(d);
                }
            }
            index.Add(r, new DeathAssessment([.. ranked.Select(x => x.Candidate)], signals));
        }
    }

    /// <summary>Confirmed pairs a kind of death needs among the calibration rows to earn its own intercept and slope.</summary>
    internal const int MinConfirmedPairsPerKind = 5;

    /// <summary>Fits the calibration to rows of <see cref="Calibration.Features"/>. A kind of death (model table) with
    /// fewer than <see cref="MinConfirmedPairsPerKind"/> confirmed pairs has not shown how its weights map to
    /// probabilities: it is left out of the fit, takes the shared slope, and its intercept starts from the mean of the
    /// other kinds' (weighted by their confirmed pairs) and moves down only as far as its own rows, penalised, show
    /// fewer links than that predicts. Fitted freely, its all-negative rows would drive its intercept to minus
    /// infinity and silence every death of that kind, however strong the evidence — exactly the offender pattern a
    /// force has not met before (leave-one-archetype-out scored 0 at every budget).</summary>
    internal static Calibration Fit(IReadOnlyList<double[]> x, IReadOnlyList<bool> y, IReadOnlyList<double> weight, TrainingOptions options)
    {
        var tables = Features.DeathKinds.Count + 1;
        var confirmed = new int[tables];
        var tableOf = new int[x.Count];
        for (var i = 0; i < x.Count; i++)
        {
            tableOf[i] = Array.FindIndex(x[i], 0, tables, v => v != 0);
            if (y[i] && tableOf[i] >= 0) confirmed[tableOf[i]]++;
        }
        var earned = confirmed.Select(c => c >= MinConfirmedPairsPerKind).ToArray();
        var keep = Enumerable.Range(0, x.Count).Where(i => tableOf[i] >= 0 && earned[tableOf[i]]).ToList();
        // Intercepts and the shared slope are nearly free; a kind's own slope must earn its departure from the
        // shared one, so that a kind with few confirmed series is weighed like the others.
        var penalty = Enumerable.Repeat(options.CalibrationPenalty, Calibration.Size).ToArray();
        for (var t = 0; t <= tables; t++) penalty[t] = options.CalibrationPenalty / 100;
        for (var t = 0; t < tables; t++) penalty[tables + 1 + t] = options.CalibrationPenalty * 10;
        var beta = LogisticRegression.Fit([.. keep.Select(i => x[i])], [.. keep.Select(i => y[i])], [.. keep.Select(i => weight[i])], penalty);
        var pooled = Enumerable.Range(0, tables).Where(t => earned[t]).Sum(t => confirmed[t] * beta[t]) / Math.Max(1, confirmed.Where((_, t) => earned[t]).Sum());
        for (var t = 0; t < tables; t++)
        {
            if (earned[t]) continue;
            beta[tables + 1 + t] = 0;
            beta[t] = pooled;
            if (options.UnconfirmedKinds == UnconfirmedKindIntercept.Shrunk)
                beta[t] += Shrunk(beta, Enumerable.Range(0, x.Count).Where(i => tableOf[i] == t).Select(i => (x[i], y[i], weight[i])), options.CalibrationPenalty);
        }
        var unearned = Enumerable.Range(0, tables).Where(t => !earned[t]).Select(t => t < Features.DeathKinds.Count ? ((Features.DeathKind)t).ToString() : "mixed");
        return new Calibration
        {
            Coefficients = beta,
            FittedOn = $"{keep.Count} candidate pairs, {y.Count(v => v)} in one confirmed series, {options.CalibrationFolds}-fold cross-fitting"
                + $"; calibrated from the pooled kinds (fewer than {MinConfirmedPairsPerKind} confirmed pairs): {string.Join(", ", unearned)}",
        };
    }

    /// <summary>The move of one kind's intercept from the pooled one, other coefficients held: the penalised maximum
    /// likelihood of its own rows (L2 <paramref name="penalty"/>), by Newton steps on one variable.</summary>
    private static double Shrunk(double[] beta, IEnumerable<(double[] X, bool Y, double Weight)> rows, double penalty)
    {
        var z = rows.Select(r => (Z: Enumerable.Range(0, beta.Length).Sum(j => beta[j] * r.X[j]), r.Y, r.Weight)).ToList();
        var d = 0.0;
        for (var it = 0; it < 30; it++)
        {
            double grad = -penalty * d, hess = penalty;
            foreach (var (zi, yi, w) in z)
            {
                var p = 1 / (1 + Math.Exp(-Math.Clamp(zi + d, -35, 35)));
                grad += w * ((yi ? 1 : 0) - p);
                hess += w * p * (1 - p);
            }
            var step = grad / hess;
            d += step;
            if (Math.Abs(step) < 1e-6) break;
        }
        return d;
    }

    /// <summary>Per death, its best probability in each fold's replay; the threshold for a budget is the score of
    /// the death at that rank (alerts per 100 deaths, averaged over folds).</summary>
    private static List<BudgetThreshold> Thresholds(Calibration calibration, Rows rows, int deaths, int folds)
    {
        var best = new Dictionary<(int Fold, int Death), double>();
        var fold = 0;
        for (var i = 0; i < rows.X.Count; i++)
        {
            if (i > 0 && rows.Death[i] < rows.Death[i - 1]) fold++;
            var z = 0.0;
            for (var j = 0; j < Calibration.Size; j++) z += calibration.Coefficients[j] * rows.X[i][j];
            var p = 1 / (1 + Math.Exp(-Math.Clamp(z, -60, 60)));
            best[(fold, rows.Death[i])] = Math.Max(best.GetValueOrDefault((fold, rows.Death[i])), p);
        }
        var scores = best.Values.OrderDescending().ToArray();
        var scored = (double)Math.Max(1, deaths) * folds;
        return [.. Budgets.Select(b =>
        {
            var n = (int)Math.Round(b / 100 * scored);
            return new BudgetThreshold(b, n <= 0 || scores.Length == 0 ? 1 : scores[Math.Clamp(n, 1, scores.Length) - 1]);
        })];
    }
}
