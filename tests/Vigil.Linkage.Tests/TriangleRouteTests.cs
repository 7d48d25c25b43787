using Vigil.Linkage.Features;
using Vigil.Linkage.Index;
using Vigil.Linkage.Model;

namespace Vigil.Linkage.Tests;

/// <summary>The series-triangle route (ADR 3194): a death alike to two earlier deaths of its kind that were alike to each
/// other raises both when the three stand out from the kind's triangles; off, and when measuring only, nothing changes.</summary>
public class TriangleRouteTests
{
    private static readonly List<Records.DeathRecord> Deaths = SyntheticDeaths.Generate(600, 6, 7).Deaths;

    /// <summary>A route under which every triangle stands out (its probability near 1), or none does.</summary>
    private static LinkageModel WithRoute(double q90)
    {
        var model = LinkageModel.Default();
        model.TriangleRoute = new TriangleRoute { Q90 = [.. Enumerable.Repeat(q90, DeathKinds.Count)], Scale = [.. Enumerable.Repeat(1.0, DeathKinds.Count)], Even = 0 };
        return model;
    }

    /// <param name="Said">The explanation's sentences of the first candidate the route raised, taken before the death was added.</param>
    private sealed record Replayed(LinkageRecord Death, DeathAssessment Assessment, IReadOnlyList<string> Said);

    private static List<Replayed> Replay(LinkageModel model, LinkageOptions? options = null)
    {
        var index = new LinkageIndex(model, options);
        var replayed = new List<Replayed>();
        foreach (var d in Deaths)
        {
            var r = index.Extractor.Extract(d);
            var assessment = index.Assess(r);
            var raised = assessment.Candidates.FirstOrDefault(c => c.Triangle is not null);
            replayed.Add(new Replayed(r, assessment, raised is null ? [] : index.Explain(r, assessment, raised).Signals));
            index.Add(r, assessment);
        }
        return replayed;
    }

    private static IEnumerable<(string Ref, double P)> Scores(List<Replayed> replayed) =>
        replayed.SelectMany(x => x.Assessment.Candidates.Select(c => (x.Death.Ref + ">" + c.Earlier.Ref, c.Score.Probability)));

    [Fact]
    public void MeasuringTriangles_WithoutTheRoute_FindsThem_AndChangesNoScore()
    {
        var plain = Replay(LinkageModel.Default());
        var measured = Replay(LinkageModel.Default(), new LinkageOptions { MeasureTriangles = true });
        Assert.Equal(Scores(plain), Scores(measured));
        Assert.All(measured, x => Assert.All(x.Assessment.Candidates, c => Assert.Null(c.Triangle)));
        // Training reads each death's best triangle from the ranking: the history must hold some.
        var index = new LinkageIndex(LinkageModel.Default(), new LinkageOptions { MeasureTriangles = true });
        var found = 0;
        foreach (var d in Deaths)
        {
            var r = index.Extractor.Extract(d);
            var ranked = index.Rank(r, 10);
            if (ranked.Triangle is not null) found++;
            index.Add(r, new DeathAssessment([.. ranked.Ranked.Select(x => x.Candidate)], ranked.Signals));
        }
        Assert.True(found > 50, $"{found} deaths with a triangle");
    }

    [Fact]
    public void ADeathAlikeToTwoThatWereAlike_RaisesBoth_AndSaysWhy()
    {
        var replayed = Replay(WithRoute(q90: -1000));
        // What each death's assessment kept, best first: the third pair of a triangle must come from it.
        var kept = replayed.ToDictionary(x => x.Death.Ref, x => x.Assessment.Candidates.Take(TriangleRoute.EarlierTop).Select(c => c.Earlier.Ref).ToList());
        var raised = 0;
        foreach (var (death, assessment, _) in replayed)
            foreach (var c in assessment.Candidates.Where(c => c.Triangle is not null))
            {
                raised++;
                var other = c.Triangle!.Other;
                Assert.True(c.Alert, "a raised pair alerts");
                Assert.Contains(assessment.Candidates, x => x.Earlier.Ref == other.Ref && x.Triangle?.Other.Ref == c.Earlier.Ref);
                var (later, earlier) = c.Earlier.Days >= other.Days ? (c.Earlier, other) : (other, c.Earlier);
                Assert.Contains(earlier.Ref, kept[later.Ref]);
                Assert.Equal(death.Kind, c.Earlier.Kind);
                Assert.Equal(death.Kind, other.Kind);
                Assert.True(c.Triangle.PairProbability < c.Score.Probability);
            }
        Assert.True(raised > 20, $"{raised} pairs raised");
        Assert.All(replayed.Where(x => x.Assessment.Candidates.Any(c => c.Triangle is not null)), x =>
            Assert.Contains(x.Said, s => s.StartsWith("Three alike deaths: this death agrees with this earlier death and with another", StringComparison.Ordinal)));
    }

    [Fact]
    public void TrianglesOrdinaryForTheirKind_RaiseNothing()
    {
        var plain = Replay(LinkageModel.Default());
        var ordinary = Replay(WithRoute(q90: 1000));
        Assert.Equal(Scores(plain), Scores(ordinary));
        Assert.All(ordinary, x => Assert.All(x.Assessment.Candidates, c => Assert.Null(c.Triangle)));
    }

    [Fact]
    public void Learn_GivesTheRouteItsShare_AndKeepsTheTotalBudget()
    {
        var random = new Random(5);
        var pair = Enumerable.Range(0, 10_000).Select(_ => Math.Pow(random.NextDouble(), 8)).ToArray();
        var triangles = Enumerable.Range(0, 10_000).Select(i => i % 3 == 0 ? ((double, int)?)null : (-30 + 20 * random.NextDouble(), i % DeathKinds.Count)).ToArray();
        var route = TriangleRoute.Learn(triangles, pair, share: 0.2)!;
        var byRoute = triangles.Select(t => t is { } x ? route.Probability(route.Standing(x.Item1, x.Item2)) : 0).ToArray();
        var combined = pair.Zip(byRoute, Math.Max).OrderDescending().ToArray();
        var threshold = combined[99];
        Assert.InRange(byRoute.Count(p => p >= threshold), 15, 25);
        Assert.Equal(100, combined.Count(p => p >= threshold));
        Assert.Null(TriangleRoute.Learn(triangles, pair, share: 0));
        var back = LinkageModel.FromJson(WithRoute(-3).ToJson()).TriangleRoute!;
        Assert.Equal(-3, back.Q90[0]);
    }
}
