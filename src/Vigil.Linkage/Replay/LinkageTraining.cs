using Vigil.Linkage.Features;
using Vigil.Linkage.Index;
using Vigil.Linkage.Model;
using Vigil.Linkage.Scoring;
using Vigil.Records;

namespace Vigil.Linkage.Replay;

/// <summary>The <c>vigil train</c> verb: learns a model from a records file and its confirmed series.</summary>
public static class LinkageTraining
{
    /// <summary>Learns from confirmed series and writes the model JSON to <paramref name="outPath"/>.</summary>
    public static LinkageModel Train(string recordsPath, string truthPath, string outPath, TrainingOptions? options = null)
    {
        var model = Train(LinkageReplay.ReadRecords(recordsPath), ReplayFiles.ReadTruth(truthPath), options);
        File.WriteAllText(outPath, model.ToJson());
        return model;
    }

    /// <summary>Learns from deaths and a truth map (ref → series).</summary>
    public static LinkageModel Train(IReadOnlyList<DeathRecord> deaths, IReadOnlyDictionary<string, string> truth, TrainingOptions? options = null)
    {
        options ??= new TrainingOptions();
        // Roles are learnt without labels, once: every fold's model and the final one start from them.
        var roles = options.RolePriors ? LearnRoles(deaths) : null;
        var model = TrainWeights(deaths, truth, options);
        model.RolePriors = roles;
        if (options.Calibrate)
        {
            (model.Calibration, model.AlertThresholds) = CalibrationTrainer.Fit(deaths, truth, options, t =>
            {
                var fold = TrainWeights(deaths, t, options);
                fold.RolePriors = roles;
                return fold;
            });
            // The thresholds that meet each budget with this very model on the training force's own history: the
            // folds' models were learnt from fewer series and score differently.
            // The triangle route is learnt from this replay, so a measuring run that reads its own thresholds still makes it.
            if (options.ReplayThresholds || options.TriangleShare > 0)
                model.AlertThresholds = BudgetThresholds(deaths, model, options.RarityShare, options.TriangleShare);
        }
        model.TrainedOn = $"{deaths.Count} deaths, {truth.Values.Distinct(StringComparer.Ordinal).Count()} confirmed series";
        return model;
    }

    /// <summary>What is ordinary for each role in <paramref name="deaths"/>: the person signals' priors after indexing
    /// them all (no labels used).</summary>
    public static Dictionary<string, Vigil.Linkage.Surveillance.RoleMoments> LearnRoles(IReadOnlyList<DeathRecord> deaths)
    {
        var index = new LinkageIndex(new LinkageModel());
        foreach (var d in deaths) index.Add(index.Extractor.Extract(d));
        return index.Surveillance.LearntRoles();
    }

    private static LinkageModel TrainWeights(IReadOnlyList<DeathRecord> deaths, IReadOnlyDictionary<string, string> truth, TrainingOptions options)
    {
        var (records, frequencies) = Extract(deaths);
        return Trainer.TrainSupervised(records, frequencies, r => truth.GetValueOrDefault(r.Ref), options);
    }

    /// <summary>Replays <paramref name="deaths"/> with <paramref name="model"/> and returns, for each budget, the best
    /// probability of the death at that rank (alerts per 100 deaths). With a <paramref name="rarityShare"/> the replay
    /// also places the rarity route (ADR 1601) so that it takes that many of each 100 deaths' alerts at one per 100, and
    /// sets <see cref="LinkageModel.RarityEven"/>: the thresholds then count both routes. With a <paramref name="triangleShare"/>
    /// the replay finds each death's best triangle and learns <see cref="LinkageModel.TriangleRoute"/> the same way (ADR 3194).</summary>
    public static List<BudgetThreshold> BudgetThresholds(IReadOnlyList<DeathRecord> deaths, LinkageModel model, double rarityShare = 0,
        double triangleShare = 0)
    {
        model.RarityEven = null;
        model.TriangleRoute = null;
        var index = new LinkageIndex(model, new LinkageOptions { MeasureRarity = rarityShare > 0, MeasureTriangles = triangleShare > 0 });
        var best = new double[deaths.Count];
        var route = new double[deaths.Count];
        var triangles = new (double Sum, int Table)?[deaths.Count];
        for (var i = 0; i < deaths.Count; i++)
        {
            var r = index.Extractor.Extract(deaths[i]);
            var rankedDeath = index.Rank(r, index.Options.TopCandidates);
            var (ranked, signals) = rankedDeath;
            triangles[i] = rankedDeath.Triangle;
            best[i] = ranked.Count == 0 ? 0 : ranked[0].Candidate.Score.Probability;
            route[i] = ranked.Count == 0 ? double.NegativeInfinity : ranked.Max(x => x.Input.RouteScore);
            index.Add(r, new DeathAssessment([.. ranked.Select(x => x.Candidate)], signals));
        }
        if (rarityShare > 0)
        {
            var even = RarityRoute.Even(best, route, rarityShare, budget: 1);
            model.RarityEven = even;
            for (var i = 0; i < best.Length; i++) best[i] = Math.Max(best[i], RarityRoute.Probability(route[i], even));
        }
        if (triangleShare > 0 && TriangleRoute.Learn(triangles, best, triangleShare) is { } learnt)
        {
            model.TriangleRoute = learnt;
            for (var i = 0; i < best.Length; i++)
                if (triangles[i] is { } t) best[i] = Math.Max(best[i], learnt.Probability(learnt.Standing(t.Sum, t.Table)));
        }
        Array.Sort(best);
        Array.Reverse(best);
        return [.. CalibrationTrainer.Budgets.Select(b =>
        {
            var n = (int)Math.Round(b / 100 * deaths.Count);
            return new BudgetThreshold(b, n <= 0 || best.Length == 0 ? 1 : best[Math.Clamp(n, 1, best.Length) - 1]);
        })];
    }

    /// <summary>Learns without labels (EM over the candidate pairs blocking produces).</summary>
    public static LinkageModel TrainUnsupervised(IReadOnlyList<DeathRecord> deaths, TrainingOptions? options = null, LinkageOptions? linkage = null)
    {
        var index = new LinkageIndex(new LinkageModel(), linkage);
        var pairs = new List<(LinkageRecord, LinkageRecord)>();
        var ids = new List<int>();
        var random = new Random((options ?? new TrainingOptions()).Seed);
        foreach (var d in deaths)
        {
            var r = index.Extractor.Extract(d);
            ids.Clear();
            index.CollectCandidates(r, ids);
            // At most this many candidates per death (a random sample) keeps memory bounded on a large force.
            for (var i = 0; i < ids.Count; i++)
                if (ids.Count <= MaxEmPairsPerDeath || random.Next(ids.Count) < MaxEmPairsPerDeath) pairs.Add((r, index.Records[ids[i]]));
            index.Add(r);
        }
        var model = EmTrainer.Train(index.Records, pairs, options);
        model.TrainedOn = $"{deaths.Count} deaths, no labels";
        return model;
    }

    private const int MaxEmPairsPerDeath = 60;

    internal static (List<LinkageRecord> Records, FrequencyCounts Frequencies) Extract(IReadOnlyList<DeathRecord> deaths)
    {
        var extractor = new FeatureExtractor();
        var frequencies = new FrequencyCounts(extractor.PersonKeys);
        var records = deaths.Select(extractor.Extract).ToList();
        foreach (var r in records) frequencies.Add(r);
        return (records, frequencies);
    }
}
