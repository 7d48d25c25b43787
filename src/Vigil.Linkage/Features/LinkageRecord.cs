using Vigil.Linkage.Normalisation;

namespace Vigil.Linkage.Features;

/// <summary>The comparable facts of one death, compact and pre-normalised so that a pair compares in
/// well under a microsecond. Built by <see cref="FeatureExtractor"/>.</summary>
public sealed class LinkageRecord
{
    /// <summary>The record's reference in its source.</summary>
    public required string Ref { get; init; }
    /// <summary>When the body was found, in days since 1 January 2000 (UTC).</summary>
    public required double Days { get; init; }
    /// <summary>Latitude in degrees.</summary>
    public required double Lat { get; init; }
    /// <summary>Longitude in degrees.</summary>
    public required double Lon { get; init; }
    /// <summary>Easting on a local flat projection, km.</summary>
    public required double X { get; init; }
    /// <summary>Northing on a local flat projection, km.</summary>
    public required double Y { get; init; }
    /// <summary>Interned area (borough) of the place found, -1 when missing.</summary>
    public int Area { get; init; } = -1;
    /// <summary>Index into the settings list, -1 when missing.</summary>
    public int Setting { get; init; } = -1;
    /// <summary>0 unknown, 1 male, 2 female.</summary>
    public byte Sex { get; init; }
    /// <summary>Age in years, -1 when missing.</summary>
    public int Age { get; init; } = -1;
    /// <summary>Kind of death.</summary>
    public DeathKind Kind { get; init; }
    /// <summary>Interned cause of death text, -1 when missing.</summary>
    public int Cause { get; init; } = -1;
    /// <summary>Bits of <see cref="Substances"/> found by toxicology.</summary>
    public uint Substances { get; init; }
    /// <summary>Interned manner, -1 when missing.</summary>
    public int Manner { get; init; } = -1;
    /// <summary>Interned body position, -1 when missing.</summary>
    public int Position { get; init; } = -1;
    /// <summary>Bits of <see cref="SceneFeatures"/>.</summary>
    public uint Scene { get; init; }
    /// <summary>True when a person is recorded in the role of suspect.</summary>
    public bool HasSuspect { get; init; }
    /// <summary>People connected with the death, normalised.</summary>
    public required PersonFeature[] People
    {
        get;
        init
        {
            field = value;
            Comparable = Array.ConvertAll(value, ComparablePerson.Of);
        }
    }

    /// <summary><see cref="People"/> in the form a pair comparison reads first, in the same order (ADR 2571).</summary>
    public ComparablePerson[] Comparable { get; private init; } = [];
}

/// <summary>One connected person, normalised for matching, with interned keys for blocking and term frequency.</summary>
/// <param name="Role">The role as written (finder, carer, …).</param>
/// <param name="Name">Parsed name, when one was written.</param>
/// <param name="DisplayName">The name as written, for explanations.</param>
/// <param name="SurnameKey">Key of initial + sorted surname letters, -1 when no name.</param>
/// <param name="FullKey">Key of canonical first name + sorted surname letters, -1 when no full first name.</param>
/// <param name="PhoneKey">Key of the national phone number, -1 when no phone.</param>
/// <param name="Dob">Date of birth in days since 1 January 2000, <see cref="NoDob"/> when not written.</param>
public sealed record PersonFeature(string Role, PersonName? Name, string? DisplayName, int SurnameKey, int FullKey, int PhoneKey,
    int Dob = PersonFeature.NoDob)
{
    /// <summary>The <see cref="Dob"/> of a person whose date of birth was not written.</summary>
    public const int NoDob = int.MinValue;
}
