using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Linkage.Replay;

/// <summary>Recall at a given alert rate, found by moving the threshold on each record's best score.</summary>
/// <param name="AlertRate">Records alerting per 100 (all records, whatever the archetype scored).</param>
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

/// <summary>The metrics of <c>vigil evaluate</c>: at the alert flags the replay wrote, and along a curve of alert
/// rates; overall and, when the kind of offender behind each series is known, per archetype.</summary>
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
    /// <summary>The same figures restricted to the series of each archetype (empty without a kinds file).</summary>
    [JsonPropertyName("by_archetype")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, EvaluationResult>? ByArchetype { get; init; }

    /// <summary>The result as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, EvaluationJson.Default.EvaluationResult);

    /// <summary>A Markdown table: one row per archetype and overall, first link / victim recall at each curve rate.</summary>
    public string ToTable()
    {
        var rates = LinkageEvaluation.CurveRates.Take(Curve.Count).Select(r => FormattableString.Invariant($"@{r}/100")).ToList();
        var lines = new List<string>
        {
            $"| archetype | series | at the alert flags ({AlertRate.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}/100) | {string.Join(" | ", rates)} |",
            $"|---|---|---|{string.Concat(rates.Select(_ => "---|"))}",
        };
        foreach (var (name, r) in (ByArchetype ?? new Dictionary<string, EvaluationResult>()).OrderBy(kv => kv.Key, StringComparer.Ordinal).Append(new("overall", this)))
            lines.Add(FormattableString.Invariant($"| {name} | {r.Series} | {r.SeriesFirstLink:0.00} / {r.VictimRecall:0.00} | {string.Join(" | ", r.Curve.Select(c => FormattableString.Invariant($"{c.SeriesFirstLink:0.00} / {c.VictimRecall:0.00}")))} |"));
        return string.Join('\n', lines);
    }
}

/// <summary>One line of a replay output.</summary>
/// <param name="Ref">The new death.</param>
/// <param name="Candidates">Its candidates: earlier ref, score, alert.</param>
public sealed record ReplayLine(string Ref, IReadOnlyList<(string Ref, double Score, bool Alert)> Candidates);

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(EvaluationResult))]
internal sealed partial class EvaluationJson : JsonSerializerContext;
