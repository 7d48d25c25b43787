using Vigil.Linkage.Features;

namespace Vigil.Linkage.Surveillance;

/// <summary>How common a name is, from the frequencies of first names (or initials) and surnames among the people
/// indexed — each person counted once however many deaths name them (an initial and surname is one person), and never
/// from the full name's own count. Counted per mention, a GP who certifies hundreds of deaths, or a recurring offender,
/// would dominate the frequencies: every other name would look rare beside theirs, and the rate at which one-off
/// people's names collide, learnt per unit of commonness, would be overstated for a genuinely rare next of kin.</summary>
internal sealed class NameFrequencies
{
    /// <summary>Commonness given to a person known only by a phone: phones are shared far less than names.</summary>
    public const double PhoneOnly = 0.05;

    private readonly Dictionary<string, int> _first = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _surname = new(StringComparer.Ordinal);
    private readonly int[] _initial = new int[128];
    private readonly HashSet<int> _people = [];
    // Sums of squared counts keep the average person's name shares current (Σc²/T): an average of shares taken as
    // people arrived would be dominated by the first few, whose shares were large only because few were indexed.
    private double _surnameSquares, _firstSquares;
    private int _firsts;
    private int _mentions;

    public void Add(LinkageRecord r)
    {
        foreach (var p in r.People)
        {
            if (p.Name is not { } n) continue;
            // One person, one count: the same initial and surname again is (most often) the same person again.
            if (p.SurnameKey >= 0 && !_people.Add(p.SurnameKey)) continue;
            _mentions++;
            var s = _surname.GetValueOrDefault(n.Surname);
            _surname[n.Surname] = s + 1;
            _surnameSquares += 2 * s + 1;
            if (n.First is not null)
            {
                var f = _first.GetValueOrDefault(n.First);
                _first[n.First] = f + 1;
                _firstSquares += 2 * f + 1;
                _firsts++;
            }
            if (n.Initial < 128) _initial[n.Initial]++;
        }
    }

    /// <summary>The name's commonness relative to the average person's (1 = an average name).</summary>
    public double Factor(PersonFeature p)
    {
        if (p.Name is null) return PhoneOnly;
        if (_mentions == 0 || _firsts == 0) return 1;
        double total = _mentions + 1;
        var average = _surnameSquares / _mentions / total * (_firstSquares / _firsts / total);
        return Math.Max(1e-3, Q(p) / average);
    }

    // Shares among the other people indexed: a person already indexed under this initial and surname is left out, or a
    // rare name's own earlier mention (the very recurrence being judged) would make it look several times commoner.
    private double Q(PersonFeature p)
    {
        var n = p.Name!.Value;
        var self = p.SurnameKey >= 0 && _people.Contains(p.SurnameKey) ? 1 : 0;
        double total = _mentions + 1;
        var surname = (Math.Max(0, _surname.GetValueOrDefault(n.Surname) - self) + 0.5) / total;
        double first = n.First is not null ? (Math.Max(0, _first.GetValueOrDefault(n.First) - self) + 0.5) / total
            : n.Initial is > '\0' and < (char)128 ? (Math.Max(0, _initial[n.Initial] - self) + 0.5) / total : 1;
        return surname * first;
    }
}
