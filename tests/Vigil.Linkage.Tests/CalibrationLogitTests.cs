using Vigil.Linkage.Features;
using Vigil.Linkage.Model;

namespace Vigil.Linkage.Tests;

/// <summary>The calibration's log-odds are summed term by term without the feature vector, and the two logged counts
/// can be taken once per death (ADR 2642): the result must be the dot product of the coefficients with
/// <see cref="Calibration.Features"/>, to the bit.</summary>
public class CalibrationLogitTests
{
    private static readonly Calibration Supplied = LinkageModel.Default().Calibration
        ?? throw new InvalidOperationException("the default model should carry a calibration");

    [Fact]
    public void Logit_IsTheDotProductOfTheFeatures_BitForBit()
    {
        var random = new Random(2642);
        Span<double> f = stackalloc double[Calibration.Size];
        for (var i = 0; i < 100_000; i++)
        {
            var x = RandomInput(random);
            Calibration.Features(x, f);
            var expected = 0.0;
            for (var k = 0; k < Calibration.Size; k++) expected += Supplied.Coefficients[k] * f[k];
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(Supplied.Logit(x)));
            var p = 1 / (1 + Math.Exp(-Math.Clamp(expected, -60, 60)));
            var once = Supplied.Probability(x, Calibration.LogCount(x.LocalComparable), Calibration.LogCount(x.KindTotal));
            Assert.Equal(BitConverter.DoubleToInt64Bits(p), BitConverter.DoubleToInt64Bits(once));
            Assert.Equal(BitConverter.DoubleToInt64Bits(p), BitConverter.DoubleToInt64Bits(Supplied.Probability(x)));
        }
    }

    private static CalibrationInput RandomInput(Random random)
    {
        // Zeros are common in real inputs (no person weight, no surprise, no series) and are where a shortcut could slip.
        double Value(double scale) => random.Next(4) == 0 ? 0 : (random.NextDouble() * 2 - 1) * scale;
        var share = random.Next(3) switch { 0 => (double?)null, 1 => 0, _ => Value(5) };
        return new CalibrationInput(Value(40), Value(15), random.Next(DeathKinds.Count + 1), random.Next(3) == 0 ? 0 : random.Next(5000),
            random.Next(100_000), random.Next(3) == 0 ? double.NegativeInfinity : Value(30))
        {
            PersonSurprise = Math.Abs(Value(20)), ClusterSurprise = Math.Abs(Value(20)), SeriesShare = share,
        };
    }
}
