using Vigil.Linkage.Index;
using Vigil.Records;

namespace Vigil.Linkage.Model;

/// <summary>Fits a <see cref="Calibration"/> by cross-fitting on the training force's own history: the confirmed
/// series are split into folds; for each fold a model learnt from the other folds replays every death in
/// <c>found_at</c> order, and the held-out fold's series label its candidates. The calibration thus sees
/// weights as they are for series the weights were not learnt from — as they will be in another force.</summary>
internal static class CalibrationTrainer
{
    public static Calibration Fit(IReadOnlyList<DeathRecord> deaths, IReadOnlyDictionary<string, string> truth,
        TrainingOptions options, Func<IReadOnlyDictionary<string, string>, LinkageModel> train)
    {
        var series = truth.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var x = new List<double[]>();
        var y = new List<bool>();
        var weight = new List<double>();
        for (var fold = 0; fold < options.CalibrationFolds; fold++)
        {
            var held = series.Where((_, i) => i % options.CalibrationFolds == fold).ToHashSet(StringComparer.Ordinal);
            var model = train(truth.Where(kv => !held.Contains(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
            var index = new LinkageIndex(model);
            foreach (var death in deaths)
            {
                var r = index.Extractor.Extract(death);
                var s = truth.GetValueOrDefault(r.Ref);
                // A record of a series the weights were learnt from would label pairs the weights have seen.
                if (s is null || held.Contains(s))
                {
                    foreach (var (candidate, input) in index.Rank(r, options.CalibrationCandidates))
                    {
                        var row = new double[Calibration.Size];
                        Calibration.Features(input, row);
                        x.Add(row);
                        y.Add(s is not null && string.Equals(truth.GetValueOrDefault(candidate.Earlier.Ref), s, StringComparison.Ordinal));
                        weight.Add(1.0 / options.CalibrationFolds);
                    }
                }
                index.Add(r);
            }
        }
        // Intercepts and the shared slope are nearly free; a kind's own slope must earn its departure from the
        // shared one, so that a kind with few confirmed series is weighed like the others.
        var tables = Features.DeathKinds.Count + 1;
        var penalty = Enumerable.Repeat(options.CalibrationPenalty, Calibration.Size).ToArray();
        for (var t = 0; t <= tables; t++) penalty[t] = options.CalibrationPenalty / 100;
        for (var t = 0; t < tables; t++) penalty[tables + 1 + t] = options.CalibrationPenalty * 10;
        return new Calibration
        {
            Coefficients = LogisticRegression.Fit(x, y, weight, penalty),
            FittedOn = $"{x.Count} candidate pairs, {y.Count(v => v)} in one confirmed series, {options.CalibrationFolds}-fold cross-fitting",
        };
    }
}
