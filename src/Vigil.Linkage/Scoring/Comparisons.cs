using System.Runtime.CompilerServices;
using Vigil.Linkage.Features;
using Vigil.Linkage.Normalisation;

namespace Vigil.Linkage.Scoring;

/// <summary>The comparisons made between two deaths. Each gives a discrete level; level 0 is the strongest agreement.</summary>
public enum Comparison
{
    /// <summary>Same area (borough) of the place found: same, different, missing.</summary>
    Area,
    /// <summary>Distance between places found, in bands.</summary>
    Distance,
    /// <summary>Time between the two findings, in bands.</summary>
    TimeGap,
    /// <summary>Setting: same, same group (e.g. both outdoor public places), different, missing.</summary>
    Setting,
    /// <summary>Sex of the deceased: same, different, missing.</summary>
    Sex,
    /// <summary>Age difference of the deceased, in bands.</summary>
    AgeGap,
    /// <summary>Cause of death: same text, same kind of death, different, missing.</summary>
    Cause,
    /// <summary>Toxicology: a shared substance (term-frequency adjusted), both clear, one clear, both positive but nothing shared.</summary>
    Substance,
    /// <summary>Manner: same, different, missing.</summary>
    Manner,
    /// <summary>Body position: same, different, missing.</summary>
    Position,
    /// <summary>Scene features: two or more shared, one shared, both have features but none shared, otherwise.</summary>
    Scene,
    /// <summary>Best-agreeing connected person: same phone, same full name, same initial and surname, none (term-frequency adjusted).</summary>
    Person,
    /// <summary>Role of the agreeing person: an incidental role on both sides (finder, caller, witness, last seen
    /// with, present), a care role on either side (carer, certifying doctor), next of kin, or no person agreeing.
    /// Care roles recur between unrelated deaths for ordinary reasons; the model learns how much per kind.</summary>
    PersonRole,
    /// <summary>Where both were found: both in an outdoor public place, one of them, neither (or not recorded).</summary>
    Outdoors,
    /// <summary>Ages of both: both under 30, both 30–59, both 60 or over, mixed or missing.</summary>
    AgeGroup,
    /// <summary>A named suspect: on neither death, on one, on both. A death with a named suspect is usually
    /// explained; a serial offender is, by definition, not yet named.</summary>
    Suspect,
}

/// <summary>Level counts and band edges of the comparisons.</summary>
public static class Comparisons
{
    /// <summary>Number of comparisons.</summary>
    public const int Count = 16;

    /// <summary>Number of levels of each comparison, indexed by <see cref="Comparison"/>.</summary>
    public static ReadOnlySpan<int> Levels => [3, 6, 6, 4, 3, 6, 4, 4, 3, 3, 4, 4, 4, 3, 4, 3];

    /// <summary>Upper edges (km) of the distance bands; beyond the last is the last level.</summary>
    public static ReadOnlySpan<double> DistanceEdgesKm => [0.3, 1, 3, 8, 20];

    /// <summary>Upper edges (days) of the time-gap bands.</summary>
    public static ReadOnlySpan<double> GapEdgesDays => [14, 45, 120, 365, 730];

    /// <summary>Upper edges (years) of the age-difference bands; level 5 is "missing".</summary>
    public static ReadOnlySpan<int> AgeEdges => [2, 5, 10, 20];

    /// <summary>Band index of a value given ascending upper edges.</summary>
    public static int Band(double value, ReadOnlySpan<double> edges)
    {
        for (var i = 0; i < edges.Length; i++)
            if (value < edges[i]) return i;
        return edges.Length;
    }
}

/// <summary>Levels of the twelve comparisons.</summary>
[InlineArray(Comparisons.Count)]
public struct ComparisonLevels
{
    private byte _level;
}

/// <summary>The outcome of comparing a newer death with an earlier one.</summary>
public struct PairComparison
{
    /// <summary>Level of each comparison.</summary>
    public ComparisonLevels Levels;
    /// <summary>Substances both deaths share (bits).</summary>
    public uint SharedSubstances;
    /// <summary>Key of the agreeing person (phone, full name or initial+surname key), -1 when none.</summary>
    public int PersonKey;
    /// <summary>Index of the agreeing person in the newer record, -1 when none.</summary>
    public int NewerPerson;
    /// <summary>Index of the agreeing person in the earlier record, -1 when none.</summary>
    public int EarlierPerson;
    /// <summary>Distance between the places found, km.</summary>
    public double DistanceKm;
    /// <summary>Days between the findings (absolute).</summary>
    public double GapDays;
}

/// <summary>Compares two deaths. Every comparison is symmetric in its two arguments.</summary>
public static class PairComparer
{
    /// <summary>Compares two linkage records.</summary>
    public static PairComparison Compare(LinkageRecord a, LinkageRecord b) =>
        Compare(new ComparableDeath(a), a.Comparable, a, new ComparableDeath(b), b.Comparable, b);

