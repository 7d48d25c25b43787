using System.Runtime.CompilerServices;

namespace Vigil.Linkage.Features;

/// <summary>The facts of a death a pair comparison reads, as one value (ADR 2621), with its first
/// <see cref="InlinePeople.Length"/> people in their inline form. The index keeps one per indexed death in a flat array,
/// so that comparing a new death with a candidate reads one slot of that array instead of following a pointer to the
/// candidate's record and another to its people (those two cache misses were a third of the scoring): nine deaths in
/// ten name at most two people.</summary>
public readonly struct ComparableDeath
{
    /// <summary>As <see cref="LinkageRecord.Days"/>.</summary>
    public readonly double Days;
    /// <summary>As <see cref="LinkageRecord.X"/>.</summary>
    public readonly double X;
    /// <summary>As <see cref="LinkageRecord.Y"/>.</summary>
    public readonly double Y;
    /// <summary>As <see cref="LinkageRecord.Area"/>.</summary>
    public readonly int Area;
    /// <summary>As <see cref="LinkageRecord.Setting"/>.</summary>
    public readonly int Setting;
    /// <summary>As <see cref="LinkageRecord.Age"/>.</summary>
    public readonly int Age;
    /// <summary>As <see cref="LinkageRecord.Cause"/>.</summary>
    public readonly int Cause;
    /// <summary>As <see cref="LinkageRecord.Manner"/>.</summary>
    public readonly int Manner;
    /// <summary>As <see cref="LinkageRecord.Position"/>.</summary>
    public readonly int Position;
    /// <summary>As <see cref="LinkageRecord.Substances"/>.</summary>
    public readonly uint Substances;
    /// <summary>As <see cref="LinkageRecord.Scene"/>.</summary>
    public readonly uint Scene;
    /// <summary>As <see cref="LinkageRecord.Kind"/>.</summary>
    public readonly DeathKind Kind;
    /// <summary>As <see cref="LinkageRecord.Sex"/>.</summary>
    public readonly byte Sex;
    /// <summary>As <see cref="LinkageRecord.HasSuspect"/>.</summary>
    public readonly bool HasSuspect;
    /// <summary>Number of people (<see cref="LinkageRecord.Comparable"/>'s length).</summary>
    public readonly int PeopleCount;
    /// <summary>Where the index holds all the people of a death with more than <see cref="InlinePeople.Length"/>; -1 otherwise.</summary>
    public readonly int PeopleFrom;
    /// <summary>The first <see cref="InlinePeople.Length"/> people (at most <see cref="PeopleCount"/> of them are set).</summary>
    public readonly InlinePeople People;

    /// <summary>The comparable facts of a record whose people beyond the inline ones (if any) are held from
    /// <paramref name="peopleFrom"/>.</summary>
    public ComparableDeath(LinkageRecord r, int peopleFrom = -1)
    {
        PeopleCount = r.Comparable.Length;
        PeopleFrom = PeopleCount > InlinePeople.Length ? peopleFrom : -1;
        var people = new InlinePeople();
        for (var i = 0; i < Math.Min(PeopleCount, InlinePeople.Length); i++) people[i] = r.Comparable[i];
        People = people;
        Days = r.Days;
        X = r.X;
        Y = r.Y;
        Area = r.Area;
        Setting = r.Setting;
        Age = r.Age;
        Cause = r.Cause;
        Manner = r.Manner;
        Position = r.Position;
        Substances = r.Substances;
        Scene = r.Scene;
        Kind = r.Kind;
        Sex = r.Sex;
        HasSuspect = r.HasSuspect;
    }
}

/// <summary>The people a <see cref="ComparableDeath"/> holds inline.</summary>
[InlineArray(Length)]
public struct InlinePeople
{
    /// <summary>How many.</summary>
    public const int Length = 2;

    private ComparablePerson _person;
}
