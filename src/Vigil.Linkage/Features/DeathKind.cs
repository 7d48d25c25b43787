namespace Vigil.Linkage.Features;

/// <summary>The kind of death: comparisons mean different things for different kinds (two elderly natural
/// deaths in one borough are ordinary; two young men dead of GHB in one borough are not), so the model
/// learns its weights and its prior per kind.</summary>
public enum DeathKind : byte
{
    /// <summary>GHB/GBL ("chemsex") deaths.</summary>
    Ghb,
    /// <summary>Violence: neck compression, stabbing, shooting, blunt force, or a homicide.</summary>
    Violent,
    /// <summary>Insulin, digoxin, ethylene glycol or a diabetic coma: possible poisonings.</summary>
    Poisoning,
    /// <summary>Natural deaths (and unascertained deaths) of people aged 60 or more.</summary>
    ElderlyNatural,
    /// <summary>Other drug and alcohol deaths.</summary>
    OtherDrug,
    /// <summary>Hanging, drowning, railway, falls, hypothermia and other injuries.</summary>
    Injury,
    /// <summary>Anything else, including natural deaths of younger people.</summary>
    Other,
}

/// <summary>Assigns a <see cref="DeathKind"/> from the cause, substances, manner and age.</summary>
public static class DeathKinds
{
    /// <summary>Number of kinds; a model has one table per kind plus one for pairs of different kinds.</summary>
    public const int Count = 7;

    internal static DeathKind Classify(string cause, uint substances, string? manner, int age, uint scene)
    {
        if ((substances & (Substances.Bit("ghb") | Substances.Bit("gbl"))) != 0 || cause.Contains("ghb", StringComparison.Ordinal) || cause.Contains("gbl", StringComparison.Ordinal))
            return DeathKind.Ghb;
        if (cause is "compression of the neck" or "stab wound" or "gunshot wound" or "blunt force trauma" or "strangulation"
            || string.Equals(manner, "homicide", StringComparison.Ordinal))
            return DeathKind.Violent;
        if ((substances & (Substances.Bit("insulin") | Substances.Bit("digoxin") | Substances.Bit("ethylene glycol"))) != 0
            || cause.Contains("diabetic", StringComparison.Ordinal))
            return DeathKind.Poisoning;
        if (NaturalCauses.Contains(cause) || string.Equals(manner, "natural", StringComparison.Ordinal))
            return age >= 60 || age < 0 ? DeathKind.ElderlyNatural : DeathKind.Other;
        if (cause.Contains("toxicity", StringComparison.Ordinal) || cause is "overdose" || substances != 0 && (scene & SceneFeatures.Bit("drug-paraphernalia")) != 0)
            return DeathKind.OtherDrug;
        if (cause is "hanging" or "drowning" or "railway" or "fall" or "hypothermia" or "multiple injuries" or "water" or "head injury")
            return DeathKind.Injury;
        return cause == "unascertained" && age >= 60 ? DeathKind.ElderlyNatural : DeathKind.Other;
    }

    private static readonly HashSet<string> NaturalCauses = new(StringComparer.Ordinal)
    {
        "old age", "renal failure", "ischaemic heart disease", "coronary thrombosis", "cardiac arrest", "copd",
        "stroke", "pneumonia", "dementia", "respiratory arrest", "sudden collapse", "heart failure", "cancer",
    };
}
