namespace Vigil.Web.Features.Family;

/// <summary>An officer deciding on a draft answer: <paramref name="MayChangeCase"/>, they may change the case (reading it
/// is not enough); <paramref name="Supervisor"/>, they hold the supervisor role.</summary>
public sealed record AnswerApprover(string UserName, bool MayChangeCase, bool Supervisor);

/// <summary>Who approves an answer to the family where the force asks for approval (ADR 0658, 1403): the case's officer in
/// charge; a supervisor of the case when none is named or the officer in charge wrote the answer; never its author.</summary>
public static class AnswerApproval
{
    /// <summary>The officer in charge's user name, or null when none is named.</summary>
    public static Task<string?> OfficerInChargeAsync(VigilDbContext db, Guid caseId, CancellationToken ct) =>
        db.Cases.Where(c => c.Id == caseId && c.OfficerInChargeId != null).Join(db.Users, c => c.OfficerInChargeId, u => u.Id, (_, u) => u.UserName).FirstOrDefaultAsync(ct);

    /// <summary>Why <paramref name="by"/> may not approve or return an answer drafted by <paramref name="draftBy"/>, or null.</summary>
    public static Refusal? Refusal(string? officerInCharge, string draftBy, AnswerApprover by)
    {
        if (Same(draftBy, by.UserName)) return Shared.Refusal.Forbidden("You wrote this answer: the officer in charge approves it.");
        if (officerInCharge is not null && !Same(officerInCharge, draftBy))
            return Same(officerInCharge, by.UserName) ? null
                : Shared.Refusal.Forbidden($"Only the officer in charge of this case ({officerInCharge}) approves or returns an answer to the family.");
        return by is { Supervisor: true, MayChangeCase: true } ? null
            : Shared.Refusal.Forbidden("Only a supervisor of the case approves or returns this answer: the case has no other officer in charge to do it.");
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
