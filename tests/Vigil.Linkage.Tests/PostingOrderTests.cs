using Vigil.Linkage.Index;
using Vigil.Linkage.Model;
using Vigil.Records;

namespace Vigil.Linkage.Tests;

/// <summary>ADR 3160: a death entered after others but found long before them (a historic death typed in, a backfill
/// import, a corrected found date) must not hide them from the deaths compared after it. The blocking postings were kept
/// in entry order and read newest first up to the window's edge: the old death, last in the list, ended the walk at once.</summary>
public class PostingOrderTests
{
    private static readonly DateTimeOffset Found = new(2021, 6, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void DeathEnteredLate_FoundYearsBefore_DoesNotHideTheDeathsEnteredBeforeIt()
    {
        var index = new LinkageIndex(LinkageModel.Default());
        index.Add(Death("recent", Found));
        // Found three years before, entered after: past the space–time window (800 days) of the next death.
        index.Add(Death("historic", Found.AddYears(-3)));
        var next = index.Extractor.Extract(Death("next", Found.AddDays(20)));

        Assert.Contains(index.Query(next, int.MaxValue), c => c.Earlier.Ref == "recent");
    }

    [Fact]
    public void DeathsEnteredOutOfOrder_AreFoundAsIfEnteredInOrder()
    {
        var ordered = new LinkageIndex(LinkageModel.Default());
        var shuffled = new LinkageIndex(LinkageModel.Default());
        var deaths = Enumerable.Range(0, 40).Select(i => Death($"d{i}", Found.AddDays(-60 * i))).ToList();
        foreach (var d in deaths.OrderBy(d => d.FoundAt)) ordered.Add(d);
        // Every 17th of 40 in turn: each death lands among others entered before it but found after it.
        foreach (var d in deaths.Select((d, i) => (d, i)).OrderBy(x => x.i * 17 % 40).Select(x => x.d)) shuffled.Add(d);
        var next = Death("next", Found.AddDays(20));

        Assert.Equal(Refs(ordered, next), Refs(shuffled, next));
        Assert.True(Refs(ordered, next).Count >= 13, "deaths within the 800-day window are candidates");
    }

    private static List<string> Refs(LinkageIndex index, DeathRecord d) =>
        [.. index.Query(index.Extractor.Extract(d), int.MaxValue).Select(c => c.Earlier.Ref).Order(StringComparer.Ordinal)];

    /// <summary>Young men dead of GHB at one churchyard, no person named: only place and time block them together.</summary>
    internal static DeathRecord Death(string reference, DateTimeOffset found) => new()
    {
        Ref = reference, FoundAt = found, ReportedAt = found.AddMinutes(20),
        Location = new RecordLocation { Lat = 51.5079, Lon = -0.0877, Setting = "churchyard", Area = "Southwark" },
        Deceased = new RecordDeceased { Name = "Unknown", Sex = "male", Age = 24 },
        Position = "sitting-propped", SceneFeatures = ["body-moved"],
        Toxicology = [new RecordToxicology { Substance = "GHB", ConcentrationMgL = 300 }],
        CauseOfDeath = "GHB toxicity", Manner = "pending", People = [],
    };
}
