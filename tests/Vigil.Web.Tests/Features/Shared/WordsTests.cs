using Vigil.Data.Enquiries;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Shared;

namespace Vigil.Web.Tests.Features.Shared;

/// <summary>Codes are shown as words everywhere (issue 9.2, ADR 0651): no code of any closed list is shown as written.</summary>
public sealed class WordsTests
{
    public static TheoryData<string> Codes()
    {
        var data = new TheoryData<string>();
        foreach (var code in Vocabulary.Settings.Concat(Vocabulary.Positions).Concat(Vocabulary.SceneFeatures).Concat(Vocabulary.PersonRoles)
                     .Concat(Vocabulary.ExhibitTypes).Concat(Vocabulary.Manners).Concat(Vocabulary.Sexes).Concat(ActionStatus.All)
                     .Concat([DecisionKinds.OverrideRequested, DecisionKinds.OverrideSigned, DecisionKinds.Closure, DecisionKinds.Reopened,
                         DecisionKinds.ActionReviewed, DecisionKinds.ActionNotPursued, DecisionKinds.ReviewCompleted]).Concat(Roles.All).Distinct())
            data.Add(code);
        return data;
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void EveryCode_HasWords_WithoutTheCodesHyphens(string code)
    {
        var words = Words.Of(code);
        Assert.False(string.IsNullOrWhiteSpace(words));
        Assert.DoesNotContain('-', words);
        Assert.DoesNotContain('_', words);
    }

    [Theory]
    [InlineData("home-own", "own home")]
    [InlineData("lying-supine", "lying on back")]
    [InlineData("last-seen-with", "last seen with")]
    [InlineData("family-liaison", "family liaison officer")]
    [InlineData("a-code-nobody-listed", "a code nobody listed")]
    public void Codes_ReadAsPeopleSayThem(string code, string expected) => Assert.Equal(expected, Words.Of(code));

    [Fact]
    public void NothingRecorded_ReadsAsSaid() => Assert.Equal("not recorded", Words.Of(null, "not recorded"));
}
