namespace Vigil.Linkage.Surveillance;

/// <summary>What a signal is about.</summary>
public enum SignalKind
{
    /// <summary>A person (or phone) in the new death who appears in more deaths than expected.</summary>
    Person,
    /// <summary>Deaths of the new death's kind concentrated in its place (and period) beyond the background.</summary>
    Concentration,
    /// <summary>Deaths of its kind sharing one of its features (a substance, a scene feature) concentrated in its place.</summary>
    SharedFeature,
    /// <summary>A person in the new death who is, by identity (the same phone, or the same name and date of birth),
    /// someone in an earlier death, in roles in which people rarely recur.</summary>
    Identity,
}

/// <summary>Where a signal counts: the area (borough) of the new death, about a kilometre around it, or the whole force.</summary>
public enum Locality
{
    /// <summary>The new death's area.</summary>
    Area,
    /// <summary>Within about a kilometre of the new death.</summary>
    Nearby,
    /// <summary>Anywhere in the force.</summary>
    Force,
}

/// <summary>One observed-against-expected count that ends at a new death (a prospective cylinder: a place and a
/// period up to now). <see cref="Observed"/> includes the new death; <see cref="Members"/> are the earlier deaths
/// counted, as positions in the index.</summary>
/// <param name="Kind">Person, concentration or shared feature.</param>
/// <param name="Locality">Where it counts.</param>
/// <param name="WindowDays">How far back it counts, days.</param>
/// <param name="Observed">Deaths counted, the new one included.</param>
/// <param name="Expected">Deaths expected there and then from the background (the person's or place's own history,
/// and what is ordinary for the role or kind).</param>
/// <param name="Surprise">−ln P(at least <paramref name="Observed"/> | Poisson(<paramref name="Expected"/>)).</param>
/// <param name="Members">Earlier deaths counted (index positions).</param>
/// <param name="Person">For a person signal, the person's position in the new death's people; otherwise -1.</param>
/// <param name="Feature">For a shared-feature signal, the feature (<see cref="FeatureBits"/>); otherwise -1.</param>
/// <param name="Identity">For an identity signal, the earlier role and what established the identity.</param>
public sealed record Signal(SignalKind Kind, Locality Locality, double WindowDays, int Observed, double Expected, double Surprise,
    IReadOnlyList<int> Members, int Person = -1, int Feature = -1, IdentityMatch? Identity = null);

/// <summary>How a person in a new death was found to be someone in earlier deaths.</summary>
/// <param name="EarlierRole">Their role in the earlier deaths counted.</param>
/// <param name="ByPhone">True when the same phone established it; otherwise the same name and date of birth.</param>
public sealed record IdentityMatch(string EarlierRole, bool ByPhone);
