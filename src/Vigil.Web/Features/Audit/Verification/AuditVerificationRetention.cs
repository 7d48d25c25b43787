using Vigil.Data.Audit;

namespace Vigil.Web.Features.Audit.Verification;

/// <summary>Which runs of the web verification are kept (ADR 3231). Each press of the button wrote a row that was never
/// deleted. The row is a convenience: every result is already chained into the audit trail as a <c>verified</c> event,
/// with its outcome, entries and the entry that broke. So a finishing run keeps the newest <see cref="Keep"/> ended runs
/// (itself among them) and, whatever their age, every run that found a problem (the trail broken, the key wrong): a
/// reviewer's page goes on showing when the trail was last found broken. A run whose node went away (never finished,
/// not heard from for <see cref="AuditVerificationRun.StaleAfter"/>) counts as ended; a live run is never deleted.</summary>
public static class AuditVerificationRetention
{
    public const int Keep = 100;

    /// <summary>Deletes the ended runs beyond the newest <see cref="Keep"/> (counting <paramref name="finishing"/>, not
    /// yet written as ended) that found no problem, in one statement; returns how many.</summary>
    public static Task<int> PruneAsync(VigilDbContext db, Guid finishing, DateTime now, CancellationToken ct)
    {
        var staleBefore = now - AuditVerificationRun.StaleAfter;
        var runs = db.Set<AuditVerificationRun>();
        var beyond = runs
            .Where(r => r.Id != finishing && (r.Outcome != null || r.HeartbeatAt <= staleBefore))
            .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id)
            .Skip(Keep - 1)
            .Where(r => r.Outcome == null || r.Outcome == AuditVerificationRun.Outcomes.Intact || r.Outcome == AuditVerificationRun.Outcomes.Failed)
            .Select(r => r.Id);
        return runs.Where(r => beyond.Contains(r.Id)).ExecuteDeleteAsync(ct);
    }
}
