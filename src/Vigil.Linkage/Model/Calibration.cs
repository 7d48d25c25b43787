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
public readonly record struct CalibrationInput(double Weight, double PersonWeight, int Table, int LocalComparable, int KindTotal, double OtherBest);

/// <summary>A logistic calibration of pair weights into the probability that two deaths share an offender,
/// learnt on the training force's own replay with cross-fitting (weights from one half of the confirmed
/// series, labels from the other). It replaces the textbook prior <c>rho / N</c> because summed weights of
/// correlated comparisons are over-confident, and by how much depends on the kind of death and on how crowded
/// the record's kind, place and period are: each record's alert is judged against its own candidates.</summary>
public sealed class Calibration
{
    /// <summary>Number of features (see <see cref="Features"/>).</summary>
    public const int Size = 2 * (DeathKinds + 1) + 5;

    private const int DeathKinds = Vigil.Linkage.Features.DeathKinds.Count;

    /// <summary>Coefficients: per table an intercept; a slope on the weight shared by all tables and per table a
    /// (penalised) deviation from it; then person weight, log local comparable deaths, log kind total, and the
    /// positive part of the second-best weight.</summary>
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
        into[2 * tables + 2] = Math.Log(1 + x.LocalComparable);
        into[2 * tables + 3] = Math.Log(1 + x.KindTotal);
        into[2 * tables + 4] = Math.Max(0, x.OtherBest);
    }

    /// <summary>Log-odds that the pair shares an offender.</summary>
    public double Logit(in CalibrationInput x)
    {
        Span<double> f = stackalloc double[Size];
        Features(x, f);
        var z = 0.0;
        for (var i = 0; i < Size; i++) z += Coefficients[i] * f[i];
        return z;
    }

    /// <summary>Probability that the pair shares an offender.</summary>
    public double Probability(in CalibrationInput x) => 1 / (1 + Math.Exp(-Math.Clamp(Logit(x), -60, 60)));
}
