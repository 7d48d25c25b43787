using System.Globalization;
using Vigil.Linkage.Features;
using Vigil.Linkage.Surveillance;

namespace Vigil.Linkage.Explaining;

/// <summary>A surveillance signal in an analyst's words, with counts and never a case reference: "Carer 'J. Okafor' is
/// now in 4 deaths in Haringey since 12 March 2015; about 0.6 were expected for a carer there." Safe to show to anyone
/// who may see the new death: the other deaths are counted, not named.</summary>
public static class SignalText
{
    /// <summary>The sentence for one signal of the new death <paramref name="r"/>.</summary>
    /// <param name="r">The new death.</param>
    /// <param name="s">Its signal.</param>
    /// <param name="extractor">The extractor that interned <paramref name="r"/> (for the area's name).</param>
    /// <param name="earliestDays">When the earliest death counted was found (days since 2000), if known.</param>
    public static string Describe(LinkageRecord r, Signal s, FeatureExtractor extractor, double? earliestDays = null)
    {
        var since = Words.Date(earliestDays ?? r.Days - s.WindowDays);
        var place = s.Locality switch
        {
            Locality.Area => $"in {Area(r, extractor)}",
            Locality.Nearby => "within about a kilometre",
            _ => "across the force",
        };
        // The new death itself is certain: the surprise is in the others, so they are what is compared.
        var others = string.Create(CultureInfo.InvariantCulture, $"{s.Observed - 1} before this one, where {Words.AboutExpected(s.Expected)} would be expected");
        var inv = CultureInfo.InvariantCulture;
        switch (s.Kind)
        {
            case SignalKind.Person:
                var p = r.People[s.Person];
                var who = $"{Words.Capitalise(Words.Role(p.Role))} '{p.DisplayName ?? "(phone only)"}'";
                var where = s.Locality == Locality.Force ? $"{Words.Place(Settings.Group(r.Setting))} across the force" : place;
                var basis = s.Locality == Locality.Force
                    ? $"for a {Words.Role(p.Role)} with a name this common"
                    : $"for a {Words.Role(p.Role)} there, given their history";
                return string.Create(inv, $"{who} is now in {s.Observed} deaths {where} since {since}: {others} {basis}.");
            case SignalKind.Identity when s.Identity is { } id:
                var person = r.People[s.Person];
                var earlier = s.Observed == 2 ? "an earlier death" : string.Create(inv, $"{s.Observed - 1} earlier deaths");
                return string.Create(inv,
                    $"{Words.Capitalise(Words.Role(person.Role))} '{person.DisplayName ?? "(phone only)"}' is, by the same {(id.ByPhone ? "phone number" : "name and date of birth")}, the {Words.Role(id.EarlierRole)} in {earlier} since {since}: {Words.AboutExpected(s.Expected)} would be expected for people in these two roles.");
            case SignalKind.SharedFeature:
                return string.Create(inv,
                    $"{s.Observed} {Words.Kind(r.Kind)} {FeatureBits.Phrase(s.Feature)} {place} since {since}: {others} {Background(s)}.");
            default:
                return string.Create(inv, $"{s.Observed} {Words.Kind(r.Kind)} {place} since {since}: {others} {Background(s)}.");
        }
    }

    private static string Background(Signal s) =>
        s.WindowDays >= 700 ? "from the force's share of such deaths" : "from the place's own history";

    private static string Area(LinkageRecord r, FeatureExtractor extractor) =>
        extractor.AreaName(r.Area) is { Length: > 0 } name ? name : "its area";
}
