using Vigil.Web.Features.Enquiries.Actions;

namespace Vigil.Web.Features.Enquiries.Exhibits;

public sealed record NewMovement(DateTime? MovedAt, string MovedBy, string From, string To, string Reason, string? SealNumber);
public sealed record NewSubmission(string Laboratory, string Examination, DateTime? SubmittedAt);
public sealed record NewExamination(string Kind, string Summary, DateTime? ReceivedAt);

/// <summary>Chain of custody, forensic submissions and post-mortem/toxicology results. The caller has checked case access.
/// A submission or a laboratory's result moves on the actions raised for the exhibit, in the same save (ADR 3324): the
/// chain of custody is the one record of the exhibit's movement, and what the actions say of it is read from there.</summary>
public sealed class CustodyCommands(VigilDbContext db, TimeProvider clock, LateResults late)
{
    public async Task<Refusal?> MoveAsync(Exhibit e, NewMovement m, Officer by, CancellationToken ct)
    {
        if (new[] { m.MovedBy, m.From, m.To, m.Reason }.Any(string.IsNullOrWhiteSpace))
            return Refusal.Invalid("A movement needs who moved the exhibit, from where, to where and why.");
        var now = clock.GetUtcNow().UtcDateTime;
        if (m.MovedAt > now) return Refusal.Invalid("A movement cannot be recorded in the future.");
        db.ExhibitMovements.Add(new ExhibitMovement
        {
            CaseId = e.CaseId, ExhibitId = e.Id, MovedAt = m.MovedAt ?? now, RecordedAt = now, MovedBy = m.MovedBy.Trim(), From = m.From.Trim(),
            To = m.To.Trim(), Reason = m.Reason.Trim(), SealNumber = string.IsNullOrWhiteSpace(m.SealNumber) ? null : m.SealNumber.Trim(), RecordedBy = by.UserName,
        });
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<(ForensicSubmission? Submission, Refusal? Refused, IReadOnlyList<CaseAction> Followed)> SubmitAsync(Exhibit e, NewSubmission s, Officer by, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(s.Laboratory) || string.IsNullOrWhiteSpace(s.Examination))
            return (null, Refusal.Invalid("A submission needs the laboratory and the examination asked for."), []);
        var submission = new ForensicSubmission
        {
            CaseId = e.CaseId, ExhibitId = e.Id, Laboratory = s.Laboratory.Trim(), Examination = s.Examination.Trim(),
            SubmittedAt = s.SubmittedAt ?? clock.GetUtcNow().UtcDateTime, SubmittedBy = by.UserName,
        };
        db.ForensicSubmissions.Add(submission);
        var (_, followed) = await FollowAsync(e, by, ct);
        await db.SaveChangesAsync(ct);
        return (submission, null, followed);
    }

