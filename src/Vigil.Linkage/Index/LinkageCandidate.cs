using Vigil.Linkage.Features;
using Vigil.Linkage.Scoring;
using Vigil.Linkage.Surveillance;

namespace Vigil.Linkage.Index;

/// <summary>An earlier death that may share an offender with a new one.</summary>
/// <param name="Earlier">The earlier death.</param>
/// <param name="Score">The pair's score; <see cref="PairScore.Probability"/> is the alerting score, which weighs the
/// pair's own comparisons together with the signals that count both deaths.</param>
/// <param name="Alert">True when the probability reaches the configured alert threshold.</param>
public sealed record LinkageCandidate(LinkageRecord Earlier, PairScore Score, bool Alert)
{
    /// <summary>The surveillance signals of the new death that count this earlier death (the same person recurring,
    /// a concentration both belong to).</summary>
    public IReadOnlyList<Signal> Signals { get; init; } = [];

    /// <summary>When the series-triangle route (ADR 3194) raised this candidate: the other earlier death of the triangle and
    /// how far the three stood out; null otherwise.</summary>
    public SeriesTriangle? Triangle { get; init; }
}

/// <summary>A new death, this earlier death and <paramref name="Other"/> agree pairwise: the new death with both, and the two
/// earlier deaths with each other when the later of them was assessed (ADR 3194).</summary>
/// <param name="Other">The triangle's other earlier death.</param>
/// <param name="Standing">How far the three pairs' summed log-odds stand above the 90th percentile of the kind's triangles on
/// the training force's history, in spreads of its 90th-to-99th percentile.</param>
/// <param name="PairProbability">The pair's own probability before the route raised it (later triangles use it).</param>
public sealed record SeriesTriangle(LinkageRecord Other, double Standing, double PairProbability);

/// <summary>The one decision about a new death: its candidates, best first, the surveillance signals it raised, and
/// whether it alerts (its best candidate's probability reaches the threshold).</summary>
/// <param name="Candidates">Earlier deaths, most probable first.</param>
/// <param name="Signals">Person and concentration signals, most surprising first.</param>
public sealed record DeathAssessment(IReadOnlyList<LinkageCandidate> Candidates, IReadOnlyList<Signal> Signals)
{
    /// <summary>The death's alerting probability: that of its best candidate.</summary>
    public double Probability => Candidates.Count == 0 ? 0 : Candidates[0].Score.Probability;

    /// <summary>True when the death alerts.</summary>
    public bool Alert => Candidates.Count > 0 && Candidates[0].Alert;

    /// <summary>Where the index ranked the death, for explaining its candidates without ranking it again; null when the
    /// assessment was not made by an index.</summary>
    internal AssessmentContext? Context { get; init; }
}
