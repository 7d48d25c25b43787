namespace Vigil.Web.Features.Linkage.Alerts;

/// <summary>What the engine decided about one saved death: whether it alerts, what kind of alert (pair, person,
/// cluster or series), the earlier deaths the alert names with each pair's explanation, the surveillance signals in
/// words, and — when the alert reaches a confirmed or candidate series — the death scored against that series as a whole.</summary>
public sealed record CaseAssessment(Guid CaseId, double Probability, string Kind, IReadOnlyList<EarlierAlert> Earlier,
    IReadOnlyList<string> Signals, SeriesMatch? Series)
{
    /// <summary>The earlier deaths the strongest person or concentration signal counts together with the new death.</summary>
    public IReadOnlyList<Guid> Connected { get; init; } = [];

    /// <summary>The id the candidate series this alert starts is to have (ADR 1636): the engine told its index of the
    /// series under this id, so later deaths of the same batch are proposed to it.</summary>
    public Guid? NewSeriesId { get; init; }
}

/// <summary>An earlier death an alert names, with the pair's probability, its summary and its explanation as scored.</summary>
public sealed record EarlierAlert(Guid CaseId, double Probability, string Summary, string Explanation);

/// <summary>A new death scored against a series as a whole, and which of the earlier deaths its alert names are members
/// of that series: the others stay pairs to compare (ADR 1660).</summary>
public sealed record SeriesMatch(Guid SeriesId, double Probability, IReadOnlyList<string> Reasons, IReadOnlySet<Guid> Members);

/// <summary>What one comparison of saved deaths found: the deaths that alert, the undecided pairs of deaths compared
/// again that their alerts no longer name, scored again on the facts as they are now (ADR 3142), and the deaths proposed
/// to a series a death compared again is in, scored again against the series as it is now (ADR 3145).</summary>
public sealed record ComparedBatch(IReadOnlyList<CaseAssessment> Alerts, IReadOnlyList<PairRescore> Rescored, IReadOnlyList<MemberRescore> Proposals);

/// <summary>A death proposed to a series, scored again against the series as a whole after a change to one of its deaths,
/// with the alert threshold it was scored against: below it, the proposal lapses (ADR 3149).</summary>
public sealed record MemberRescore(Guid SeriesId, Guid CaseId, double Probability, IReadOnlyList<string> Reasons, double Threshold)
{
    public bool ReachesThreshold => Probability >= Threshold;
}

/// <summary>An undecided pair of a death compared again (<paramref name="CaseId"/>) that its alert no longer names, scored
/// again from that death's side, with the alert threshold it was scored against.</summary>
public sealed record PairRescore(Guid CaseId, Guid OtherCaseId, double Probability, string Summary, string Explanation, double Threshold)
{
    public bool ReachesThreshold => Probability >= Threshold;
}
