using Vigil.Records;
using Vigil.Web.Features.Enquiries;
using Vigil.Web.Features.Shared;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>A red flag's title is a supervision tile, a list's heading and a line on the case page: said in words,
/// never with the death-record format's codes (walk53: "Same finder, caller or last-seen-with person …").</summary>
public sealed class RedFlagWordsTests
{
    private static readonly IEnumerable<string> Codes = Vocabulary.PersonRoles.Concat(Vocabulary.SceneFeatures)
        .Concat(Vocabulary.Settings).Concat(Vocabulary.Positions).Where(code => code.Contains('-', StringComparison.Ordinal));

    [Fact]
    public void EveryRedFlagTitle_IsInWords_WithNoRecordCode()
    {
        var coded = RedFlags.All.SelectMany(flag => Codes.Where(code => flag.Title.Contains(code, StringComparison.OrdinalIgnoreCase))
            .Select(code => $"{flag.Id}: \"{code}\" in \"{flag.Title}\"")).ToList();
        Assert.Empty(coded);
    }

    [Fact]
    public void TheRecurringPersonTitle_NamesEveryRoleItsRuleCounts()
    {
        foreach (var role in RedFlags.RecurringRoles)
            Assert.Contains(Words.Of(role), RedFlags.RecurringPerson.Title, StringComparison.OrdinalIgnoreCase);
    }
}
