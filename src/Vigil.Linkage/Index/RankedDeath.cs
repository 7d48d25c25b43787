using Vigil.Linkage.Model;
using Vigil.Linkage.Surveillance;

namespace Vigil.Linkage.Index;

/// <summary>What ranking a new death found: its best candidates with the calibration input each was scored from, its
/// signals, and the neighbourhood every candidate's probability was judged in — the earlier deaths of its kind among all
/// its candidates and its people's ordinary shares. An explanation needs the last two (ADR 2641).</summary>
internal sealed record RankedDeath(List<(LinkageCandidate Candidate, CalibrationInput Input)> Ranked, List<Signal> Signals, int Local,
    PersonBackground Background)
{
    /// <summary>The new death's best triangle (ADR 3194): its summed log-odds and model table; null when none was looked for
    /// or found.</summary>
    public (double Sum, int Table)? Triangle { get; init; }

    /// <summary>The candidates and signals alone, as ranking returned them before.</summary>
    public void Deconstruct(out List<(LinkageCandidate Candidate, CalibrationInput Input)> ranked, out List<Signal> signals) =>
        (ranked, signals) = (Ranked, Signals);
}

/// <summary>The neighbourhood an assessment was ranked in, and the index and its change count then: its candidates can be
/// explained from it while the index is unchanged (ADR 2641).</summary>
internal sealed record AssessmentContext(LinkageIndex Index, long Changes, int Local, PersonBackground Background);
