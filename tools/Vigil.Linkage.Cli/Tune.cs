using Vigil.Linkage;
using Vigil.Linkage.Model;
using Vigil.Linkage.Replay;

/// <summary>Two-fold split of the training truth by series: learn on one half, measure recall on the other.</summary>
internal static class Tune
{
    public static void Run(string recordsPath, string truthPath, TrainingOptions training, LinkageOptions options)
    {
        var deaths = LinkageReplay.ReadRecords(recordsPath);
        var truth = LinkageEvaluation.ReadTruth(truthPath);
        var series = truth.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        for (var fold = 0; fold < 2; fold++)
        {
            var held = series.Where((s, i) => i % 2 == fold).ToHashSet(StringComparer.Ordinal);
            var trainTruth = truth.Where(kv => !held.Contains(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            var model = LinkageTraining.Train(deaths, trainTruth, training);
            var lines = ReplayAll(deaths, model, options);
            var result = LinkageEvaluation.Evaluate(lines, truth, held.Contains);
            var curve = string.Join(" ", result.Curve.Select(c => FormattableString.Invariant($"@{c.AlertRate:0.0}:{c.SeriesFirstLink:0.00}/{c.VictimRecall:0.00}")));
            Console.WriteLine(FormattableString.Invariant(
                $"fold {fold}: first {result.SeriesFirstLink:0.00} recall {result.VictimRecall:0.00} r@5 {result.RecallAt5:0.00} rate {result.AlertRate:0.00} prec {result.AlertPrecision:0.00} ap {result.AveragePrecision:0.000} | {curve}"));
        }
    }

    private static List<ReplayLine> ReplayAll(List<Vigil.Records.DeathRecord> deaths, LinkageModel model, LinkageOptions options)
    {
        var index = new Vigil.Linkage.Index.LinkageIndex(model, options);
        var lines = new List<ReplayLine>();
        foreach (var d in deaths)
        {
            var r = index.Extractor.Extract(d);
            var cands = index.Query(r);
            index.Add(r);
            lines.Add(new ReplayLine(r.Ref, [.. cands.Select(c => (c.Earlier.Ref, c.Score.Probability, c.Alert))]));
        }
        return lines;
    }
}
