using Vigil.Web.Features.Linkage.Alerts;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>ADR 3218: the engine's setting codes and area keys, said as a reader would, wherever a page shows them
/// (the queue's reasons have no recorded area to hand: the key is capitalised but its small words).</summary>
public sealed class ExplanationWordsTests
{
    [Theory]
    [InlineData("Strong evidence for: same area (redbridge); same setting (care-home).", "Strong evidence for: same area: Redbridge; same setting: care home.")]
    [InlineData("same area (barking and dagenham)", "same area: Barking and Dagenham")]
    [InlineData("same area (kingston upon thames)", "same area: Kingston upon Thames")]
    [InlineData("same setting (home-own)", "same setting: own home")]
    [InlineData("different areas; similar settings", "different areas; similar settings")]
    public void StoredWords_AreSaidInWords(string stored, string said) => Assert.Equal(said, ExplanationWords.Say(stored));

    [Fact]
    public void AnAreaAsADeathRecordsIt_IsSpelledAsRecorded() =>
        Assert.Equal("same area: NW London", ExplanationWords.Say("same area (nw london)", "Newham", "NW London"));
}
