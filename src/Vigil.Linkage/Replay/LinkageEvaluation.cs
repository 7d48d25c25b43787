using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Linkage.Replay;

/// <summary>Recall at a given alert rate, found by moving the threshold on each record's best score.</summary>
/// <param name="AlertRate">Records alerting per 100.</param>
/// <param name="Threshold">Score threshold giving that rate.</param>
/// <param name="SeriesFirstLink">Share of series whose second death alerted naming the first.</param>
/// <param name="VictimRecall">Share of later series deaths alerting naming an earlier member.</param>
/// <param name="AlertPrecision">Share of alerted pairs truly in one series.</param>
public sealed record CurvePoint(
    [property: JsonPropertyName("alert_rate")] double AlertRate,
    [property: JsonPropertyName("threshold")] double Threshold,
    [property: JsonPropertyName("series_first_link")] double SeriesFirstLink,
    [property: JsonPropertyName("victim_recall")] double VictimRecall,
    [property: JsonPropertyName("alert_precision")] double AlertPrecision);

/// <summary>The metrics of <c>vigil evaluate</c>.</summary>
public sealed record EvaluationResult(
    [property: JsonPropertyName("records")] int Records,
    [property: JsonPropertyName("series")] int Series,
    [property: JsonPropertyName("series_first_link")] double SeriesFirstLink,
    [property: JsonPropertyName("victim_recall")] double VictimRecall,
    [property: JsonPropertyName("recall_at_5")] double RecallAt5,
    [property: JsonPropertyName("alert_rate")] double AlertRate,
    [property: JsonPropertyName("alert_precision")] double AlertPrecision,
    [property: JsonPropertyName("ap")] double AveragePrecision,
    [property: JsonPropertyName("curve")] IReadOnlyList<CurvePoint> Curve)
{
    /// <summary>The result as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, EvaluationJson.Default.EvaluationResult);
}

/// <summary>One line of a replay output.</summary>
/// <param name="Ref">The new death.</param>
/// <param name="Candidates">Its candidates: earlier ref, score, alert.</param>
public sealed record ReplayLine(string Ref, IReadOnlyList<(string Ref, double Score, bool Alert)> Candidates);

/// <summary>The <c>vigil evaluate</c> verb: scores a replay output against a truth file.</summary>
public static class LinkageEvaluation
{
    /// <summary>Alert rates (per 100 records) at which the recall curve is reported.</summary>
    public static IReadOnlyList<double> CurveRates { get; } = [0.5, 1, 2, 5];

    /// <summary>Evaluates a replay output file against a truth CSV (<c>ref,series</c>).</summary>
    public static EvaluationResult Evaluate(string replayPath, string truthPath) =>
        Evaluate(ReadReplay(replayPath), ReadTruth(truthPath));

    /// <summary>Evaluates parsed replay lines. Only series accepted by <paramref name="includeSeries"/> count
    /// towards recall (used to score a held-out part of the training truth); alert rate counts every record.</summary>
    public static EvaluationResult Evaluate(IReadOnlyList<ReplayLine> lines, IReadOnlyDictionary<string, string> truth, Func<string, bool>? includeSeries = null)
    {
        var alerted = lines.Select(l => l.Candidates.Where(c => c.Alert).Select(c => c.Ref).ToList()).ToList();
        var result = Metrics(lines, truth, alerted, includeSeries);
        var best = lines.Select(l => l.Candidates.Count == 0 ? double.NegativeInfinity : l.Candidates.Max(c => c.Score)).OrderDescending().ToArray();
        var curve = new List<CurvePoint>();
        foreach (var rate in CurveRates)
        {
            var n = (int)Math.Round(rate / 100 * lines.Count);
            var threshold = n <= 0 ? double.PositiveInfinity : best[Math.Min(n, best.Length) - 1];
            var at = lines.Select(l => l.Candidates.Where(c => c.Score >= threshold).Select(c => c.Ref).ToList()).ToList();
            var m = Metrics(lines, truth, at, includeSeries);
            curve.Add(new CurvePoint(m.AlertRate, threshold, m.SeriesFirstLink, m.VictimRecall, m.AlertPrecision));
        }
        return result with { Curve = curve };
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
                var hit = alerted[i].Any(members.Contains);
                if (hit) laterFound++;
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

    /// <summary>Reads a replay output file.</summary>
    public static List<ReplayLine> ReadReplay(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadReplay(stream);
    }

    /// <summary>Reads replay output lines from a stream.</summary>
    public static List<ReplayLine> ReadReplay(Stream stream)
    {
        var lines = new List<ReplayLine>();
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } text)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            var candidates = root.GetProperty("candidates").EnumerateArray()
                .Select(c => (c.GetProperty("ref").GetString()!, c.GetProperty("score").GetDouble(), c.GetProperty("alert").GetBoolean()))
                .ToList();
            lines.Add(new ReplayLine(root.GetProperty("ref").GetString()!, candidates));
        }
        return lines;
    }

    /// <summary>Reads a truth CSV (<c>ref,series</c> with a header).</summary>
    public static Dictionary<string, string> ReadTruth(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadTruth(stream);
    }

    /// <summary>Reads a truth CSV from a stream.</summary>
    public static Dictionary<string, string> ReadTruth(Stream stream)
    {
        var truth = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(',');
            if (parts.Length >= 2 && parts[0].Length > 0) truth[parts[0].Trim()] = parts[1].Trim();
        }
        return truth;
    }
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(EvaluationResult))]
internal sealed partial class EvaluationJson : JsonSerializerContext;
