using System.Globalization;
using Vigil.Linkage.Features;

namespace Vigil.Linkage.Explaining;

/// <summary>How Vigil puts numbers into words for analysts: weights of evidence as strengths, kinds of death and
/// roles as people say them, dates and small expected counts.</summary>
public static class Words
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A weight of evidence (natural log of a likelihood ratio) in words: "very strong evidence for",
    /// "moderate evidence against", "neutral". Thresholds: likelihood ratios of 100, 10, 3 and 1.5.</summary>
    public static string Strength(double weight)
    {
        var size = Math.Abs(weight) switch
        {
            >= 4.6 => "very strong evidence",
            >= 2.3 => "strong evidence",
            >= 1.1 => "moderate evidence",
            >= 0.4 => "weak evidence",
            _ => null,
        };
        return size is null ? "neutral" : $"{size} {(weight > 0 ? "for" : "against")}";
    }

    /// <summary>The same, capitalised for the start of a line ("Strong evidence for").</summary>
    public static string StrengthTitle(double weight) => Capitalise(Strength(weight));

    /// <summary>A kind of death as the phrase for several of them ("natural deaths of older people").</summary>
    public static string Kind(DeathKind k) => k switch
    {
        DeathKind.Ghb => "GHB/GBL deaths",
        DeathKind.Violent => "violent deaths",
        DeathKind.Poisoning => "possible poisonings",
        DeathKind.ElderlyNatural => "natural deaths of older people",
        DeathKind.OtherDrug => "drug deaths",
        DeathKind.Injury => "injury deaths",
        _ => "other deaths",
    };

    /// <summary>A role as people say it ("certifying doctor", "next of kin").</summary>
    public static string Role(string role) => role switch
    {
        "next-of-kin" => "next of kin",
        "certifying-doctor" => "certifying doctor",
        "present-at-death" => "person present at the death",
        "last-seen-with" => "person last seen with the deceased",
        _ => role.Replace('-', ' '),
    };

    /// <summary>A setting group as a place ("at home", "in a public place outdoors").</summary>
    public static string Place(int settingGroup) => settingGroup switch
    {
        0 => "at home",
        1 => "outdoors in a public place",
        2 => "in an institution (care home, hospital, hotel, venue)",
        _ => "elsewhere",
    };

    /// <summary>A day count since 1 January 2000 as a date ("12 March 2015").</summary>
    public static string Date(double days) => Epoch.AddDays(days).ToString("d MMMM yyyy", Inv);

    /// <summary>An expected count with its "about" ("about 0.6"), or "almost none" alone: the demo's pair page read
    /// "where about almost none would be expected" (walk51).</summary>
    public static string AboutExpected(double e) => e < 0.001 ? Expected(e) : "about " + Expected(e);

    /// <summary>An expected count: one significant figure below 1 ("0.6", "0.04"), one decimal above.</summary>
    public static string Expected(double e) => e switch
    {
        < 0.001 => "almost none",
        < 1 => RoundSignificant(e),
        _ => e.ToString("0.0", Inv),
    };

    /// <summary>A window in words ("90 days", "a year", "10 years").</summary>
    public static string Window(double days) => days switch
    {
        365 => "a year",
        730 => "two years",
        >= 3650 => $"{days / 365:0} years",
        _ => $"{days:0} days",
    };

    private static string RoundSignificant(double e) => Math.Round(e, 1 - (int)Math.Floor(Math.Log10(e)), MidpointRounding.AwayFromZero).ToString(Inv);

    internal static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