    /// <summary><see cref="Compare(LinkageRecord, LinkageRecord)"/> from each death's comparable facts and inline people
    /// (ADR 2621): the index keeps these in flat arrays, and reads a record (<paramref name="ra"/>, <paramref name="rb"/>)
    /// only for a pair of people their inline forms do not tell apart, and for the roles of the person that agrees.</summary>
    internal static PairComparison Compare(in ComparableDeath a, ReadOnlySpan<ComparablePerson> ca, LinkageRecord ra,
        in ComparableDeath b, ReadOnlySpan<ComparablePerson> cb, LinkageRecord rb)
    {
        var c = new PairComparison { PersonKey = -1, NewerPerson = -1, EarlierPerson = -1 };
        c.Levels[(int)Comparison.Area] = Equality(a.Area, b.Area);
        var dx = a.X - b.X;
        var dy = a.Y - b.Y;
        c.DistanceKm = Math.Sqrt(dx * dx + dy * dy);
        c.Levels[(int)Comparison.Distance] = (byte)Comparisons.Band(c.DistanceKm, Comparisons.DistanceEdgesKm);
        c.GapDays = Math.Abs(a.Days - b.Days);
        c.Levels[(int)Comparison.TimeGap] = (byte)Comparisons.Band(c.GapDays, Comparisons.GapEdgesDays);
        c.Levels[(int)Comparison.Setting] = a.Setting < 0 || b.Setting < 0 ? (byte)3
            : a.Setting == b.Setting ? (byte)0 : Settings.Group(a.Setting) == Settings.Group(b.Setting) ? (byte)1 : (byte)2;
        c.Levels[(int)Comparison.Sex] = a.Sex == 0 || b.Sex == 0 ? (byte)2 : a.Sex == b.Sex ? (byte)0 : (byte)1;
        c.Levels[(int)Comparison.AgeGap] = a.Age < 0 || b.Age < 0 ? (byte)5 : AgeBand(Math.Abs(a.Age - b.Age));
        c.Levels[(int)Comparison.Cause] = a.Cause < 0 || b.Cause < 0 ? (byte)3
            : a.Cause == b.Cause ? (byte)0 : a.Kind == b.Kind ? (byte)1 : (byte)2;
        c.SharedSubstances = a.Substances & b.Substances;
        c.Levels[(int)Comparison.Substance] = c.SharedSubstances != 0 ? (byte)0
            : a.Substances == 0 && b.Substances == 0 ? (byte)1
            : a.Substances == 0 || b.Substances == 0 ? (byte)2 : (byte)3;
        c.Levels[(int)Comparison.Manner] = Equality(a.Manner, b.Manner);
        c.Levels[(int)Comparison.Position] = Equality(a.Position, b.Position);
        var sharedScene = System.Numerics.BitOperations.PopCount(a.Scene & b.Scene);
        c.Levels[(int)Comparison.Scene] = sharedScene >= 2 ? (byte)0 : sharedScene == 1 ? (byte)1
            : a.Scene != 0 && b.Scene != 0 ? (byte)2 : (byte)3;
        c.Levels[(int)Comparison.Person] = ComparePeople(ca, ra, cb, rb, ref c);
        c.Levels[(int)Comparison.PersonRole] = c.NewerPerson < 0 ? (byte)3 : RoleLevel(ra.People[c.NewerPerson].Role, rb.People[c.EarlierPerson].Role);
        c.Levels[(int)Comparison.Outdoors] = (byte)(2 - (IsOutdoors(a) ? 1 : 0) - (IsOutdoors(b) ? 1 : 0));
        var ga = AgeGroup(a.Age);
        c.Levels[(int)Comparison.AgeGroup] = ga >= 0 && ga == AgeGroup(b.Age) ? (byte)ga : (byte)3;
        c.Levels[(int)Comparison.Suspect] = (byte)((a.HasSuspect ? 1 : 0) + (b.HasSuspect ? 1 : 0));
        return c;
    }

    private static bool IsOutdoors(in ComparableDeath r) => r.Setting >= 0 && Settings.Group(r.Setting) == 1;

    private static int AgeGroup(int age) => age < 0 ? -1 : age < 30 ? 0 : age < 60 ? 1 : 2;

    private static byte RoleLevel(string a, string b)
    {
        static bool Care(string r) => r is "carer" or "certifying-doctor";
        if (Care(a) || Care(b)) return 1;
        return a == "next-of-kin" || b == "next-of-kin" ? (byte)2 : (byte)0;
    }

    private static int MinKey(int a, int b) => a < 0 ? b : b < 0 ? a : Math.Min(a, b);

    private static byte Equality(int a, int b) => a < 0 || b < 0 ? (byte)2 : a == b ? (byte)0 : (byte)1;

    private static byte AgeBand(int diff)
    {
        var edges = Comparisons.AgeEdges;
        for (var i = 0; i < edges.Length; i++)
            if (diff <= edges[i]) return (byte)i;
        return (byte)edges.Length;
    }

    private static byte ComparePeople(ReadOnlySpan<ComparablePerson> ca, LinkageRecord a, ReadOnlySpan<ComparablePerson> cb, LinkageRecord b,
        ref PairComparison c)
    {
        byte best = 3;
        // The inline forms first (ADR 2571): most pairs of people are told apart by phone and surname shape alone,
        // without reading a person or a string.
        for (var i = 0; i < ca.Length; i++)
        {
            var qa = ca[i];
            for (var j = 0; j < cb.Length; j++)
            {
                var qb = cb[j];
                byte level = 3;
                var key = -1;
                if (qa.PhoneKey >= 0 && qa.PhoneKey == qb.PhoneKey)
                {
                    level = 0;
                    key = qa.PhoneKey;
                }
                else if (qa.HasName && qb.HasName && !SurnameShape.ProvesApart(qa.Surname, qb.Surname))
                {
                    var (pa, pb) = (a.People[i], b.People[j]);
                    switch (PersonName.Compare(pa.Name!.Value, pb.Name!.Value))
                    {
                        case NameAgreement.Full:
                            level = 1;
                            key = MinKey(pa.FullKey, pb.FullKey);
                            break;
                        case NameAgreement.InitialAndSurname:
                            level = 2;
                            key = MinKey(pa.SurnameKey, pb.SurnameKey);
                            break;
                    }
                }
                // Ties go to the smaller key so that the outcome does not depend on argument order.
                if (level > best || level == 3 || (level == best && key >= c.PersonKey)) continue;
                best = level;
                c.PersonKey = key;
                c.NewerPerson = i;
                c.EarlierPerson = j;
            }
        }
        return best;
    }
}
