using Vigil.Linkage.Features;
using Vigil.Linkage.Model;
using Vigil.Linkage.Surveillance;

namespace Vigil.Linkage.Scoring;

/// <summary>How improbable it is that two unrelated deaths of this kind agree as closely as a pair does on what any
/// serial offender leaves in common — place, time, a person, a substance, the scene, the setting, the cause, the
/// victims' sex and age —, in
/// nats: −ln of the chance a random pair of the kind agrees at least this closely, summed over those comparisons.
/// Only background frequencies enter (the model's u, learnt from random pairs, and live term frequencies), never what
/// confirmed series looked like, so a pattern no force has confirmed scores as high as a familiar one (ADR 1601).
/// Disagreement adds nothing: the score measures coincidence, not difference.</summary>
public static class Rarity
{
    /// <summary>Floor on a share so that a never-seen value cannot dominate.</summary>
    private const double MinShare = 1e-5;

    /// <summary>The pair's agreement rarity in nats (≥ 0).</summary>
    public static double Of(LinkageModel model, LinkageRecord newer, LinkageRecord earlier, in PairComparison c, ITermFrequencies tf, PersonBackground? background)
    {
        var table = LinkageModel.TableFor(newer.Kind, earlier.Kind);
        var u = model.Tables[table].U;
        var levels = c.Levels;
        var z = Cumulative(u, Comparison.Distance, levels[(int)Comparison.Distance], 2)
            + Cumulative(u, Comparison.TimeGap, levels[(int)Comparison.TimeGap], 2)
            + Cumulative(u, Comparison.Scene, levels[(int)Comparison.Scene], 1)
            + Cumulative(u, Comparison.Setting, levels[(int)Comparison.Setting], 0)
            + Cumulative(u, Comparison.Cause, levels[(int)Comparison.Cause], 0)
            + Cumulative(u, Comparison.Sex, levels[(int)Comparison.Sex], 0)
            + Cumulative(u, Comparison.AgeGap, levels[(int)Comparison.AgeGap], 1)
            + Exact(u, Comparison.AgeGroup, levels[(int)Comparison.AgeGroup], 2)
            + Exact(u, Comparison.Outdoors, levels[(int)Comparison.Outdoors], 0);
        var person = levels[(int)Comparison.Person];
        if (person < 3 && c.PersonKey >= 0)
        {
            var sameArea = levels[(int)Comparison.Area] == 0;
            var share = background?.Share(c.NewerPerson, sameArea, byPhone: person == 0) is { } s && !double.IsNaN(s)
                ? s : tf.PersonShare(c.PersonKey, sameArea ? newer.Area : -1);
            z += -Math.Log(Math.Clamp(share, MinShare, 1));
        }
        if (levels[(int)Comparison.Substance] == 0)
            z += -Math.Log(Math.Clamp(tf.SubstanceShare(c.SharedSubstances, table == LinkageModel.MixedTable ? null : newer.Kind), MinShare, 1));
        return z;
    }

    /// <summary>−ln of the random-pair share of exactly this level when it is at most <paramref name="agreeing"/>
    /// (an agreement of a kind, such as both under 30), else 0.</summary>
    private static double Exact(double[][] u, Comparison comparison, int level, int agreeing) =>
        level > agreeing ? 0 : -Math.Log(Math.Clamp(u[(int)comparison][level], MinShare, 1));

    /// <summary>−ln of the random-pair share of levels 0..<paramref name="level"/> when the level is at most
    /// <paramref name="agreeing"/> (an agreement), else 0.</summary>
    private static double Cumulative(double[][] u, Comparison comparison, int level, int agreeing)
    {
        if (level > agreeing) return 0;
        var row = u[(int)comparison];
        var p = 0.0;
        for (var l = 0; l <= level; l++) p += row[l];
        return -Math.Log(Math.Clamp(p, MinShare, 1));
    }
}
