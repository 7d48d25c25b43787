namespace Vigil.Web.Features.Linkage.Alerts;

/// <summary>Writes the undecided pairs a comparison scored again (ADR 3142). Each takes its new score, summary and
/// explanation; below the alert threshold it lapses — out of the open queue, listed under "no longer alike" with the
/// reason first — and at or above it, it is open. A pair an analyst decided meanwhile keeps the decision. The change is
/// an ordinary update of the candidate, so the audit trail holds the old and new score and status; the pair keeps the
/// date it was first raised and notes when its status changed (ADR 3146).</summary>
public static class LapsedPairs
{
    public static async Task SaveAsync(VigilDbContext db, IReadOnlyList<PairRescore> rescored, DateTime now, CancellationToken ct)
    {
        if (rescored.Count == 0) return;
        var ids = rescored.SelectMany(p => new[] { p.CaseId, p.OtherCaseId }).Distinct().ToArray();
        var rows = await db.Candidates().Where(c => EF.Parameter(ids).Contains(c.NewerCaseId) && EF.Parameter(ids).Contains(c.EarlierCaseId)).ToListAsync(ct);
        foreach (var p in rescored)
        {
            var row = rows.FirstOrDefault(c => (c.NewerCaseId == p.CaseId && c.EarlierCaseId == p.OtherCaseId)
                || (c.NewerCaseId == p.OtherCaseId && c.EarlierCaseId == p.CaseId));
            if (row is null || !LinkStatus.Undecided(row.Status)) continue;
            row.MoveTo(p.ReachesThreshold ? LinkStatus.Open : LinkStatus.Lapsed, now);
            row.Probability = p.Probability;
            row.Explanation = p.Explanation;
            row.Summary = AlertWriter.Clip(AlertReasons.Join(p.ReachesThreshold ? [p.Summary] : [Why(p), p.Summary]));
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The reason a lapsed pair left the queue, first among its reasons.</summary>
    public static string Why(PairRescore p) => string.Create(CultureInfo.InvariantCulture,
        $"No longer alike enough to alert: compared again after a change to one of the deaths, it scores {p.Probability:P1}, below the alert threshold of {p.Threshold:P1}.");
}
