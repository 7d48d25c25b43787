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
}
