using Vigil.Linkage.Features;

namespace Vigil.Linkage.Scoring;

/// <summary>How common values are among the deaths already indexed: the basis of term-frequency adjustment
/// (a GP who certified hundreds of deaths, or ethanol, agreeing counts for less than a rare name or digoxin).</summary>
public interface ITermFrequencies
{
    /// <summary>Deaths indexed.</summary>
    int Records { get; }

    /// <summary>Deaths indexed of a kind.</summary>
    int RecordsOfKind(DeathKind kind);

    /// <summary>Share of indexed deaths that carry a person key (phone, name); within one area when
    /// <paramref name="area"/> is not -1, since a GP or carer is common where they work and rare elsewhere.</summary>
    double PersonShare(int key, int area = -1);

    /// <summary>Share of indexed deaths (of a kind, or of all kinds when null) showing the rarest of the given substances.</summary>
    double SubstanceShare(uint substances, DeathKind? kind);
}

/// <summary>Counts of keys and substances, updated as deaths are added.</summary>
public sealed class FrequencyCounts : ITermFrequencies
{
    private readonly KeyTable _personKeys;
    private readonly int[] _kindCounts = new int[DeathKinds.Count];
    private readonly int[,] _substanceCounts = new int[DeathKinds.Count, 32];
    private readonly int[] _substanceTotals = new int[32];
    private readonly Dictionary<long, int> _localPersonCounts = [];
    private readonly Dictionary<int, int> _areaCounts = [];

    /// <summary>Creates counts over the person keys of an extractor.</summary>
    public FrequencyCounts(KeyTable personKeys) => _personKeys = personKeys;

    /// <inheritdoc />
    public int Records { get; private set; }

    /// <inheritdoc />
    public int RecordsOfKind(DeathKind kind) => _kindCounts[(int)kind];

    /// <summary>Counts one more death.</summary>
    public void Add(LinkageRecord r) => Apply(r, +1);

    /// <summary>Takes back a death counted before (an edited or deleted case).</summary>
    public void Remove(LinkageRecord r) => Apply(r, -1);

    private void Apply(LinkageRecord r, int sign)
    {
        Records += sign;
        _kindCounts[(int)r.Kind] += sign;
        if (r.Area >= 0) _areaCounts[r.Area] = _areaCounts.GetValueOrDefault(r.Area) + sign;
        for (var b = 0; b < 32; b++)
        {
            if ((r.Substances & (1u << b)) == 0) continue;
            _substanceCounts[(int)r.Kind, b] += sign;
            _substanceTotals[b] += sign;
        }
        Span<int> seen = stackalloc int[r.People.Length * 3];
        var n = 0;
        foreach (var p in r.People)
        {
            foreach (var key in (ReadOnlySpan<int>)[p.PhoneKey, p.FullKey, p.SurnameKey])
            {
                if (key < 0 || seen[..n].Contains(key)) continue;
                seen[n++] = key;
                _personKeys.Add(key, sign);
                if (r.Area >= 0) _localPersonCounts[LocalKey(key, r.Area)] = _localPersonCounts.GetValueOrDefault(LocalKey(key, r.Area)) + sign;
            }
        }
    }

    /// <inheritdoc />
    public double PersonShare(int key, int area = -1)
    {
        var global = (_personKeys.Count(key) + 0.5) / (Records + 1.0);
        if (area < 0 || !_areaCounts.TryGetValue(area, out var n)) return global;
        var local = (_localPersonCounts.GetValueOrDefault(LocalKey(key, area)) + 0.5) / (n + 1.0);
        return Math.Max(global, local);
    }

    private static long LocalKey(int key, int area) => ((long)key << 24) | (uint)area;

    /// <inheritdoc />
    public double SubstanceShare(uint substances, DeathKind? kind)
    {
        var best = 1.0;
        for (var b = 0; b < 32; b++)
        {
            if ((substances & (1u << b)) == 0) continue;
            var share = kind is { } k
                ? (_substanceCounts[(int)k, b] + 0.5) / (_kindCounts[(int)k] + 1.0)
                : (_substanceTotals[b] + 0.5) / (Records + 1.0);
            best = Math.Min(best, share);
        }
        return best;
    }
}