    /// <summary>The laboratory's result, recorded once, on an open or a closed case (custody is a record of fact). The
    /// actions it brings up to date are returned, and what it set off when it came after a decision taken without it:
    /// the action to consider it and, on a closed case, the reopening (<see cref="LateResults"/>, ADRs 3337, 3344).</summary>
    public async Task<(Refusal? Refused, IReadOnlyList<CaseAction> Followed, LateResult? Raised)> RecordResultAsync(Exhibit e, ForensicSubmission s, string result, Officer by, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(result)) return (Refusal.Invalid("Write the laboratory's result."), [], null);
        if (s.Result is not null) return (Refusal.Conflict("This submission already has a result; submit again for a further examination."), [], null);
        (s.Result, s.ResultAt, s.ResultRecordedBy) = (result.Trim(), clock.GetUtcNow().UtcDateTime, by.UserName);
        e.Tested = true; // the case's own flag follows the laboratory's answer
        var (actions, followed) = await FollowAsync(e, by, ct);
        var raised = await late.RaiseIfLateAsync(LateLaboratoryResults.Of(e, s, actions), by, ct);
        // Recorded by another officer in the same milliseconds: ResultAt is the submission's concurrency token (ADR 3247).
        return await db.SavedFirstAsync(ct)
            ? (null, followed, raised)
            : (Refusal.Conflict("This submission has just been given a result by another officer; submit again for a further examination."), [], null);
    }

    /// <summary>The exhibit's actions, and those of them moved on from its submissions as they stand, the one being saved
    /// among them (read with the tracked ones, so the new submission and a result not yet saved are included).</summary>
    private async Task<(IReadOnlyList<CaseAction> All, IReadOnlyList<CaseAction> Followed)> FollowAsync(Exhibit e, Officer by, CancellationToken ct)
    {
        var ending = ExhibitLink.KeyEnding(e.Reference);
        var actions = await db.CaseActions.Where(a => a.CaseId == e.CaseId && a.TriggerKey != null && a.TriggerKey.EndsWith(ending)).ToListAsync(ct);
        if (actions.Count == 0) return ([], []);
        await db.ForensicSubmissions.Where(s => s.ExhibitId == e.Id).LoadAsync(ct);
        var submissions = db.ForensicSubmissions.Local.Where(s => s.ExhibitId == e.Id).OrderBy(s => s.SubmittedAt).ThenBy(s => s.Id).ToList();
        var result = ExhibitLink.ResultPrefix + string.Join("; ", submissions.Select(s => $"{e.Reference} submitted to {s.Laboratory} for {s.Examination}, "
            + (s.Result is { } r ? $"the laboratory's result: {r.TrimEnd('.')}" : "awaiting the laboratory's result"))) + ".";
        var now = clock.GetUtcNow().UtcDateTime;
        return (actions, [.. actions.Where(a => ActionWorkflow.FollowCustody(a, result, by, now))]);
    }

    /// <summary>A post-mortem or toxicology result, recorded on an open or a closed case (a record of fact, as custody is),
    /// and what it set off when it came after a decision taken without it: the action to consider it and, on a closed
    /// case, the reopening (<see cref="LateResults"/>, ADR 3356), as a laboratory's result does.</summary>
    public async Task<(Refusal? Refused, LateResult? Raised)> RecordExaminationAsync(Guid caseId, NewExamination r, Officer by, CancellationToken ct)
    {
        if (!ExaminationKinds.All.Contains(r.Kind)) return (Refusal.Invalid($"Kind must be one of {string.Join(", ", ExaminationKinds.All)}."), null);
        if (string.IsNullOrWhiteSpace(r.Summary)) return (Refusal.Invalid("Summarise the result (e.g. cause of death, substances found)."), null);
        var now = clock.GetUtcNow().UtcDateTime;
        // A result dated ahead would sort after what is known now on the "as known at" timeline: a typing slip, refused as a
        // movement in the future is (flow65 noticed it was taken).
        if (r.ReceivedAt > now) return (Refusal.Invalid("A result cannot be received in the future.", $"received_at {r.ReceivedAt:O} is after now ({now:O})."), null);
        var result = new ExaminationResult
        {
            CaseId = caseId, Kind = r.Kind, Summary = r.Summary.Trim(), ReceivedAt = r.ReceivedAt ?? now, RecordedBy = by.UserName, RecordedAt = now,
        };
        db.ExaminationResults.Add(result);
        var raised = await late.RaiseIfLateAsync(LateExaminationResults.Of(result), by, ct);
        // A reopening moves the case's decision version: a decision saved on the case in the same milliseconds wins (ADR 3246).
        return await db.SavedFirstAsync(ct)
            ? (null, raised)
            : (Refusal.Conflict("The case's decisions changed while this result was recorded; record it again."), null);
    }

    /// <summary>Exhibits never submitted for testing: not marked tested and with no forensic submission.</summary>
    public static IQueryable<Exhibit> Untested(VigilDbContext db, IQueryable<DeathCase> cases) =>
        db.Exhibits.Where(e => e.Tested != true && cases.Any(c => c.Id == e.CaseId) && !db.ForensicSubmissions.Any(s => s.ExhibitId == e.Id));
}
