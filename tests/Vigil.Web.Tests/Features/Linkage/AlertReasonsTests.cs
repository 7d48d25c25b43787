using Vigil.Web.Features.Linkage.Alerts;

namespace Vigil.Web.Tests.Features.Linkage;

public sealed class AlertReasonsTests
{
    [Fact]
    public void Reasons_AreKeptOnePerLine_InTheirOrder_WithBlanksDropped()
    {
        // A name with an initial ("J. Okafor") is why reasons are not split at full stops.
        var stored = AlertReasons.Join(["Carer 'J. Okafor' is now in 4 deaths.", "  ", " 3 GHB deaths within a kilometre. "]);
        Assert.Equal(["Carer 'J. Okafor' is now in 4 deaths.", "3 GHB deaths within a kilometre."], AlertReasons.Split(stored));
    }

    [Fact]
    public void AnAlertWrittenBeforeReasonsWereLines_IsOneReason()
    {
        Assert.Equal(["First sentence. Second sentence."], AlertReasons.Split("First sentence. Second sentence."));
        Assert.Empty(AlertReasons.Split(null));
    }
}
