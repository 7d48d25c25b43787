using Vigil.Linkage;
using Vigil.Linkage.Index;
using Vigil.Linkage.Model;
using Vigil.Linkage.Replay;
using Vigil.Records;

/// <summary>Two-fold split of the training truth by series: learn on one half, measure recall on the other.</summary>
internal static class Tune
{
    public static void Run(string recordsPath, string truthPath, TrainingOptions training, LinkageOptions options)
    {
        var deaths = LinkageReplay.ReadRecords(recordsPath);
        var truth = ReplayFiles.ReadTruth(truthPath);
        var series = truth.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        for (var fold = 0; fold < 2; fold++)
        {
            var held = series.Where((s, i) => i % 2 == fold).ToHashSet(StringComparer.Ordinal);
            var trainTruth = truth.Where(kv => !held.Contains(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            var model = LinkageTraining.Train(deaths, trainTruth, training);
            var result = LinkageEvaluation.Evaluate(ReplayAll(deaths, model, options), truth, held.Contains);
            Console.WriteLine(FormattableString.Invariant($"fold {fold}: {Line(result)}"));
        }
    }

    internal static string Line(EvaluationResult result)
    {
        var curve = string.Join(" ", result.Curve.Select((c, i) => FormattableString.Invariant(
            $"@{LinkageEvaluation.CurveRates[i]}:{c.SeriesFirstLink:0.00}/{c.VictimRecall:0.00}")));
        return FormattableString.Invariant(
            $"flags {result.SeriesFirstLink:0.00}/{result.VictimRecall:0.00} at {result.AlertRate:0.00}/100 r@5 {result.RecallAt5:0.00} ap {result.AveragePrecision:0.000} | {curve}");
    }

    internal static List<ReplayLine> ReplayAll(List<DeathRecord> deaths, LinkageModel model, LinkageOptions options)
    {
        var index = new LinkageIndex(model, options);
        var lines = new List<ReplayLine>();
        foreach (var d in deaths)
        {
            var r = index.Extractor.Extract(d);
            var assessment = index.Assess(r);
            var cands = assessment.Candidates;
            index.Add(r, assessment);
            lines.Add(new ReplayLine(r.Ref, [.. cands.Select(c => (c.Earlier.Ref, c.Score.Probability, c.Alert))]));
        }
        return lines;
    }
}

/// <summary>Leave-one-archetype-out: for each archetype, train on the other archetypes' series only (the held-out
/// series are neither positives nor negatives in training), replay, and score the held-out archetype.</summary>
internal static class Loao
{
    public static void Run(string recordsPath, string truthPath, string kindsPath, TrainingOptions training, LinkageOptions options, string only, string dump)
    {
        var deaths = LinkageReplay.ReadRecords(recordsPath);
        var truth = ReplayFiles.ReadTruth(truthPath);
        var kinds = ReplayFiles.ReadKinds(kindsPath);
        foreach (var archetype in kinds.Values.Distinct(StringComparer.Ordinal).Where(a => only.Length == 0 || only.Split(',').Contains(a)).Order(StringComparer.Ordinal))
        {
            var held = kinds.Where(kv => kv.Value == archetype).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
            var trainTruth = truth.Where(kv => !held.Contains(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            var heldRefs = truth.Where(kv => held.Contains(kv.Value)).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
            var prefix = dump.Length == 0 ? null : Path.Combine(dump, archetype);
            var model = LinkageTraining.Train(deaths, trainTruth, training with
            {
                Excluded = heldRefs, ReplayThresholds = false,
                CalibrationRowsSink = prefix is null ? training.CalibrationRowsSink : Dumps.RowsTo(prefix + ".rows.tsv"),
            });
            if (prefix is not null) File.WriteAllText(prefix + ".model.json", model.ToJson());
            var result = LinkageEvaluation.Evaluate(Dumps.Replay(deaths, model, options, prefix is null ? null : prefix + ".replay.tsv"), truth, held.Contains);
            Console.WriteLine($"{archetype,-10} {Tune.Line(result)}");
            Console.WriteLine($"{archetype,-10} calibration: {model.Calibration?.FittedOn}");
        }
    }
}
