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
    [InlineData("shared scene features (body-moved, signs-of-trauma)", "shared scene features: body moved, signs of injury")]
    [InlineData("same cause (drowning); both show ethanol, diazepam (seen in 1.2% of comparable deaths)", "same cause: drowning; both show ethanol, diazepam (seen in 1.2% of comparable deaths)")]
    public void StoredWords_AreSaidInWords(string stored, string said) => Assert.Equal(said, ExplanationWords.Say(stored));

    /// <summary>walk55: "same phone: 'Victor Hale', person last seen with the deceased in both" read as if the phone were the man.</summary>
    [Theory]
    [InlineData("Very strong evidence for: same phone: 'Victor Hale', person last seen with the deceased in both (ordinarily in about 1 in 308,246 deaths here).",
        "Very strong evidence for: the same phone number for 'Victor Hale', person last seen with the deceased in both (ordinarily in about 1 in 308,246 deaths here).")]
    [InlineData("same phone: finder 'Orrin Vantablack' and finder 'O. Vantablack' (in about 2 indexed deaths)",
        "the same phone number for finder 'Orrin Vantablack' and finder 'O. Vantablack' (in about 2 indexed deaths)")]
    public void APhoneInCommon_IsSaidAsTheNumberOfThePerson(string stored, string said) => Assert.Equal(said, ExplanationWords.Say(stored));

    [Fact]
    public void AnAreaAsADeathRecordsIt_IsSpelledAsRecorded() =>
        Assert.Equal("same area: NW London", ExplanationWords.Say("same area (nw london)", "Newham", "NW London"));

    [Fact]
    public void ACauseAndSubstancesAsTheDeathsRecordThem_AreSpelledAsRecorded() =>
        Assert.Equal("Strong evidence for: same cause: GHB toxicity; both show GHB, ethanol (seen in 0.4% of comparable deaths).",
            ExplanationWords.Say("Strong evidence for: same cause (ghb toxicity); both show ghb, ethanol (seen in 0.4% of comparable deaths).", "GHB toxicity ", "GHB", null));

    /// <summary>walk53 finding 15: the series assessment's reasons ("ghb as in 3 of its 3 deaths", "GHB/GBL deaths: 3 of its
    /// 3 deaths are") said in words, the substance as the deaths record it.</summary>
    [Theory]
    [InlineData("Shares with the series: ghb as in 3 of its 3 deaths; GHB/GBL deaths: 3 of its 3 deaths are; found 313 days after its latest death.",
        "Shares with the series: GHB, as in 3 of its 3 deaths; a GHB/GBL death, as 3 of its 3 deaths are; found 313 days after its latest death.")]
    [InlineData("Shares with the series: person last seen with the deceased 'Victor Hale' is in 3 of its 3 deaths; clothing anomaly as in 2 of its 3 deaths; violent deaths: 0 of its 3 deaths are",
        "Shares with the series: person last seen with the deceased 'Victor Hale' is in 3 of its 3 deaths; clothing out of place, as in 2 of its 3 deaths; a violent death, where none of its 3 deaths is one")]
    [InlineData("Shares with the series: morphine as in 1 of its 2 deaths; churchyard as in 2 of its 2 deaths", "Shares with the series: morphine, as in 1 of its 2 deaths; churchyard, as in 2 of its 2 deaths")]
    public void TheSeriesReasons_AreSaidInWords(string stored, string said) => Assert.Equal(said, ExplanationWords.Say(stored, "GHB", "Barking and Dagenham"));
}
