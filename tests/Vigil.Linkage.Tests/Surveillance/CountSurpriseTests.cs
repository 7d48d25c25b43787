using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vigil.Linkage.Surveillance;

namespace Vigil.Linkage.Tests.Surveillance;

public class CountSurpriseTests
{
    private static Arbitrary<(int Observed, double Expected, double Size)> Counts() =>
        (from k in Gen.Choose(0, 60)
         from e in Gen.Choose(1, 4000).Select(x => x / 100.0)
         from s in Gen.Choose(1, 2000).Select(x => x / 100.0)
         select (k, e, s)).ToArbitrary();

    [Property]
    public Property Poisson_IsMonotoneInTheCount_AndInTheExpectation() => Prop.ForAll(Counts(), x =>
        CountSurprise.Poisson(x.Observed + 1, x.Expected) >= CountSurprise.Poisson(x.Observed, x.Expected) - 1e-9
        && CountSurprise.Poisson(x.Observed, x.Expected * 1.5) <= CountSurprise.Poisson(x.Observed, x.Expected) + 1e-9);

    [Property]
    public Property NegativeBinomial_IsMonotoneInTheCount_AndInTheExpectation() => Prop.ForAll(Counts(), x =>
        CountSurprise.NegativeBinomial(x.Observed + 1, x.Expected, x.Size) >= CountSurprise.NegativeBinomial(x.Observed, x.Expected, x.Size) - 1e-9
        && CountSurprise.NegativeBinomial(x.Observed, x.Expected * 1.5, x.Size) <= CountSurprise.NegativeBinomial(x.Observed, x.Expected, x.Size) + 1e-9);

    [Property]
    public Property NegativeBinomial_IsNeverMoreSurprisedThanPoisson_ByTheSameMean() => Prop.ForAll(Counts(), x =>
        x.Observed < 2 * x.Expected + 2 || CountSurprise.NegativeBinomial(x.Observed, x.Expected, x.Size) <= CountSurprise.Poisson(x.Observed, x.Expected) + 1e-6);

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(1, 3.0)]
    [InlineData(3, 0.2)]
    [InlineData(10, 4.0)]
    public void Poisson_MatchesTheTailSummedByHand(int k, double lambda)
    {
        var below = Enumerable.Range(0, k).Sum(i => Math.Exp(-lambda + i * Math.Log(lambda) - CountSurprise.LogGamma(i + 1)));
        Assert.Equal(-Math.Log(1 - below), CountSurprise.Poisson(k, lambda), 6);
    }

    [Fact]
    public void NegativeBinomial_TendsToPoisson_AsTheRateBecomesCertain()
    {
        Assert.Equal(CountSurprise.Poisson(4, 1.2), CountSurprise.NegativeBinomial(4, 1.2, 1e5), 3);
        Assert.Equal(0, CountSurprise.Poisson(0, 3));
        Assert.Equal(CountSurprise.Cap, CountSurprise.Poisson(2, 0));
    }
}
