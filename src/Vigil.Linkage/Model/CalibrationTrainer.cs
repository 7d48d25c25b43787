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
            calibration = Fit(rows, options);
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

    private static Calibration Fit(Rows rows, TrainingOptions options)
    {
        // Intercepts and the shared slope are nearly free; a kind's own slope must earn its departure from the
        // shared one, so that a kind with few confirmed series is weighed like the others.
        var tables = Features.DeathKinds.Count + 1;
        var penalty = Enumerable.Repeat(options.CalibrationPenalty, Calibration.Size).ToArray();
        for (var t = 0; t <= tables; t++) penalty[t] = options.CalibrationPenalty / 100;
        for (var t = 0; t < tables; t++) penalty[tables + 1 + t] = options.CalibrationPenalty * 10;
        return new Calibration
        {
            Coefficients = LogisticRegression.Fit(rows.X, rows.Y, rows.Weight, penalty),
            FittedOn = $"{rows.X.Count} candidate pairs, {rows.Y.Count(v => v)} in one confirmed series, {options.CalibrationFolds}-fold cross-fitting",
        };
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
