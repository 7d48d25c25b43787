namespace Vigil.Web.Features.Linkage.Alerts;

/// <summary>Writes the deaths proposed to a series that a comparison scored again against it as a whole, after a change
/// to one of its deaths (ADR 3145): a proposal still undecided takes the new score and reasons; one an analyst decided
/// meanwhile keeps the decision and the score it was made on. Before, a proposal kept the score it was made with — the
/// pair score of the death whose comparison proposed the series — and ranked the series in the queue by it, however the
/// deaths changed after. An ordinary update of the member row, so the audit trail holds the old and new score.</summary>
public static class ProposalsScoredAgain
{
    public static async Task StageAsync(VigilDbContext db, IReadOnlyList<MemberRescore> rescored, CancellationToken ct)
    {
        if (rescored.Count == 0) return;
        var series = rescored.Select(p => p.SeriesId).Distinct().ToArray();
        var rows = (await db.SeriesMembers().Where(m => EF.Parameter(series).Contains(m.SeriesId) && m.Status == MemberStatus.Proposed).ToListAsync(ct))
            .ToDictionary(m => (m.SeriesId, m.CaseId));
        foreach (var p in rescored)
            if (rows.GetValueOrDefault((p.SeriesId, p.CaseId)) is { } row)
                (row.Probability, row.Reasons) = (p.Probability, AlertWriter.Clip(AlertReasons.Join(AlertWriter.AsAWhole(p.Probability, p.Reasons))));
    }
}
