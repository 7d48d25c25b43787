using Microsoft.AspNetCore.WebUtilities;
using Vigil.Linkage.Features;

namespace Vigil.Web.Features.Map;

/// <summary>The map's filters (the GeoJSON export's too): the shared ones and the engine's kind of death, bound from the
/// query string (page and API) and kept as a saved map filter.</summary>
public sealed record MapFilter : DeathFilter
{
    /// <summary>The linkage engine's kind of death (ghb, violent, poisoning, elderly-natural, other-drug, injury, other).</summary>
    public string? Kind { get; init; }

    public static IReadOnlyList<(string Value, DeathKind Kind, string Label)> Kinds { get; } =
    [
        ("ghb", DeathKind.Ghb, "GHB/GBL (chemsex)"), ("violent", DeathKind.Violent, "Violence"), ("poisoning", DeathKind.Poisoning, "Possible poisoning"),
        ("elderly-natural", DeathKind.ElderlyNatural, "Natural, 60 or over"), ("other-drug", DeathKind.OtherDrug, "Other drug or alcohol"),
        ("injury", DeathKind.Injury, "Injury, hanging, drowning"), ("other", DeathKind.Other, "Other"),
    ];

    public DeathKind? EngineKind => Kinds.Where(k => k.Value == Kind).Select(k => (DeathKind?)k.Kind).FirstOrDefault();

    public override IEnumerable<(string Field, string Message)> Problems()
    {
        if (Kind is not (null or "") && !Kinds.Any(k => k.Value == Kind))
            yield return ("kind", $"Kind is one of {string.Join(", ", Kinds.Select(k => k.Value))}.");
        foreach (var problem in base.Problems()) yield return problem;
    }

    public string ToQuery()
    {
        var parts = new Dictionary<string, string?>
        {
            ["kind"] = Kind, ["classification"] = Classification, ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["area"] = Area, ["setting"] = Setting,
        };
        return QueryHelpers.AddQueryString("", parts.Where(p => !string.IsNullOrWhiteSpace(p.Value))).TrimStart('?');
    }

    public static MapFilter Parse(string query)
    {
        var q = QueryHelpers.ParseQuery(query.StartsWith('?') ? query : "?" + query);
        string? S(string k) => q.TryGetValue(k, out var v) && v.ToString() is { Length: > 0 } s ? s : null;
        DateOnly? D(string k) => DateOnly.TryParse(S(k), System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
        return new MapFilter { Kind = S("kind"), Classification = S("classification"), From = D("from"), To = D("to"), Area = S("area"), Setting = S("setting") };
    }
}
