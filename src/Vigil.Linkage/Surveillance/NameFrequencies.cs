using Vigil.Linkage.Features;

namespace Vigil.Linkage.Surveillance;

/// <summary>How common a name is, from the frequencies of first names (or initials) and surnames among everyone
/// indexed — not from the full name's own count, which a recurring offender inflates with every death.</summary>
internal sealed class NameFrequencies
{
    /// <summary>Commonness given to a person known only by a phone: phones are shared far less than names.</summary>
    public const double PhoneOnly = 0.05;

    private readonly Dictionary<string, int> _first = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _surname = new(StringComparer.Ordinal);
    private readonly int[] _initial = new int[128];
    private double _sumQ;
    private int _names;
    private int _mentions;

    public void Add(LinkageRecord r)
    {
        foreach (var p in r.People)
        {
            if (p.Name is not { } n) continue;
            _mentions++;
            _surname[n.Surname] = _surname.GetValueOrDefault(n.Surname) + 1;
            if (n.First is not null) _first[n.First] = _first.GetValueOrDefault(n.First) + 1;
            if (n.Initial < 128) _initial[n.Initial]++;
            _sumQ += Q(p);
            _names++;
        }
    }

    /// <summary>The name's commonness relative to the average name (1 = an average mention).</summary>
    public double Factor(PersonFeature p)
    {
        if (p.Name is null) return PhoneOnly;
        if (_names == 0) return 1;
        return Math.Max(1e-3, Q(p) / (_sumQ / _names));
    }

    private double Q(PersonFeature p)
    {
        var n = p.Name!.Value;
        double total = _mentions + 1;
        var surname = (_surname.GetValueOrDefault(n.Surname) + 0.5) / total;
        double first = n.First is not null ? (_first.GetValueOrDefault(n.First) + 0.5) / total
            : n.Initial is > '\0' and < (char)128 ? (_initial[n.Initial] + 0.5) / total : 1;
        return surname * first;
    }
}
