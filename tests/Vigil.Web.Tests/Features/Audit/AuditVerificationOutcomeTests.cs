using Vigil.Data.Audit;
using Vigil.Web.Features.Audit;
using Vigil.Web.Features.Audit.Verification;

namespace Vigil.Web.Tests.Features.Audit;

/// <summary>What a run's row says after the CLI's verification (or its failure): the CLI's report, field by field.</summary>
public sealed class AuditVerificationOutcomeTests
{
    private static readonly DateTime Now = new(2026, 12, 6, 9, 0, 0, DateTimeKind.Utc);

    private static AuditVerificationRun Apply(AuditVerification? result, string? failure = null)
    {
        var run = new AuditVerificationRun { StartedAt = Now.AddSeconds(-2) };
        AuditVerificationOutcome.Apply(run, result, failure, Now);
        return run;
    }

    [Fact]
    public void AnIntactTrail_KeepsItsCountsSpanHeadAndRoot()
    {
        var run = Apply(new AuditVerification(8_500, 8_500, "head-hash", null)
        {
            Root = [1, 2, 3], TreeNodesChecked = 33, TreeHeadsChecked = 4, FirstAt = Now.AddDays(-30), LastAt = Now.AddMinutes(-1),
        });
        Assert.Equal(AuditVerificationRun.Outcomes.Intact, run.Outcome);
        Assert.Equal((8_500L, 8_500L, "head-hash", "AQID", 33, 4), (run.Checked, run.LastSequence, run.HeadHash, run.TreeRoot, run.TreeNodesChecked, run.TreeHeadsChecked));
        Assert.Equal((Now.AddDays(-30), Now.AddMinutes(-1), Now), (run.FirstEntryAt, run.LastEntryAt, run.FinishedAt));
        Assert.Null(run.ProblemSequence);
    }

    [Fact]
    public void ABrokenTrail_NamesTheEntryAndHow()
    {
        // The walk has counted #5 when #6 shows it altered: four entries before it verified, as the CLI now says too.
        var run = Apply(new AuditVerification(5, 5, "h", new AuditProblem(5, AuditProblemKind.Altered, "entry #5 was altered")) { Warnings = ["w1", "w2"] });
        Assert.Equal(AuditVerificationRun.Outcomes.Broken, run.Outcome);
        Assert.Equal(4, run.Checked);
        Assert.Equal((5L, "altered", "entry #5 was altered", "w1\nw2"), (run.ProblemSequence!.Value, run.ProblemKind, run.Message, run.Warnings));
    }

    [Fact]
    public void AWrongKey_IsAKeyProblem_NotTampering()
    {
        var run = Apply(new AuditVerification(0, 0, null, new AuditProblem(0, AuditProblemKind.WrongKey, "not this store's key")));
        Assert.Equal(AuditVerificationRun.Outcomes.KeyProblem, run.Outcome);
        Assert.Null(run.ProblemSequence);
    }

    [Fact]
    public void ARunThatFailed_SaysSo_AndNothingAboutTheTrail()
    {
        var run = Apply(null, "the node shut down");
        Assert.Equal((AuditVerificationRun.Outcomes.Failed, "the node shut down"), (run.Outcome, run.Message));
        Assert.Equal(0, run.Checked);
    }
}
