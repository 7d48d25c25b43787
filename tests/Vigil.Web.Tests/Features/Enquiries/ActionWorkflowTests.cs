using Vigil.Data.Enquiries;
using Vigil.Web.Features.Enquiries;
using Vigil.Web.Features.Enquiries.Actions;

namespace Vigil.Web.Tests.Features.Enquiries;

public sealed class ActionWorkflowTests
{
    private static readonly Officer Ivy = new("ivy", false);
    private static readonly Officer Sam = new("sam", true);
    private static readonly DateTime Now = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private static CaseAction Mandatory() => new() { Number = 3, Title = "TIE", Mandatory = true };

    [Fact]
    public void FullPath_RaisedToClosed_WithASupervisorsReview()
    {
        var a = Mandatory();
        ActionWorkflow.Apply(a, new(ActionVerbs.Allocate, "ivy"), Sam, Now);
        ActionWorkflow.Apply(a, new(ActionVerbs.SubmitResult, Text: "traced and interviewed"), Ivy, Now);
        ActionWorkflow.Apply(a, new(ActionVerbs.Review), Sam, Now);
        ActionWorkflow.Apply(a, new(ActionVerbs.Close), Ivy, Now);
        Assert.Equal(ActionStatus.Closed, a.Status);
        Assert.Equal(5, a.Version);
        Assert.Equal("sam", a.ReviewedBy);
    }

    [Fact]
    public void Close_MandatoryWithoutReview_IsRefused_SayingWhy()
    {
        var a = Mandatory();
        ActionWorkflow.Apply(a, new(ActionVerbs.Allocate, "ivy"), Ivy, Now);
        ActionWorkflow.Apply(a, new(ActionVerbs.SubmitResult, Text: "done"), Ivy, Now);
        Assert.Equal("A3 is mandatory: a supervisor must review its result before it is closed.", ActionWorkflow.Refusal(a, new(ActionVerbs.Close), Sam));
    }

    [Fact]
    public void Close_NonMandatoryWithResult_IsAllowed()
    {
        var a = new CaseAction { Number = 1, Status = ActionStatus.ResultSubmitted, Result = "r" };
        Assert.Null(ActionWorkflow.Refusal(a, new(ActionVerbs.Close), Ivy));
    }

    [Theory]
    [InlineData(ActionStatus.Raised, ActionVerbs.SubmitResult, "A3 is raised: a result can only be submitted for an allocated action.")]
    [InlineData(ActionStatus.Raised, ActionVerbs.Close, "A3 is raised: only an action with a result can be closed (or mark it not pursued, with a reason).")]
    [InlineData(ActionStatus.Closed, ActionVerbs.Allocate, "A3 is closed: only a raised or allocated action can be (re)allocated.")]
    [InlineData(ActionStatus.Allocated, "delete", "Unknown action step 'delete'; use one of allocate, submit-result, review-and-close, review, send-back, close, not-pursue.")]
    public void IllegalTransitions_AreRefused_WithAClearMessage(string from, string verb, string message)
    {
        var a = Mandatory();
        a.Status = from;
        a.AllocatedTo = "ivy";
        Assert.Equal(message, ActionWorkflow.Refusal(a, new(verb, "ivy", "text"), Sam));
        Assert.Throws<InvalidOperationException>(() => ActionWorkflow.Apply(a, new(verb, "ivy", "text"), Sam, Now));
        Assert.Equal(from, a.Status);
    }

    [Fact]
    public void NotPursued_NeedsASupervisor_AndAWrittenReason()
    {
        var a = Mandatory();
        Assert.Equal("Only a supervisor can decide not to pursue A3.", ActionWorkflow.Refusal(a, new(ActionVerbs.NotPursue, Text: "a good long reason"), Ivy));
        Assert.Equal("Write why A3 is not being pursued (at least a sentence).", ActionWorkflow.Refusal(a, new(ActionVerbs.NotPursue, Text: "no"), Sam));
        ActionWorkflow.Apply(a, new(ActionVerbs.NotPursue, Text: "Person traced abroad, deceased before the death"), Sam, Now);
        Assert.Equal(ActionStatus.NotPursued, a.Status);
    }

    [Fact]
    public void Review_OfOwnResult_IsRefused()
    {
        var a = Mandatory();
        ActionWorkflow.Apply(a, new(ActionVerbs.Allocate, "sam"), Sam, Now);
        ActionWorkflow.Apply(a, new(ActionVerbs.SubmitResult, Text: "done"), Sam, Now);
        Assert.Equal("You submitted the result of A3; another supervisor must review it.", ActionWorkflow.Refusal(a, new(ActionVerbs.Review), Sam));
        Assert.Equal("Only a supervisor can review the result of A3.", ActionWorkflow.Refusal(a, new(ActionVerbs.Review), Ivy));
    }

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

    [Fact]
    public void SubmitResult_ByAnotherInvestigator_IsRefused()
    {
        var a = Mandatory();
        ActionWorkflow.Apply(a, new(ActionVerbs.Allocate, "ivy"), Sam, Now);
        Assert.Equal("A3 is allocated to ivy: only they or a supervisor can submit its result.",
            ActionWorkflow.Refusal(a, new(ActionVerbs.SubmitResult, Text: "x"), new Officer("olly", false)));
    }

    [Fact]
    public void Overdue_IsOpenAndPastDue_NotClosedOnes()
    {
        var a = new CaseAction { Number = 1, DueAt = Now.AddHours(-1) };
        Assert.True(ActionWorkflow.IsOverdue(a, Now));
        a.Status = ActionStatus.Closed;
        Assert.False(ActionWorkflow.IsOverdue(a, Now));
    }
}
