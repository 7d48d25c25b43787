namespace Vigil.Web.Features.Linkage.Alerts;

/// <summary>Writes the deaths proposed to a series that a comparison scored again against it as a whole, after a change
/// to one of its deaths (ADR 3145): a proposal still undecided takes the new score and reasons; one an analyst decided
/// meanwhile keeps the decision and the score it was made on. Before, a proposal kept the score it was made with — the
/// pair score of the death whose comparison proposed the series — and ranked the series in the queue by it, however the
/// deaths changed after. Below the alert threshold a proposal lapses — out of the open queue, listed under "no longer
/// alike" with the reason first — and at or above it, it is proposed again (ADR 3149, as pairs: ADR 3142). An ordinary
/// update of the member row, so the audit trail holds the old and new score and status.</summary>
public static class ProposalsScoredAgain
{
    public static async Task StageAsync(VigilDbContext db, IReadOnlyList<MemberRescore> rescored, DateTime now, CancellationToken ct)
    {
        if (rescored.Count == 0) return;
        var series = rescored.Select(p => p.SeriesId).Distinct().ToArray();
        var rows = (await db.SeriesMembers().Where(m => EF.Parameter(series).Contains(m.SeriesId)
                && (m.Status == MemberStatus.Proposed || m.Status == MemberStatus.Lapsed)).ToListAsync(ct))
            .ToDictionary(m => (m.SeriesId, m.CaseId));
        foreach (var p in rescored)
        {
            if (rows.GetValueOrDefault((p.SeriesId, p.CaseId)) is not { } row) continue;
            row.MoveTo(p.ReachesThreshold ? MemberStatus.Proposed : MemberStatus.Lapsed, now);
            var reasons = AlertWriter.AsAWhole(p.Probability, p.Reasons);
            (row.Probability, row.Reasons) = (p.Probability, AlertWriter.Clip(AlertReasons.Join(p.ReachesThreshold ? reasons : reasons.Prepend(Why(p)))));
            // Scored against the series as a whole, the reasons no longer quote a pair (ADR 3329).
            row.ComparedWithCaseId = null;
        }
    }

    /// <summary>The reason a lapsed proposal left the open queue, first among its reasons.</summary>
    public static string Why(MemberRescore p) => string.Create(CultureInfo.InvariantCulture,
        $"No longer alike enough to propose: scored again against the series as a whole after a change to one of its deaths, it scores {p.Probability:P1}, below the alert threshold of {p.Threshold:P1}.");
}
