using Vigil.Linkage.Index;
using Vigil.Linkage.Model;
using Vigil.Linkage.Replay;
using Vigil.Records;

namespace Vigil.Linkage.Tests.Surveillance;

/// <summary>Role priors learnt on one force's history and shipped with a model (ADR 1491): a new force's ordinary GP
/// is judged by what GPs ordinarily do from its first weeks, not as a one-off person in a dozen deaths.</summary>
public partial class PersonSurveillanceTests
{
    private static List<DeathRecord> History(int deathsPerArea, int seed, int areas = 8)
    {
        var random = new Random(seed);
        var deaths = new List<DeathRecord>();
        for (var a = 0; a < areas; a++)
            for (var i = 0; i < deathsPerArea; i++)
                deaths.Add(Natural($"H{seed}-{a}-{i}", Start.AddDays(random.NextDouble() * 1460), a, random,
                    $"Dr {Areas[a]}{random.Next(2)} Practitioner", $"Carer {Areas[a]}{random.Next(3)} Visiting", Name(random)));
        return [.. deaths.OrderBy(d => d.FoundAt)];
    }

    /// <summary>The GP's surprise at the last of a new force's first months of deaths in one area.</summary>
    private static double FirstMonthsGpSurprise(LinkageModel model)
    {
        var index = new LinkageIndex(model);
        var random = new Random(9);
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 40; i++)
        {
            var r = index.Extractor.Extract(Natural($"N-{i}", start.AddDays(i * 2), 3, random, "Dr West0 Practitioner", null, Name(random)));
            index.Add(r, index.Assess(r));
        }
        return PersonSurprise(index, Natural("N-last", start.AddDays(81), 3, random, "Dr West0 Practitioner", null, null), "certifying-doctor");
    }

    [Fact]
    public void OrdinaryGp_InANewForcesFirstMonths_IsNoSurprise_OnceRolesComeFromAnotherForcesHistory()
    {
        var unseeded = FirstMonthsGpSurprise(LinkageModel.Default());
        var seededModel = LinkageModel.Default();
        seededModel.RolePriors = LinkageTraining.LearnRoles(History(deathsPerArea: 200, seed: 3));

        var seeded = FirstMonthsGpSurprise(seededModel);

        // Without a history the GP of 40 deaths in 80 days looks like a one-off person: the warm-up artefact.
        Assert.True(unseeded >= 10, $"unseeded surprise {unseeded}");
        Assert.True(seeded < 3, $"seeded surprise {seeded}");
    }

    [Fact]
    public void SeededRoles_AreWeighedAsAFewHundredMentions_SoTheForcesOwnHistoryTakesOver()
    {
        var learnt = LinkageTraining.LearnRoles(History(deathsPerArea: 200, seed: 4));
        var doctor = learnt["area:certifying-doctor"];
        Assert.True(doctor.N > 1000, $"mentions {doctor.N}");

        var index = new LinkageIndex(new LinkageModel { RolePriors = learnt });
        var seeded = index.Surveillance.LearntRoles()["area:certifying-doctor"];

        Assert.Equal(new Vigil.Linkage.Surveillance.SurveillanceOptions().SeededRoleMentions, seeded.N, 6);
        // Scaling keeps what a regular's share is on average.
        Assert.Equal(doctor.Sum / doctor.Regular, seeded.Sum / seeded.Regular, 9);
    }

    [Fact]
    public void RolePriors_SurviveTheModelsJson()
    {
        var model = LinkageModel.Default();
        model.RolePriors = LinkageTraining.LearnRoles(History(deathsPerArea: 60, seed: 5, areas: 3));

        var back = LinkageModel.FromJson(model.ToJson());

        Assert.NotNull(back.RolePriors);
        Assert.Equal(model.RolePriors.Keys.Order(StringComparer.Ordinal), back.RolePriors.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, m) in model.RolePriors)
            Assert.Equal((m.N, m.Regular, m.Sum, m.OneOffExposure), (back.RolePriors[key].N, back.RolePriors[key].Regular, back.RolePriors[key].Sum, back.RolePriors[key].OneOffExposure));
    }
}
