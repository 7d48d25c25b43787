using Vigil.Data.Audit;

namespace Vigil.Web.Features.Audit.Verification;

/// <summary>What a finished verification (or its failure) writes on its run: the CLI's report, as fields.</summary>
public static class AuditVerificationOutcome
{
    public static void Apply(AuditVerificationRun run, AuditVerification? result, string? failure, DateTime now)
    {
        run.FinishedAt = now;
        run.HeartbeatAt = now;
        if (result is null)
        {
            run.Outcome = AuditVerificationRun.Outcomes.Failed;
            run.Message = failure;
            return;
        }
        run.Checked = result.VerifiedBeforeProblem;
        run.LastSequence = result.LastSequence;
        run.HeadHash = result.HeadHash;
        run.TreeRoot = result.Root is { Length: > 0 } root ? Convert.ToBase64String(root) : null;
        run.TreeNodesChecked = result.TreeNodesChecked;
        run.TreeHeadsChecked = result.TreeHeadsChecked;
        run.FirstEntryAt = result.FirstAt;
        run.LastEntryAt = result.LastAt;
        run.Warnings = string.Join('\n', result.Warnings);
        run.Outcome = result.FirstProblem switch
        {
            null => AuditVerificationRun.Outcomes.Intact,
            { IsKeyFault: true } => AuditVerificationRun.Outcomes.KeyProblem,
            _ => AuditVerificationRun.Outcomes.Broken,
        };
        if (result.FirstProblem is { } problem)
        {
            run.ProblemSequence = problem.IsKeyFault ? null : problem.Sequence;
            run.ProblemKind = problem.Kind.ToString().ToLowerInvariant();
            run.Message = problem.Message;
        }
    }
}
