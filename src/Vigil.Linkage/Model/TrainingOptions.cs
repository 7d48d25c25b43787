namespace Vigil.Linkage.Model;

/// <summary>Settings of learning. Defaults were chosen on a split of the London benchmark.</summary>
public sealed record TrainingOptions
{
    /// <summary>Pseudo-pairs pulling each kind's m probabilities towards the pooled m of all kinds:
    /// a kind with few confirmed pairs borrows strength instead of memorising them.</summary>
    public double PriorStrength { get; init; } = 10;
    /// <summary>Random pairs sampled per table to estimate u probabilities.</summary>
    public int RandomPairsPerTable { get; init; } = 60_000;
    /// <summary>Pseudo-count of confirmed pairs per kind in the prior, so a kind with no confirmed series
    /// in the training data still can raise an alert on overwhelming evidence.</summary>
    public double PriorPseudoPairs { get; init; } = 1;
    /// <summary>Multiplier of summed weights (see <see cref="LinkageModel.Scale"/>).</summary>
    public double Scale { get; init; } = 1;
    /// <summary>EM iterations when learning without labels.</summary>
    public int EmIterations { get; init; } = 30;
    /// <summary>Learn a calibration of weights into alert probabilities by cross-fitting (see <see cref="Calibration"/>).</summary>
    public bool Calibrate { get; init; } = true;
    /// <summary>Folds of confirmed series for cross-fitting the calibration.</summary>
    public int CalibrationFolds { get; init; } = 2;
    /// <summary>Calibration passes: the second replays with candidate series formed from the first's alerts.</summary>
    public int CalibrationPasses { get; init; } = 2;
    /// <summary>Top candidates per death used as calibration rows.</summary>
    public int CalibrationCandidates { get; init; } = 10;
    /// <summary>L2 penalty on calibration coefficients (intercepts get a hundredth of it).</summary>
    public double CalibrationPenalty { get; init; } = 1;
    /// <summary>Prior share of linked earlier deaths per death for EM (the mixture's match share is held at it).</summary>
    public double EmMatchesPerDeath { get; init; } = 0.01;
    /// <summary>Deaths (refs) held out of training altogether (leave-one-archetype-out): they label nothing and are
    /// not used as calibration rows, as if the force had never looked at them; they stay in the replayed history.</summary>
    public IReadOnlySet<string> Excluded { get; init; } = new HashSet<string>();
    /// <summary>Read the alert budgets' thresholds from a last replay with the final model (one more replay of the
    /// history); when false the cross-fitted folds' thresholds are kept (measuring runs such as leave-one-archetype-out,
    /// which read their own thresholds from the scores).</summary>
    public bool ReplayThresholds { get; init; } = true;
    /// <summary>Seed of the random pair sampler, so training is reproducible.</summary>
    public int Seed { get; init; } = 20150901;
    /// <summary>Ship what the training force taught about each role as the person signals' starting priors (ADR 1491).
    /// Off by default: it removes the first-year surprises of ordinary GPs, yet the calibration refitted on it did worse
    /// at one alert per 100 deaths on London (0.63/0.68 against 0.70/0.71; docs/linkage.md, round 9).</summary>
    public bool RolePriors { get; init; }

    /// <summary>When set, receives the calibration's training rows (features, label, weight, death index) of the last
    /// pass: measuring tools refit variants from them without replaying.</summary>
    public Action<IReadOnlyList<double[]>, IReadOnlyList<bool>, IReadOnlyList<double>, IReadOnlyList<int>>? CalibrationRowsSink { get; init; }

    /// <summary>Alerts per 100 deaths (of the one per 100) given to the rarity route (ADR 1601); 0, the default, leaves
    /// the route off. Measured on London leave-one-archetype-out: it did not lift a held-out archetype to the budget.</summary>
    public double RarityShare { get; init; }

    /// <summary>Alerts per 100 deaths (of the one per 100) given to the series-triangle route (ADR 3194); 0, the default,
    /// leaves the route off. Measured offline on London leave-one-archetype-out (ADR 3193): at 0.2, held-out drugging's
    /// victim recall 0.05 → 0.18 and the other archetypes unchanged at 0.00.</summary>
    public double TriangleShare { get; init; }

    /// <summary>How a kind of death with too few confirmed pairs is calibrated (see <see cref="UnconfirmedKindIntercept"/>).</summary>
    public UnconfirmedKindIntercept UnconfirmedKinds { get; init; } = UnconfirmedKindIntercept.Shrunk;
}

/// <summary>The intercept of a kind of death the training force has confirmed too few series of.</summary>
public enum UnconfirmedKindIntercept
{
    /// <summary>The pooled intercept, moved down as far as the kind's own (unconfirmed) rows, penalised, show (ADR 1101).</summary>
    Shrunk,
    /// <summary>The pooled intercept: rows of a kind with no confirmed series are unlabelled, not negative.</summary>
    Pooled,
}
