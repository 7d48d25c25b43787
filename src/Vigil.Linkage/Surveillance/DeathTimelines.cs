using Vigil.Linkage.Features;

namespace Vigil.Linkage.Surveillance;

/// <summary>Deaths in time order per place, kind and feature: the populations that expected counts are taken from.
/// Places are the recorded area and cells of a fine grid (a "nearby" circle is the block of cells around a death).</summary>
internal sealed class DeathTimelines
{
    /// <summary>Side of a grid cell, km; <see cref="NearbyCells"/> cell either side makes "nearby" (a 1.5 km square
    /// around the death: within about a kilometre).</summary>
    public const double CellKm = 0.5;
    public const int NearbyCells = 1;

    private const long Force = 0, Area = 1, AreaKind = 2, AreaKindFeature = 3, Cell = 4, CellKind = 5, CellKindFeature = 6, Kind = 7, KindFeature = 8;
    private readonly Dictionary<long, TimeLine> _lines = [];

    public void Add(LinkageRecord r, int id) { foreach (var key in Keys(r)) Line(key).Add(r.Days, id); }

    public void Remove(LinkageRecord r, int id)
    {
        foreach (var key in Keys(r))
            if (_lines.TryGetValue(key, out var line)) line.Remove(r.Days, id);
    }

    /// <summary>Deaths (of <paramref name="kind"/>, with <paramref name="feature"/>, when given) in a locality around
    /// <paramref name="r"/> between two dates.</summary>
    public int Count(LinkageRecord r, Locality locality, DeathKind? kind, int feature, double from, double to)
    {
        var n = 0;
        foreach (var key in LocalityKeys(r, locality, kind, feature))
            if (_lines.TryGetValue(key, out var line)) n += line.CountBetween(from, to);
        return n;
    }

    /// <summary>The deaths counted by <see cref="Count"/>.</summary>
    public IEnumerable<int> Ids(LinkageRecord r, Locality locality, DeathKind? kind, int feature, double from, double to)
    {
        foreach (var key in LocalityKeys(r, locality, kind, feature))
            if (_lines.TryGetValue(key, out var line))
                foreach (var id in line.IdsBetween(from, to)) yield return id;
    }

    /// <summary>Deaths of a kind anywhere between two dates.</summary>
    public IEnumerable<int> IdsOfKind(DeathKind kind, double from, double to) =>
        _lines.TryGetValue(Key(Kind, 0, (long)kind, 0), out var line) ? line.IdsBetween(from, to) : [];

    private IEnumerable<long> LocalityKeys(LinkageRecord r, Locality locality, DeathKind? kind, int feature)
    {
        var k = kind is { } kk ? (long)kk : 0;
        switch (locality)
        {
            case Locality.Force:
                yield return kind is null ? Key(Force, 0, 0, 0) : feature < 0 ? Key(Kind, 0, k, 0) : Key(KindFeature, 0, k, feature);
                break;
            case Locality.Area:
                if (r.Area < 0) yield break;
                yield return kind is null ? Key(Area, r.Area, 0, 0) : feature < 0 ? Key(AreaKind, r.Area, k, 0) : Key(AreaKindFeature, r.Area, k, feature);
                break;
            default:
                var (cx, cy) = CellOf(r);
                for (var dx = -NearbyCells; dx <= NearbyCells; dx++)
                    for (var dy = -NearbyCells; dy <= NearbyCells; dy++)
                    {
                        var cell = CellId(cx + dx, cy + dy);
                        yield return kind is null ? Key(Cell, cell, 0, 0) : feature < 0 ? Key(CellKind, cell, k, 0) : Key(CellKindFeature, cell, k, feature);
                    }
                break;
        }
    }

    private static IEnumerable<long> Keys(LinkageRecord r)
    {
        var k = (long)r.Kind;
        var cell = CellId(CellOf(r).X, CellOf(r).Y);
        yield return Key(Force, 0, 0, 0);
        yield return Key(Kind, 0, k, 0);
        yield return Key(Cell, cell, 0, 0);
        yield return Key(CellKind, cell, k, 0);
        if (r.Area >= 0)
        {
            yield return Key(Area, r.Area, 0, 0);
            yield return Key(AreaKind, r.Area, k, 0);
        }
        foreach (var f in FeatureBits.Of(r))
        {
            yield return Key(KindFeature, 0, k, f);
            yield return Key(CellKindFeature, cell, k, f);
            if (r.Area >= 0) yield return Key(AreaKindFeature, r.Area, k, f);
        }
    }

    private static (long X, long Y) CellOf(LinkageRecord r) => ((long)Math.Floor(r.X / CellKm), (long)Math.Floor(r.Y / CellKm));

    // Cells within ±2^20 of the origin of the flat projection (±500,000 km) cover any force.
    private static long CellId(long x, long y) => ((x + (1 << 20)) << 21) | (y + (1 << 20));

    // tag: 4 bits, place: 42 bits, kind: 4 bits, feature: 6 bits.
    private static long Key(long tag, long place, long kind, long feature) => (tag << 58) ^ (place << 12) ^ (kind << 6) ^ feature;

    private TimeLine Line(long key)
    {
        if (!_lines.TryGetValue(key, out var line)) _lines[key] = line = new TimeLine();
        return line;
    }
}
