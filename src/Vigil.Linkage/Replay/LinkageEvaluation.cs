namespace Vigil.Linkage.Replay;

/// <summary>The <c>vigil evaluate</c> verb: scores a replay output against a truth file, overall and per archetype.</summary>
public static class LinkageEvaluation
{
    /// <summary>Alert rates (per 100 records) at which the recall curve is reported.</summary>
    public static IReadOnlyList<double> CurveRates { get; } = [0.25, 0.5, 1, 2];

    /// <summary>Evaluates a replay output file against a truth CSV (<c>ref,series</c>) and, when given, a kinds CSV
    /// (<c>series,archetype</c>).</summary>
    public static EvaluationResult Evaluate(string replayPath, string truthPath, string? kindsPath = null) =>
        Evaluate(ReplayFiles.ReadReplay(replayPath), ReplayFiles.ReadTruth(truthPath), null,
            kindsPath is null ? null : ReplayFiles.ReadKinds(kindsPath));

    /// <summary>Evaluates parsed replay lines. Only series accepted by <paramref name="includeSeries"/> count towards
    /// recall (used to score a held-out part of the training truth); alert rate counts every record. With
    /// <paramref name="kinds"/> (series → archetype) the result also holds one result per archetype, at the same
    /// thresholds: the alert budget is shared by all archetypes, as it is in a force.</summary>
    public static EvaluationResult Evaluate(IReadOnlyList<ReplayLine> lines, IReadOnlyDictionary<string, string> truth,
        Func<string, bool>? includeSeries = null, IReadOnlyDictionary<string, string>? kinds = null)
    {
        var best = lines.Select(l => l.Candidates.Count == 0 ? double.NegativeInfinity : l.Candidates.Max(c => c.Score)).OrderDescending().ToArray();
        var thresholds = CurveRates.Select(rate =>
        {
            var n = (int)Math.Round(rate / 100 * lines.Count);
            return n <= 0 ? double.PositiveInfinity : best[Math.Min(n, best.Length) - 1];
        }).ToList();
        var atFlags = lines.Select(l => l.Candidates.Where(c => c.Alert).Select(c => c.Ref).ToList()).ToList();
        var atThresholds = thresholds.Select(t => lines.Select(l => l.Candidates.Where(c => c.Score >= t).Select(c => c.Ref).ToList()).ToList()).ToList();

        EvaluationResult For(Func<string, bool>? include)
        {
            var result = Metrics(lines, truth, atFlags, include);
            var curve = thresholds.Select((t, i) =>
            {
                var m = Metrics(lines, truth, atThresholds[i], include);
                return new CurvePoint(m.AlertRate, t, m.SeriesFirstLink, m.VictimRecall, m.AlertPrecision);
            }).ToList();
            return result with { Curve = curve };
        }

        var overall = For(includeSeries);
        if (kinds is null) return overall;
        var byArchetype = kinds.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToDictionary(
            a => a,
            a => For(s => string.Equals(kinds.GetValueOrDefault(s), a, StringComparison.Ordinal) && (includeSeries is null || includeSeries(s))),
            StringComparer.Ordinal);
        return overall with { ByArchetype = byArchetype.Where(kv => kv.Value.Series > 0).ToDictionary(StringComparer.Ordinal) };
    }

    private static EvaluationResult Metrics(IReadOnlyList<ReplayLine> lines, IReadOnlyDictionary<string, string> truth,
        List<List<string>> alerted, Func<string, bool>? includeSeries)
    {
        string? SeriesOf(string r) => truth.TryGetValue(r, out var s) && (includeSeries is null || includeSeries(s)) ? s : null;
        var seen = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        int firstLinks = 0, seriesWithSecond = 0, later = 0, laterFound = 0, laterAt5 = 0, alertRecords = 0, alertPairs = 0, alertTrue = 0;
        var scored = new List<(double Score, bool True)>();
        var totalTrue = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var series = SeriesOf(line.Ref);
            if (alerted[i].Count > 0) alertRecords++;
            foreach (var a in alerted[i])
            {
                alertPairs++;
                if (truth.TryGetValue(line.Ref, out var s1) && truth.TryGetValue(a, out var s2) && s1 == s2) alertTrue++;
            }
            foreach (var c in line.Candidates)
                scored.Add((c.Score, series is not null && SeriesOf(c.Ref) == series));
            if (series is null) continue;
            if (!seen.TryGetValue(series, out var members)) seen[series] = members = [];
            if (members.Count > 0)
            {
                totalTrue += members.Count;
                later++;
                if (alerted[i].Any(members.Contains)) laterFound++;
                if (line.Candidates.Take(5).Any(c => members.Contains(c.Ref))) laterAt5++;
                if (members.Count == 1)
                {
                    seriesWithSecond++;
                    if (alerted[i].Contains(members[0])) firstLinks++;
                }
            }
            members.Add(line.Ref);
        }
        return new EvaluationResult(lines.Count, seen.Count, Ratio(firstLinks, seriesWithSecond), Ratio(laterFound, later),
            Ratio(laterAt5, later), 100.0 * alertRecords / Math.Max(1, lines.Count), Ratio(alertTrue, alertPairs),
            AveragePrecision(scored, totalTrue), []);
    }

    private static double AveragePrecision(List<(double Score, bool True)> scored, int totalTrue)
    {
        if (totalTrue == 0) return 0;
        scored.Sort((a, b) => b.Score.CompareTo(a.Score));
        double hits = 0, sum = 0;
        for (var i = 0; i < scored.Count; i++)
        {
            if (!scored[i].True) continue;
            hits++;
            sum += hits / (i + 1);
        }
        return sum / totalTrue;
    }

    private static double Ratio(int a, int b) => b == 0 ? 0 : Math.Round((double)a / b, 4);
}
