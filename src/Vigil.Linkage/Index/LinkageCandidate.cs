using Vigil.Linkage.Features;
using Vigil.Linkage.Scoring;

namespace Vigil.Linkage.Index;

/// <summary>An earlier death that may share an offender with a new one.</summary>
/// <param name="Earlier">The earlier death.</param>
/// <param name="Score">The pair's score; <see cref="PairScore.Probability"/> is the alerting score.</param>
/// <param name="Alert">True when the probability reaches the configured alert threshold.</param>
public sealed record LinkageCandidate(LinkageRecord Earlier, PairScore Score, bool Alert);
