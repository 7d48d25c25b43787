using Vigil.Linkage.Normalisation;

namespace Vigil.Linkage.Features;

/// <summary>What comparing two deaths reads of each person first, laid out inline in one array per record (ADR 2571):
/// the phone key and the surname's shape. Only a pair of people these do not tell apart reads the
/// <see cref="PersonFeature"/> and its strings.</summary>
/// <param name="PhoneKey">As <see cref="PersonFeature.PhoneKey"/>.</param>
/// <param name="HasName">True when the person has a <see cref="PersonFeature.Name"/>.</param>
/// <param name="Surname">The shape of the name's surname (default when no name).</param>
public readonly record struct ComparablePerson(int PhoneKey, bool HasName, SurnameShape Surname)
{
    /// <summary>The comparable form of a person.</summary>
    public static ComparablePerson Of(PersonFeature p) =>
        new(p.PhoneKey, p.Name is not null, p.Name is { } n ? new SurnameShape(n.Surname) : default);
}
