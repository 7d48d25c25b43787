using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vigil.Linkage.Features;
using Vigil.Linkage.Model;

namespace Vigil.Linkage.Tests;

public class CalibrationTests
{
    private static readonly Calibration Supplied = LinkageModel.Default().Calibration
        ?? throw new InvalidOperationException("the default model should carry a calibration");

    private static Arbitrary<(int Table, int Weight, int Local)> Inputs() =>
        (from t in Gen.Choose(0, DeathKinds.Count)
         from w in Gen.Choose(-30, 40)
         from n in Gen.Choose(0, 5000)
         select (t, w, n)).ToArbitrary();

    [Property]
    public Property SuppliedCalibration_MoreEvidenceNeverLowersTheProbability() => Prop.ForAll(Inputs(), x =>
    {
        var lower = Supplied.Probability(new CalibrationInput(x.Weight, 0, x.Table, x.Local, 10_000, 0));
        var higher = Supplied.Probability(new CalibrationInput(x.Weight + 1, 0, x.Table, x.Local, 10_000, 0));
        return higher >= lower;
    });

    [Property]
    public Property SuppliedCalibration_ACrowdedNeighbourhoodNeedsMoreEvidence() => Prop.ForAll(Inputs(), x =>
    {
        var sparse = Supplied.Probability(new CalibrationInput(x.Weight, 0, x.Table, x.Local, 10_000, 0));
        var crowded = Supplied.Probability(new CalibrationInput(x.Weight, 0, x.Table, x.Local * 4 + 10, 10_000, 0));
        return crowded <= sparse;
    });

    [Fact]
    public void LogisticRegression_RecoversKnownCoefficients()
    {
        var random = new Random(9);
        var x = new List<double[]>();
        var y = new List<bool>();
        for (var i = 0; i < 20_000; i++)
        {
            var v = random.NextDouble() * 8 - 4;
            x.Add([1, v]);
            y.Add(random.NextDouble() < 1 / (1 + Math.Exp(-(-1.5 + 0.8 * v))));
        }
        var beta = LogisticRegression.Fit(x, y, [.. Enumerable.Repeat(1.0, x.Count)], [0, 0]);
        Assert.InRange(beta[0], -1.7, -1.3);
        Assert.InRange(beta[1], 0.7, 0.9);
    }

    /// <summary>Leave-one-archetype-out: a kind of death with no confirmed series in training (its rows all negative)
    /// must still alert on evidence as strong as the confirmed kinds' — not be silenced by an intercept driven to
    /// minus infinity (the old fit scored the held-out archetype 0 at every budget).</summary>
    [Fact]
    public void AKindWithNoConfirmedSeries_IsCalibratedLikeThePooledKinds()
    {
        var random = new Random(11);
        double Normal(double mean) => mean + 3 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var x = new List<double[]>();
        var y = new List<bool>();
        for (var i = 0; i < 30_000; i++)
        {
            var table = i % 3 == 0 ? (int)DeathKind.ElderlyNatural : i % 3 == 1 ? (int)DeathKind.Violent : (int)DeathKind.Ghb;
            // The GHB kind's series were held out of training: its rows are the unlinked pairs only.
            var linked = table != (int)DeathKind.Ghb && random.NextDouble() < 0.01;
            var row = new double[Calibration.Size];
            Calibration.Features(new CalibrationInput(Normal(linked ? 12 : -3), 0, table, 50, 5_000, 0), row);
            x.Add(row);
            y.Add(linked);
        }
        var calibration = CalibrationTrainer.Fit(x, y, [.. Enumerable.Repeat(1.0, x.Count)], new TrainingOptions());
        double P(DeathKind kind, double w) => calibration.Probability(new CalibrationInput(w, 0, (int)kind, 50, 5_000, 0));
        Assert.True(P(DeathKind.Ghb, 15) > P(DeathKind.Violent, 15) / 5, $"a held-out kind's strong pair gets {P(DeathKind.Ghb, 15)}, a confirmed kind's {P(DeathKind.Violent, 15)}");
        Assert.Contains("Ghb", calibration.FittedOn, StringComparison.Ordinal);
        Assert.True(P(DeathKind.Ghb, 0) < P(DeathKind.Violent, 0), "its own rows, all unlinked, still lower its intercept");
    }
}
