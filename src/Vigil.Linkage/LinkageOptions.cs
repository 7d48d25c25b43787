namespace Vigil.Linkage;

/// <summary>Thresholds and search settings: configuration, not code. Defaults were chosen on a split of
/// the London benchmark (see docs/linkage.md), never on held-out data.</summary>
public sealed record LinkageOptions
{
    /// <summary>Alerts per 100 deaths the force accepts: the threshold is the one that gave this rate on the training
    /// force's own history (<see cref="Model.LinkageModel.ThresholdFor"/>). Pair, person and cluster evidence share it.</summary>
    public double AlertBudget { get; init; } = 1;
    /// <summary>A probability threshold that overrides <see cref="AlertBudget"/> (null: take it from the budget).</summary>
    public double? AlertThreshold { get; init; }

    /// <summary>The threshold in force with a model.</summary>
    public double ThresholdFor(Model.LinkageModel model) => AlertThreshold ?? model.ThresholdFor(AlertBudget);
    /// <summary>Candidates kept per new death, at least (replay writes them all): the decision about a death keeps every
    /// candidate at or above the alert threshold however many (ADR 3175), and the best of the rest up to this many in all,
    /// for ranking measures (recall at 5) and explanations below the threshold.</summary>
    public int TopCandidates { get; init; } = 10;
    /// <summary>Side of a space–time blocking cell, km.</summary>
    public double CellKm { get; init; } = 4;
    /// <summary>How far back the space–time and area blocks look, days.</summary>
    public double SpaceTimeWindowDays { get; init; } = 800;
    /// <summary>How far back person and phone keys look, days.</summary>
    public double PersonWindowDays { get; init; } = 3650;
    /// <summary>How far back rare-substance keys look, days.</summary>
    public double SubstanceWindowDays { get; init; } = 1100;
    /// <summary>A substance is "rare" (and a blocking key) when fewer than this share of indexed deaths show it.</summary>
    public double RareSubstanceShare { get; init; } = 0.02;
    /// <summary>At most this many live postings are read per blocking key, newest first (found time, then ref: ADR 3174),
    /// so one very common key (a GP who certifies thousands of deaths) cannot make a query slow (ADR 3173).</summary>
    public int MaxPostingsPerKey { get; init; } = 4000;
    /// <summary>Join deaths to candidate series on the engine's own confident alerts (a replay has no analyst;
    /// the web app proposes series the same way and analysts confirm them).</summary>
    public bool EngineSeries { get; init; } = true;
    /// <summary>The alert budget (per 100 deaths) whose threshold a link must reach to join a candidate series.</summary>
    public double SeriesBudget { get; init; } = 0.25;
    /// <summary>A probability overriding <see cref="SeriesBudget"/>.</summary>
    public double? SeriesThreshold { get; init; }
    /// <summary>How far back a series' members count when a new death is scored against it, days.</summary>
    public double SeriesWindowDays { get; init; } = 365;
    /// <summary>Measuring only: score every candidate's rarity (ADR 1601) even when the model has no rarity route, and keep
    /// the rarest candidate among the returned ones.</summary>
    public bool MeasureRarity { get; init; }
    /// <summary>Measuring and training only: keep each assessed death's best candidates and find each new death's best
    /// triangle (ADR 3194) even when the model has no triangle route, so that training can learn one.</summary>
    public bool MeasureTriangles { get; init; }
    /// <summary>Threads that score one new death's candidates together, at most (ADR 2371): 1 scores them on the caller's
    /// thread alone. The caller's thread always takes part, so a node whose thread pool is busy degrades to one.
    /// Default 1: on the 2-core reference machine, quiet, two threads caught London up no sooner and cost 5–9 % more
    /// CPU (ADR 2371, "Measured quiet"); a host with cores to spare may set more.</summary>
    public int Parallelism { get; init; } = 1;
    /// <summary>Candidates each thread must have before a death's scoring is split (fewer are scored on the caller's thread:
    /// below this, waking a second thread costs more than it saves).</summary>
    public int CandidatesPerThread { get; init; } = 128;
    /// <summary>Windows and priors of the person and concentration signals.</summary>
    public Surveillance.SurveillanceOptions Surveillance { get; init; } = new();
}
