namespace Vigil.Linkage.Features;

/// <summary>Substances as bits. Names are matched case-insensitively; unknown substances share one bit.</summary>
public static class Substances
{
    private static readonly string[] Known =
    [
        "ghb", "gbl", "insulin", "digoxin", "ethylene glycol", "diamorphine", "morphine", "methadone", "cocaine",
        "ethanol", "diazepam", "temazepam", "zopiclone", "pregabalin", "paracetamol", "amitriptyline", "oxycodone",
        "tramadol", "codeine", "ketamine", "methamphetamine", "mephedrone", "fentanyl", "midazolam", "potassium chloride",
        "heroin", "alprazolam", "lorazepam", "cyanide", "arsenic", "succinylcholine",
    ];

    /// <summary>Bit for substances outside the known list.</summary>
    public const int OtherIndex = 31;

    /// <summary>Index of a substance's bit (0–31).</summary>
    public static int Index(string name)
    {
        var lower = name.Trim().ToLowerInvariant();
        if (lower == "heroin") lower = "diamorphine";
        var i = Array.IndexOf(Known, lower);
        return i < 0 ? OtherIndex : i;
    }

    /// <summary>The bit mask of one substance.</summary>
    public static uint Bit(string name) => 1u << Index(name);

    /// <summary>Name of a bit index, for explanations.</summary>
    public static string Name(int index) => index < Known.Length ? Known[index] : "other substance";
}

/// <summary>Scene features as bits.</summary>
public static class SceneFeatures
{
    private static readonly string[] Known =
    [
        "note-found", "drug-paraphernalia", "clothing-anomaly", "clothing-disarranged", "body-moved", "signs-of-trauma",
        "sexual-context", "ligature", "no-identification", "phone-missing", "property-missing", "covered",
        "alcohol-present", "forced-entry", "injection-site",
    ];

    /// <summary>The bit of a scene feature; 0 when unknown.</summary>
    public static uint Bit(string name)
    {
        var i = Array.IndexOf(Known, name);
        return i < 0 ? 0 : 1u << i;
    }

    /// <summary>Names of the features in a mask, for explanations.</summary>
    public static IEnumerable<string> Names(uint mask)
    {
        for (var i = 0; i < Known.Length; i++)
            if ((mask & (1u << i)) != 0) yield return Known[i];
    }
}

/// <summary>Settings where a body was found, grouped by what they say about the death.</summary>
public static class Settings
{
    internal static readonly string[] Known =
    [
        "home-own", "home-other", "residential-exterior", "park", "churchyard", "street", "hotel", "venue",
        "water", "railway", "hospital", "care-home", "other",
    ];

    /// <summary>A setting in words ("churchyard", "own home").</summary>
    public static string Name(int index) => index switch
    {
        0 => "own home",
        1 => "someone else's home",
        2 => "outside a residence",
        _ => index >= 0 && index < Known.Length ? Known[index].Replace('-', ' ') : "unknown place",
    };

    /// <summary>Index of a setting, or -1 when missing or unknown.</summary>
    public static int Index(string? setting) => setting is null ? -1 : Array.IndexOf(Known, setting);

    /// <summary>Group of a setting: 0 private home, 1 outdoor public place, 2 institution, 3 other.</summary>
    public static int Group(int index) => index switch
    {
        0 or 1 => 0,
        2 or 3 or 4 or 5 or 12 => 1,
        6 or 7 or 10 or 11 => 2,
        _ => 3,
    };
}
