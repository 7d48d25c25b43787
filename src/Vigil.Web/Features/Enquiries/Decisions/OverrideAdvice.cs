namespace Vigil.Web.Features.Enquiries.Decisions;

/// <summary>What the officer refused by the gate may do about it, said to that officer (walk53 finding 2): a supervisor
/// was told "an investigator may ask for that override" with an override he could sign just above. Page words only: the
/// API's detail stays <see cref="ClassificationCommands.GateAdvice"/>, and the decision log's "gate:" text (the
/// blockers as recorded) is untouched.</summary>
public static class OverrideAdvice
{
    public const string Investigator =
        "You may ask a supervisor to override it: write why under “Override reason” and record the decision again; a supervisor then signs or declines it.";

    public const string Supervisor =
        "As a supervisor you may override it: write your reason under “Override reason” and record the decision again; another supervisor then signs it, as no one overrides the gate alone.";

    /// <summary>The words for <paramref name="by"/>; a supervisor is first pointed to the overrides of this case he may sign.</summary>
    public static async Task<string> ForAsync(VigilDbContext db, DeathCase c, Officer by, CancellationToken ct)
    {
        if (!by.IsSupervisor) return Investigator;
        var pending = await db.CaseDecisions.AsNoTracking()
            .Where(d => d.CaseId == c.Id && d.Kind == DecisionKinds.OverrideRequested && !db.CaseDecisions.Any(s => s.SignsDecisionId == d.Id))
            .OrderBy(d => d.Sequence).Select(d => new { d.Sequence, d.DecidedBy, d.ToCategory }).ToListAsync(ct);
        if (pending.Count == 0) return Supervisor;
        var inCharge = c.OfficerInChargeId is null ? null
            : await db.Users.Where(u => u.Id == c.OfficerInChargeId).Select(u => u.UserName).FirstOrDefaultAsync(ct);
        var mine = pending.FirstOrDefault(p => CaseAccess.AnswerOverride(by, p.DecidedBy, inCharge).MaySign);
        return mine is null ? Supervisor
            : $"As a supervisor you may sign the override D{mine.Sequence} asked for above (to “{CaseClassification.Describe(mine.ToCategory ?? "")}”) with your reason. "
                + "Or write your own reason under “Override reason” and record the decision again; another supervisor then signs it.";
    }
}
