using Vigil.Data.Enquiries;
using Vigil.Web.Features.Enquiries;
using Vigil.Web.Features.Enquiries.Actions;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>The state machine's one-step review and close (ADR 3325) and an exhibit's action moved from its chain of
/// custody (ADR 3324), as pure rules.</summary>
public sealed class ActionWorkflowStepsTests
{
    private static readonly Officer Ivy = new("ivy", false);
    private static readonly Officer Sam = new("sam", true);
    private static readonly DateTime Now = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private static CaseAction Mandatory() => new() { Number = 3, Title = "TIE", Mandatory = true };

    [Fact]
    public void ReviewAndClose_IsOneStep_UnderTheReviewsRules()
    {
        var a = Mandatory();
        ActionWorkflow.Apply(a, new(ActionVerbs.Allocate, "ivy"), Sam, Now);
        ActionWorkflow.Apply(a, new(ActionVerbs.SubmitResult, Text: "traced and interviewed"), Ivy, Now);
        Assert.Equal("Only a supervisor can review the result of A3.", ActionWorkflow.Refusal(a, new(ActionVerbs.ReviewAndClose), Ivy));
        ActionWorkflow.Apply(a, new(ActionVerbs.ReviewAndClose, Text: "enough"), Sam, Now);
        Assert.Equal((ActionStatus.Closed, "sam", "sam", "enough", 4), (a.Status, a.ReviewedBy, a.ClosedBy, a.ReviewNote, a.Version));
        Assert.Equal((Now, Now), (a.ReviewedAt, a.ClosedAt));
    }

    [Fact]
    public void SubmitResult_OfAnExhibitsAction_IsRefused_ItsResultComesFromCustody()
    {
        var a = Mandatory();
        a.TriggerKey = "paraphernalia-forensic|exhibit:VGL-2026-000001/EX-02";
        ActionWorkflow.Apply(a, new(ActionVerbs.Allocate, "ivy"), Sam, Now);
        Assert.StartsWith("A3's result comes from the chain of custody of VGL-2026-000001/EX-02", ActionWorkflow.Refusal(a, new(ActionVerbs.SubmitResult, Text: "sent"), Ivy), StringComparison.Ordinal);
        Assert.True(ActionWorkflow.FollowCustody(a, ExhibitLink.ResultPrefix + "sent.", Ivy, Now));
        Assert.Equal((ActionStatus.ResultSubmitted, "ivy"), (a.Status, a.ResultBy));
        ActionWorkflow.Apply(a, new(ActionVerbs.Review), Sam, Now);
        Assert.False(ActionWorkflow.FollowCustody(a, ExhibitLink.ResultPrefix + "result back.", Ivy, Now)); // reviewed: left as it is
    }
}
