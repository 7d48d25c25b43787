namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>What tests with several series in one store rely on from <see cref="LinkageSamples.Apart"/>.</summary>
public sealed class LinkageSamplesTests
{
    [Fact]
    public void SeriesApart_AreYearsAndTensOfKilometresFromEachOther()
    {
        // Round 46 measured cross-series alerts only within a kilometre and a year; the engine compares deaths within
        // neighbouring 4 km cells at most. Every pair of spots is well beyond both.
        var spots = Enumerable.Range(0, 12).Select(LinkageSamples.Apart).ToList();
        for (var i = 0; i < spots.Count; i++)
            for (var j = i + 1; j < spots.Count; j++)
            {
                var (a, b) = (spots[i], spots[j]);
                var dx = (a.Lon - b.Lon) * 111.32 * Math.Cos((a.Lat + b.Lat) / 2 * Math.PI / 180);
                var dy = (a.Lat - b.Lat) * 110.57;
                Assert.True(Math.Sqrt(dx * dx + dy * dy) >= 100, $"series {i} and {j} are {Math.Sqrt(dx * dx + dy * dy):F0} km apart");
                Assert.True(Math.Abs((a.Start - b.Start).TotalDays) >= 400, $"series {i} and {j} start {Math.Abs((a.Start - b.Start).TotalDays)} days apart");
            }
    }
}
