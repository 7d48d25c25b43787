namespace Vigil.Web.Features.Enquiries.Exhibits;

/// <summary>Corrects or withdraws a post-mortem or toxicology result on record (ADR 3368). The earlier result is never
/// deleted nor rewritten: it is marked superseded (when, by whom, why) and the corrected one is a new row pointing at it,
/// so the case's history, the audit trail and the "as known at" replay show what was known before the correction. A
/// correction that changes the finding after a decision or a closure is new information, by the one rule of late
/// results (<see cref="LateResults"/>, ADR 3356). A toxicology correction that changes the substances found changes the
/// case's toxicology findings by a case edit, through the save pipeline, so linkage compares the death again as it does
/// after any edit (ADR 3369). The caller has checked the case may be edited by this officer.</summary>
public sealed class ExaminationCorrector(VigilDbContext db, TimeProvider clock, LateResults late, CaseSavePipeline pipeline)
{
    public static readonly Refusal Overtaken = Refusal.Conflict("Another officer corrected this result while you did.",
        "Your correction was not recorded: read the case again and correct the result that stands.");

    public Task<ExaminationResult?> FindAsync(Guid caseId, Guid resultId, CancellationToken ct) =>
        db.ExaminationResults.FirstOrDefaultAsync(x => x.Id == resultId && x.CaseId == caseId, ct);

    /// <summary>The case's results, the superseded ones with them, in the order received.</summary>
    public Task<List<ExaminationResult>> HistoryAsync(Guid caseId, CancellationToken ct) =>
        db.ExaminationResults.AsNoTracking().Where(x => x.CaseId == caseId).OrderBy(x => x.ReceivedAt).ThenBy(x => x.Id).ToListAsync(ct);

    /// <summary>The corrected result (null when withdrawn) and what it set off. <paramref name="c"/> is the tracked case with
    /// its record (<see cref="CaseGuard.EditableAsync"/>); <paramref name="before"/> a tracked result of it.</summary>
    public async Task<(Refusal? Refused, ExaminationResult? Current, LateResult? Raised)> CorrectAsync(DeathCase c, ExaminationResult before,
        ExaminationCorrection r, Officer by, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (ExaminationCorrectionRules.Check(before, r, c.Toxicology, now) is { } why) return (why, null, null);
        var finding = ExaminationCorrectionRules.ChangesFinding(before, r, c.Toxicology);
        try
        {
            if (!ExaminationCorrectionRules.ChangesSubstances(r, c.Toxicology))
            {
                var (current, raised) = await StageAsync(c, before, r, finding, by, now, ct);
                return await db.SavedFirstAsync(ct) ? (null, current, raised) : (Overtaken, null, null);
            }
            (ExaminationResult? Current, LateResult? Raised) staged = default;
            await pipeline.SaveAsync(new CaseSave(CaseChangeKind.Edited, async (writer, ct) =>
            {
                staged = await StageAsync(c, before, r, finding, by, now, ct);
                // Written first in the save's own transaction: a closed case is reopened by the correction (as by a late
                // result), and the closed-case gate, asked after staging, reads that reopening.
                await db.SaveChangesAsync(ct);
                await writer.UpdateAsync(c, CaseRecordMapper.ToRecord(c) with { Toxicology = [.. r.Substances!] }, ct);
                return [c];
            }), ct);
            return (null, staged.Current, staged.Raised);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return (Overtaken, null, null);
        }
        catch (CaseChangeRefusedException refused)
        {
            db.ChangeTracker.Clear();
            return (refused.Refusal, null, null);
        }
    }

    private async Task<(ExaminationResult? Current, LateResult? Raised)> StageAsync(DeathCase c, ExaminationResult before, ExaminationCorrection r,
        bool finding, Officer by, DateTime now, CancellationToken ct)
    {
        (before.SupersededAt, before.SupersededBy, before.SupersededReason) = (now, by.UserName, r.Reason!.Trim());
        ExaminationResult? current = null;
        if (!r.Withdraw)
        {
            current = new ExaminationResult
            {
                CaseId = c.Id, Kind = r.Kind ?? before.Kind, Summary = r.Summary!.Trim(), ReceivedAt = r.ReceivedAt ?? before.ReceivedAt,
                RecordedBy = by.UserName, RecordedAt = now, CorrectsId = before.Id,
            };
            db.ExaminationResults.Add(current);
        }
        var raised = finding ? await late.RaiseIfLateAsync(LateExaminationResults.Corrected(before, current), by, ct) : null;
        return (current, raised);
    }
}
