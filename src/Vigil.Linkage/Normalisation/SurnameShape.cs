namespace Vigil.Linkage.Normalisation;

/// <summary>What <see cref="PersonName.SurnamesAgree"/> looks at first, kept beside each person so that the engine can
/// tell two surnames apart without reading either string (ADR 2571): nearly every pair of people compared across a
/// candidate pair disagrees, and reading both surnames was a cache miss each.</summary>
public readonly struct SurnameShape
{
    private readonly int _length;
    private readonly int _sum;
    private readonly char _first, _second, _last;

    /// <summary>The shape of a surname (lower-case letters, as <see cref="PersonName.Surname"/> holds it).</summary>
    public SurnameShape(string surname)
    {
        _length = surname.Length;
        foreach (var c in surname) _sum += c;
        if (_length == 0) return;
        _first = surname[0];
        _second = _length > 1 ? surname[1] : '\0';
        _last = surname[^1];
    }

    /// <summary>True only when <see cref="PersonName.SurnamesAgree"/> of the two surnames is certainly false; false when
    /// it could be true (then the strings decide). Follows that method step by step: equal surnames have one length and
    /// one letter sum; unequal ones agree only when both have four letters or more and at most one more than the other;
    /// the same letters reordered have the same sum; a typo leaves the first, second or last letter in place.</summary>
    public static bool ProvesApart(in SurnameShape a, in SurnameShape b)
    {
        if (a._length == b._length && a._sum == b._sum) return false;
        if (a._length < 4 || b._length < 4 || Math.Abs(a._length - b._length) > 1) return true;
        return a._first != b._first && a._second != b._second && a._last != b._last;
    }
}
