using Vigil.Data.Audit;
using Vigil.Web.Features.Linkage;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>The words of a series' entries withheld (ADR 2901): in a create's values and in both sides of an update's
/// [old, new], nothing else touched; an entry left out is gone.</summary>
public sealed class HiddenLinkageTests
{
    [Fact]
    public void WithholdWords_InACreateAndAnUpdate_ReplacesOnlyTheWords()
    {
        var create = HiddenLinkage.WithholdWords("LinkedSeriesMember", """{"CaseId":"c1","Reasons":"finder 'A' and finder 'B'","Status":"proposed"}""");
        Assert.Equal("""{"CaseId":"c1","Reasons":"[withheld]","Status":"proposed"}""", create);
        var update = HiddenLinkage.WithholdWords("LinkedSeriesMember", """{"DecisionReason":[null,"same finder as O'Neill's"],"Status":["proposed","confirmed"]}""");
        Assert.Equal("""{"DecisionReason":[null,"[withheld]"],"Status":["proposed","confirmed"]}""", update);
        Assert.Equal("""{"Summary":"[withheld]","Reference":"LS-1"}""", HiddenLinkage.WithholdWords("LinkedSeries", """{"Summary":"finder 'A' in 3 deaths","Reference":"LS-1"}"""));
        // Other types and empty words are as they were.
        Assert.Equal("""{"Summary":"x"}""", HiddenLinkage.WithholdWords("LinkCandidate", """{"Summary":"x"}"""));
        Assert.Equal("""{"Reasons":""}""", HiddenLinkage.WithholdWords("LinkedSeriesMember", """{"Reasons":""}"""));
    }

    [Fact]
    public void Apply_LeavesOutOrWithholds_ByTheRowsId()
    {
        var hidden = new HiddenLinkage(new HashSet<string> { "gone" }, new HashSet<string> { "kept" });
        Assert.Null(hidden.Apply(new AuditEntry { EntityType = "LinkedSeries", EntityId = "gone", Changes = """{"Summary":"x"}""" }));
        Assert.Equal("""{"Summary":"[withheld]"}""", hidden.Apply(new AuditEntry { EntityType = "LinkedSeries", EntityId = "kept", Changes = """{"Summary":"x"}""" })!.Changes);
        Assert.Equal("""{"Summary":"x"}""", hidden.Apply(new AuditEntry { EntityType = "LinkedSeries", EntityId = "other", Changes = """{"Summary":"x"}""" })!.Changes);
    }
}
