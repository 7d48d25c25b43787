using Vigil.Linkage.Features;

namespace Vigil.Linkage.Index;

/// <summary>The blocking keys of a death: kind × space cell (3 × 3 neighbourhood at query time), kind × area, each
/// person's phone and name keys, and rare substances.</summary>
public sealed partial class LinkageIndex
{
    private const long CellTag = 1L << 56, AreaTag = 2L << 56, PersonTag = 3L << 56, SubstanceTag = 4L << 56;

    private IEnumerable<long> Keys(LinkageRecord r, bool forQuery)
    {
        var cx = (long)Math.Floor(r.X / Options.CellKm) + (1 << 19);
        var cy = (long)Math.Floor(r.Y / Options.CellKm) + (1 << 19);
        var span = forQuery ? 1 : 0;
        for (var dx = -span; dx <= span; dx++)
            for (var dy = -span; dy <= span; dy++)
                yield return CellTag | ((long)r.Kind << 48) | ((cx + dx) << 24) | (cy + dy);
        if (r.Area >= 0) yield return AreaTag | ((long)r.Kind << 48) | (uint)r.Area;
        foreach (var p in r.People)
            foreach (var key in PersonKeys(p))
                yield return PersonTag | (uint)key;
        for (var b = 0; b < 32; b++)
        {
            if ((r.Substances & (1u << b)) == 0) continue;
            if (forQuery && _frequencies.SubstanceShare(1u << b, null) >= Options.RareSubstanceShare) continue;
            yield return SubstanceTag | (uint)b;
        }
    }

    private static IEnumerable<int> PersonKeys(PersonFeature p)
    {
        if (p.PhoneKey >= 0) yield return p.PhoneKey;
        if (p.SurnameKey >= 0) yield return p.SurnameKey;
        if (p.FullKey >= 0 && p.SurnameKey < 0) yield return p.FullKey;
    }
}
