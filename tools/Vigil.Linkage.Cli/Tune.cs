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
            var curve = string.Join(" ", result.Curve.Select(c => FormattableString.Invariant($"@{c.AlertRate:0.0}:{c.SeriesFirstLink:0.00}/{c.VictimRecall:0.00}(t={c.Threshold:0.000})")));
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

/// <summary>Where the misses and false alarms are, by kind of death (training data only).</summary>
internal static class Diagnose
{
    public static void Run(string recordsPath, string truthPath, LinkageModel model, LinkageOptions options)
    {
        var deaths = LinkageReplay.ReadRecords(recordsPath);
        var truth = LinkageEvaluation.ReadTruth(truthPath);
        var index = new Vigil.Linkage.Index.LinkageIndex(model, options);
        var seen = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long candidates = 0;
        var ids = new List<int>();
        var stats = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var d in deaths)
        {
            var r = index.Extractor.Extract(d);
            ids.Clear();
            index.CollectCandidates(r, ids);
            candidates += ids.Count;
            var cands = index.Query(r);
            var kind = r.Kind.ToString();
            if (!stats.TryGetValue(kind, out var s)) stats[kind] = s = new int[6];
            s[0]++;
            var series = truth.GetValueOrDefault(r.Ref);
            var members = series is null ? null : seen.GetValueOrDefault(series);
            var alerted = cands.Where(c => c.Alert).ToList();
            if (alerted.Count > 0) s[1]++;
            if (alerted.Any(c => members is null || !members.Contains(c.Earlier.Ref))) s[2]++;
            if (members is { Count: > 0 })
            {
                s[3]++;
                if (alerted.Any(c => members.Contains(c.Earlier.Ref))) s[4]++;
                if (ids.Any(id => members.Contains(index.Records[id].Ref))) s[5]++;
                var best = cands.FirstOrDefault(c => members.Contains(c.Earlier.Ref));
                if (best is null || !best.Alert)
                    Console.WriteLine(FormattableString.Invariant($"miss {series} {r.Ref} {kind} top={cands.FirstOrDefault()?.Score.Probability:0.000} true={best?.Score.Probability:0.000} w={best?.Score.Weight:0.0} prior={best?.Score.LogPriorOdds:0.0}"));
            }
            if (series is not null) { if (!seen.TryGetValue(series, out var m)) seen[series] = m = []; m.Add(r.Ref); }
            index.Add(r);
        }
        Console.WriteLine(FormattableString.Invariant($"elapsed {clock.Elapsed.TotalSeconds:0.0}s, mean candidates {(double)candidates / deaths.Count:0}"));
        foreach (var (k, s) in stats)
            Console.WriteLine($"{k,-15} n={s[0]} alerted={s[1]} false={s[2]} later={s[3]} found={s[4]} blocked={s[5]}");
    }
}
