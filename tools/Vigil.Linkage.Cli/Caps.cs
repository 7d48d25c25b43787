using System.Globalization;
using Vigil.Linkage;
using Vigil.Linkage.Index;
using Vigil.Linkage.Model;
using Vigil.Linkage.Replay;

/// <summary>How often the caps bind (ADR 3173): a replay in found order, each death ranked against every candidate, that
/// counts deaths with more earlier deaths above the alert threshold than an alert names (<see cref="MaxNamed"/>) or than
/// the engine keeps (<see cref="LinkageOptions.TopCandidates"/>), ties at those cuts, and key walks cut at
/// <see cref="LinkageOptions.MaxPostingsPerKey"/>. The index grows as a replay's does: each death is added with the
/// candidates its decision keeps, so the engine's own series are the ones a replay forms.</summary>
internal static class Caps
{
    /// <summary>Earlier deaths an alert named before ADR 3174 (LinkageEngine.MaxNamed in the web app).</summary>
    private const int MaxNamed = 6;

    public static void Run(string recordsPath, string? truthPath, LinkageModel model, LinkageOptions options)
    {
        var deaths = LinkageReplay.ReadRecords(recordsPath);
        var truth = truthPath is null ? [] : ReplayFiles.ReadTruth(truthPath);
        var index = new LinkageIndex(model, options);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var top = options.TopCandidates;
        int alerting = 0, anyTie = 0, tieAbove = 0, overNamed = 0, overTop = 0, tieAtNamed = 0, tieAtTop = 0, tieAtTopAbove = 0;
        long droppedByNamed = 0, droppedByTop = 0, trueDroppedByNamed = 0, trueDroppedByTop = 0, above = 0;
        var sizes = new SortedDictionary<int, int>();
        foreach (var d in deaths)
        {
            var r = index.Extractor.Extract(d);
            var (ranked, signals) = index.Rank(r, int.MaxValue);
            var p = ranked.ConvertAll(x => x.Candidate.Score.Probability);
            var alike = ranked.Count(x => x.Candidate.Alert);
            var series = truth.GetValueOrDefault(r.Ref);
            bool True(int i) => series is not null && truth.GetValueOrDefault(ranked[i].Candidate.Earlier.Ref) == series;
            above += alike;
            if (Enumerable.Range(1, Math.Max(0, p.Count - 1)).Any(i => p[i] == p[i - 1])) anyTie++;
            if (Enumerable.Range(1, Math.Max(0, alike - 1)).Any(i => p[i] == p[i - 1])) tieAbove++;
            if (alike > 0) alerting++;
            var named = Math.Min(MaxNamed, Math.Min(top, alike));
            if (alike > named)
            {
                overNamed++;
                droppedByNamed += alike - named;
                for (var i = named; i < alike; i++) if (True(i)) trueDroppedByNamed++;
                sizes[alike] = sizes.GetValueOrDefault(alike) + 1;
                if (p[named - 1] == p[named]) tieAtNamed++;
            }
            if (alike > top)
            {
                overTop++;
                droppedByTop += alike - top;
                for (var i = top; i < alike; i++) if (True(i)) trueDroppedByTop++;
            }
            if (p.Count > top && p[top - 1] == p[top])
            {
                tieAtTop++;
                if (alike > top) tieAtTopAbove++;
            }
            // Kept as the engine's decision keeps them: the top ten, and every other candidate at or above the threshold
            // since ADR 3175 (before it, the top ten alone: main's figures were measured so).
            index.Add(r, new DeathAssessment([.. ranked.Take(Math.Max(top, alike)).Select(x => x.Candidate)], signals));
        }
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"deaths {deaths.Count}, threshold {index.Threshold:0.####}, alerting {alerting}, pairs above the threshold {above}, {clock.Elapsed.TotalSeconds:0} s"));
        Console.WriteLine($"more above the threshold than an alert names ({MaxNamed}): {overNamed} deaths, {droppedByNamed} earlier deaths unnamed ({trueDroppedByNamed} of the same true series); tied across the cut: {tieAtNamed}");
        Console.WriteLine($"more above the threshold than the engine keeps ({top}): {overTop} deaths, {droppedByTop} earlier deaths dropped ({trueDroppedByTop} of the same true series)");
        Console.WriteLine($"deaths with two candidates tied: {anyTie}; two tied above the threshold: {tieAbove}");
        Console.WriteLine($"tied across the top-{top} cut: {tieAtTop} deaths ({tieAtTopAbove} of them above the threshold)");
        Console.WriteLine($"above the threshold, deaths over {MaxNamed}: {string.Join(", ", sizes.Select(kv => $"{kv.Key}×{kv.Value}"))}");
        var caps = index.PostingCaps;
        Console.WriteLine($"key walks cut at {options.MaxPostingsPerKey} postings: candidates {caps.CandidateWalks}, surveillance {caps.SurveillanceWalks}, distinct keys {caps.Keys}");
    }
}
