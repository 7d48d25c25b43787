using Vigil.Linkage.Features;
using Vigil.Linkage.Model;
using Vigil.Linkage.Surveillance;

namespace Vigil.Linkage.Scoring;

/// <summary>The score of one pair: the summed weight of evidence, the prior for the newer death's kind and
/// population, and the posterior probability that the two deaths share an offender.</summary>
/// <param name="Weight">Sum of log(m/u) over the comparisons, term-frequency adjusted.</param>
/// <param name="LogPriorOdds">log of the prior odds for one pair: expected matches over comparable earlier deaths.</param>
/// <param name="Probability">Posterior probability, calibrated per record by the number of comparable earlier deaths.</param>
public readonly record struct PairScore(double Weight, double LogPriorOdds, double Probability);

/// <summary>Scores pairs with a <see cref="LinkageModel"/>.</summary>
public static class PairScorer
{
    /// <summary>Floor on term frequencies so that one never-seen value cannot dominate a score.</summary>
    private const double MinShare = 1e-5;

    /// <summary>Scores a newer death against an earlier one, given the frequencies of the indexed deaths.</summary>
    public static PairScore Score(LinkageModel model, LinkageRecord newer, LinkageRecord earlier, in PairComparison c, ITermFrequencies tf,
        PersonBackground? background = null)
    {
        var table = LinkageModel.TableFor(newer.Kind, earlier.Kind);
        var t = model.Tables[table];
        var person = LevelWeight(t, Comparison.Person, c, table, newer, tf, background);
        return Score(model, table, newer, c, tf, background, person, LogPrior(model, table, newer, tf));
    }

    /// <summary><see cref="Score(LinkageModel, LinkageRecord, LinkageRecord, in PairComparison, ITermFrequencies, PersonBackground?)"/>
    /// with the person comparison's weight and the table's log prior already worked out (ADR 2572): the index needs the
    /// person weight on its own anyway, and the prior is the same for every candidate of a new death in one table. The
    /// weights are summed in the same order, so the result is the same to the bit. Without <paramref name="withProbability"/>
    /// the probability is left NaN for a caller that replaces it (a calibrated model's; ADR 2642).</summary>
    internal static PairScore Score(LinkageModel model, int table, LinkageRecord newer, in PairComparison c, ITermFrequencies tf,
        PersonBackground? background, double personWeight, double logPrior, bool withProbability = true)
    {
        var t = model.Tables[table];
        var weights = t.Weights;
        var w = 0.0;
        for (var k = 0; k < Comparisons.Count; k++)
            w += k switch
            {
                (int)Comparison.Person => personWeight,
                (int)Comparison.PersonRole or (int)Comparison.Substance => LevelWeight(t, (Comparison)k, c, table, newer, tf, background),
                // No term-frequency adjustment for the others: LevelWeight's last line.
                _ => weights[k][c.Levels[k]],
            };
        var logit = model.Scale * w + logPrior;
        return new PairScore(w, logPrior, withProbability ? 1 / (1 + Math.Exp(-logit)) : double.NaN);
    }

    /// <summary>log of the prior odds for one pair of <paramref name="table"/> with a new death: expected matches over the
    /// comparable earlier deaths.</summary>
    internal static double LogPrior(LinkageModel model, int table, LinkageRecord newer, ITermFrequencies tf)
    {
        var comparable = table == LinkageModel.MixedTable
            ? tf.Records - tf.RecordsOfKind(newer.Kind)
            : tf.RecordsOfKind(newer.Kind);
        var rho = model.Tables[table].Rho;
        return Math.Log(rho) - Math.Log(Math.Max(1, comparable));
    }

    /// <summary>Weight of one comparison's level; agreement on a person or substance is adjusted by how common
    /// that person or substance is among the indexed deaths. With a <paramref name="background"/> (the surveillance's
    /// ordinary share of each person: role-aware, from history outside the recent window) the person's "u" is that
    /// share, and the role of the agreeing person adds nothing of its own (the share already says what the role makes
    /// ordinary — a GP where they practise, a namesake next of kin).</summary>
    public static double LevelWeight(KindTable t, Comparison comparison, in PairComparison c, int table, LinkageRecord newer, ITermFrequencies tf,
        PersonBackground? background = null)
    {
        var k = (int)comparison;
        var level = c.Levels[k];
        if (background is not null && comparison == Comparison.PersonRole) return 0;
        if (background is not null && comparison == Comparison.Person && level < 3
            && background.Share(c.NewerPerson, c.Levels[(int)Comparison.Area] == 0, byPhone: level == 0) is var ordinary && !double.IsNaN(ordinary))
            return Math.Log(t.M[k][level]) - Math.Log(Math.Max(MinShare, ordinary));
        if (comparison == Comparison.Person && level < 3 && c.PersonKey >= 0)
        {
            // Same area: the person's share among that area's deaths, because the area's own weight already
            // counted the shared locality (a local GP is common locally, not rare).
            var area = c.Levels[(int)Comparison.Area] == 0 ? newer.Area : -1;
            return Math.Log(t.M[k][level]) - Math.Log(Math.Max(MinShare, tf.PersonShare(c.PersonKey, area)));
        }
        if (comparison == Comparison.Substance && level == 0)
        {
            var share = tf.SubstanceShare(c.SharedSubstances, table == LinkageModel.MixedTable ? null : newer.Kind);
            // Both deaths show the substance: the chance an unrelated earlier death shows it is its share.
            return Math.Log(t.M[k][0]) - Math.Log(Math.Max(MinShare, share));
        }
        return t.Weights[k][level];
    }
}
