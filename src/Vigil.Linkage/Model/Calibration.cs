using System.Text.Json.Serialization;

namespace Vigil.Linkage.Model;

/// <summary>What a pair's alerting probability depends on besides its own comparisons: the record's
/// neighbourhood. Gathered once per query by the index.</summary>
/// <param name="Weight">The pair's summed weight of evidence (log m/u, term-frequency adjusted).</param>
/// <param name="PersonWeight">The person comparison's share of <paramref name="Weight"/>.</param>
/// <param name="Table">Model table of the pair (kind, or mixed).</param>
/// <param name="LocalComparable">Earlier deaths of the new death's kind among its candidates: how crowded its
/// kind, place and period are.</param>
/// <param name="KindTotal">Earlier deaths of the new death's kind in the whole index.</param>
/// <param name="OtherBest">The second-best weight among the record's candidates: a second similar earlier death
/// (a third death near two similar earlier ones) is evidence of a series.</param>
public readonly record struct CalibrationInput(double Weight, double PersonWeight, int Table, int LocalComparable, int KindTotal, double OtherBest)
{
    /// <summary>Surprise of the most unusual person signal that counts both deaths (the same person recurring beyond
    /// what is ordinary for their role), 0 when none.</summary>
    public double PersonSurprise { get; init; }

    /// <summary>Surprise of the most unusual concentration both deaths belong to (deaths of the kind, or sharing a
    /// feature, gathered in the new death's place beyond the background), 0 when none.</summary>
    public double ClusterSurprise { get; init; }

    /// <summary>When the earlier death is in a candidate or confirmed series with recent members of the new death's
    /// kind in its area: log of those members over the other deaths of that kind there in the series window — how
    /// much of the local background the series accounts for (the prior odds that a new death there is its). Null
    /// when no such series.</summary>
    public double? SeriesShare { get; init; }

    /// <summary>The pair's agreement rarity (<see cref="Scoring.Rarity"/>) less ln(1 + the new death's candidates): how
    /// improbable the coincidence is once every comparison made for the new death is counted. Not a calibration
    /// feature; it feeds the rarity route (ADR 1601). 0 when the route is off.</summary>
    public double RouteScore { get; init; }
}

/// <summary>A logistic calibration of pair weights into the probability that two deaths share an offender,
/// learnt on the training force's own replay with cross-fitting (weights from one half of the confirmed
/// series, labels from the other). It replaces the textbook prior <c>rho / N</c> because summed weights of
/// correlated comparisons are over-confident, and by how much depends on the kind of death and on how crowded
/// the record's kind, place and period are: each record's alert is judged against its own candidates.</summary>
public sealed class Calibration
{
    /// <summary>Number of features (see <see cref="Features"/>).</summary>
    public const int Size = 2 * (DeathKinds + 1) + 9;

    private const int DeathKinds = Vigil.Linkage.Features.DeathKinds.Count;

    /// <summary>Coefficients: per table an intercept; a slope on the weight shared by all tables and per table a
    /// (penalised) deviation from it; then person weight, log local comparable deaths, log kind total, and the
    /// positive part of the second-best weight; then the person and concentration signals' surprises; then whether
    /// the earlier death is in an active series there and the series' log share.</summary>
    [JsonPropertyName("coefficients")] public double[] Coefficients { get; set; } = new double[Size];

    /// <summary>Training rows and confirmed pairs the calibration was fitted on, for the record.</summary>
    [JsonPropertyName("fitted_on")] public string FittedOn { get; set; } = "";

    /// <summary>The feature vector of a pair.</summary>
    public static void Features(in CalibrationInput x, Span<double> into)
    {
        into.Clear();
        var tables = DeathKinds + 1;
        into[x.Table] = 1;
        into[tables] = x.Weight;
        into[tables + 1 + x.Table] = x.Weight;
        into[2 * tables + 1] = x.PersonWeight;
        into[2 * tables + 2] = LogCount(x.LocalComparable);
        into[2 * tables + 3] = LogCount(x.KindTotal);
        into[2 * tables + 4] = Math.Max(0, x.OtherBest);
        into[2 * tables + 5] = x.PersonSurprise;
        into[2 * tables + 6] = x.ClusterSurprise;
        into[2 * tables + 7] = x.SeriesShare is null ? 0 : 1;
        into[2 * tables + 8] = x.SeriesShare ?? 0;
    }

    /// <summary>Log-odds that the pair shares an offender.</summary>
    public double Logit(in CalibrationInput x) => Logit(x, LogCount(x.LocalComparable), LogCount(x.KindTotal));

    /// <summary>Probability that the pair shares an offender.</summary>
    public double Probability(in CalibrationInput x) => Probability(x, LogCount(x.LocalComparable), LogCount(x.KindTotal));

    /// <summary><see cref="Probability(in CalibrationInput)"/> with the two logged counts, which are the same for every
    /// candidate of a new death, taken once by the caller (ADR 2642).</summary>
    internal double Probability(in CalibrationInput x, double logLocal, double logKindTotal) =>
        1 / (1 + Math.Exp(-Math.Clamp(Logit(x, logLocal, logKindTotal), -60, 60)));

    /// <summary>The feature of a count: log(1 + count).</summary>
    internal static double LogCount(int count) => Math.Log(1 + count);

    /// <summary>The dot product of the coefficients with <see cref="Features"/>, term by term in the features' order but
    /// without the vector (ADR 2642): the features left at zero add ±0, which changes no sum, so the result is the same to
    /// the bit as summing all <see cref="Size"/> products.</summary>
    private double Logit(in CalibrationInput x, double logLocal, double logKindTotal)
    {
        var c = Coefficients;
        const int tables = DeathKinds + 1;
        var z = 0.0;
        z += c[x.Table];
        z += c[tables] * x.Weight;
        z += c[tables + 1 + x.Table] * x.Weight;
        z += c[2 * tables + 1] * x.PersonWeight;
        z += c[2 * tables + 2] * logLocal;
        z += c[2 * tables + 3] * logKindTotal;
        z += c[2 * tables + 4] * Math.Max(0, x.OtherBest);
        z += c[2 * tables + 5] * x.PersonSurprise;
        z += c[2 * tables + 6] * x.ClusterSurprise;
        z += c[2 * tables + 7] * (x.SeriesShare is null ? 0 : 1);
        z += c[2 * tables + 8] * (x.SeriesShare ?? 0);
        return z;
    }
}
