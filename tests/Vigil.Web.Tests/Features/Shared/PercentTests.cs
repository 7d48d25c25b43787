using Vigil.Web.Features.Shared;

namespace Vigil.Web.Tests.Features.Shared;

public class PercentTests
{
    [Theory]
    [InlineData(0.91, "91\u00A0%")]
    [InlineData(1.0, "100\u00A0%")]
    [InlineData(0.004, "0\u00A0%")]
    public void APercentage_NeverBreaksFromItsSign(double share, string shown) => Assert.Equal(shown, Percent.Of(share));
}
