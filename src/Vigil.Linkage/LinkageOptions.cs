namespace Vigil.Linkage;

/// <summary>Thresholds and search settings: configuration, not code. Defaults were chosen on a split of
/// the London benchmark (see docs/linkage.md), never on held-out data.</summary>
public sealed record LinkageOptions
{
    /// <summary>A candidate raises an alert when its posterior probability of sharing an offender is at least this.</summary>
    public double AlertThreshold { get; init; } = 0.013;
    /// <summary>Candidates kept per new death (replay writes them all).</summary>
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
    /// <summary>At most this many postings are read per blocking key, newest first, so one very common
    /// key (a GP who certifies thousands of deaths) cannot make a query slow.</summary>
    public int MaxPostingsPerKey { get; init; } = 4000;
}
