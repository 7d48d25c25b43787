using Vigil.Linkage.Features;

namespace Vigil.Linkage.Surveillance;

/// <summary>Features a death can share with others of its kind, numbered: substances 0–31, scene features 32–47, the
/// setting where it was found 48–63 (a churchyard, a hotel).</summary>
public static class FeatureBits
{
    /// <summary>Number of feature numbers.</summary>
    public const int Count = 64;

    /// <summary>The feature numbers a death carries.</summary>
    public static IEnumerable<int> Of(LinkageRecord r)
    {
        for (var b = 0; b < 32; b++)
            if ((r.Substances & (1u << b)) != 0) yield return b;
        for (var b = 0; b < 16; b++)
            if ((r.Scene & (1u << b)) != 0) yield return 32 + b;
        if (r.Setting >= 0) yield return 48 + r.Setting;
    }

    /// <summary>The feature in words ("morphine", "ligature").</summary>
    public static string Name(int feature) => feature switch
    {
        < 32 => Substances.Name(feature),
        < 48 => SceneFeatures.Names(1u << (feature - 32)).FirstOrDefault()?.Replace('-', ' ') ?? "scene feature",
        _ => Settings.Name(feature - 48),
    };

    /// <summary>The feature as a phrase after a kind of death: "with morphine", "with body moved", "found in a churchyard".</summary>
    public static string Phrase(int feature) => feature < 48 ? "with " + Name(feature) : "found in a " + Name(feature).Replace("own home", "home of their own");
}
