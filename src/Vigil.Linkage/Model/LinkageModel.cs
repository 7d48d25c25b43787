using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Linkage.Features;
using Vigil.Linkage.Scoring;

namespace Vigil.Linkage.Model;

/// <summary>A Fellegi–Sunter model with one table of m/u probabilities per kind of death (for pairs of the
/// same kind) and one for pairs of different kinds, plus a prior per kind: the expected number of earlier
/// deaths that share an offender with a new death of that kind.</summary>
public sealed class LinkageModel
{
    /// <summary>Format version of the serialised model.</summary>
    [JsonPropertyName("version")] public int Version { get; set; } = 1;
    /// <summary>"supervised" (from confirmed series) or "em" (unsupervised).</summary>
    [JsonPropertyName("method")] public string Method { get; set; } = "supervised";
    /// <summary>What the model was learnt from.</summary>
    [JsonPropertyName("trained_on")] public string TrainedOn { get; set; } = "";
    /// <summary>Multiplies the summed weight before the prior is added: below 1 tempers the over-confidence
    /// of summing correlated comparisons as if independent. Chosen on a split of the training data.</summary>
    [JsonPropertyName("scale")] public double Scale { get; set; } = 1;
    /// <summary>Tables indexed by <see cref="DeathKind"/>; the last is for pairs of different kinds.</summary>
    [JsonPropertyName("tables")] public List<KindTable> Tables { get; set; } = [];

    /// <summary>Calibration of weights into alerting probabilities, learnt on the training force's replay;
    /// null for models without one (the posterior with prior <c>rho / N</c> is used).</summary>
    [JsonPropertyName("calibration")] public Calibration? Calibration { get; set; }

    /// <summary>What is ordinary for each role (regulars' shares of deaths, namesakes' rates), learnt without labels on the
    /// training force's history and used as the starting priors of person signals (ADR 1491); null in older models.</summary>
    [JsonPropertyName("role_priors")] public Dictionary<string, Surveillance.RoleMoments>? RolePriors { get; set; }

    /// <summary>The rarity route (ADR 1601): a pair also alerts with probability logistic(route score − this), the
    /// route score being its agreement rarity less ln(1 + candidates); read from the training force's alert rate, no
    /// labels. Null: no rarity route.</summary>
    [JsonPropertyName("rarity_even")] public double? RarityEven { get; set; }

    /// <summary>The series-triangle route (ADR 3194): a death agreeing with two earlier deaths of its kind that agreed with
    /// each other, when the three stand out from the kind's triangles on the training force's history. Null: no route.</summary>
    [JsonPropertyName("triangle_route")] public TriangleRoute? TriangleRoute { get; set; }

    /// <summary>Alert budgets (alerts per 100 deaths) and the threshold that gave each on the training force's own
    /// cross-fitted history, ascending by budget.</summary>
    [JsonPropertyName("alert_thresholds")] public List<BudgetThreshold> AlertThresholds { get; set; } = [];

    /// <summary>The threshold for an alert budget, interpolated on a log scale between the budgets measured in
    /// training; 0.013 (the round-2 calibrated threshold) for a model without them.</summary>
    public double ThresholdFor(double budget)
    {
        var points = AlertThresholds.Where(p => p.Budget > 0 && p.Threshold > 0).OrderBy(p => p.Budget).ToList();
        if (points.Count == 0) return 0.013;
        if (budget <= points[0].Budget) return points[0].Threshold;
        if (budget >= points[^1].Budget) return points[^1].Threshold;
        var i = points.FindIndex(p => p.Budget >= budget);
        var (a, b) = (points[i - 1], points[i]);
        var f = Math.Log(budget / a.Budget) / Math.Log(b.Budget / a.Budget);
        return Math.Exp(Math.Log(a.Threshold) + f * (Math.Log(b.Threshold) - Math.Log(a.Threshold)));
    }

    /// <summary>Index of the table for pairs of different kinds.</summary>
    public static int MixedTable => DeathKinds.Count;

    /// <summary>Table to use for a pair: the kind when both deaths share it, else the mixed table.</summary>
    public static int TableFor(DeathKind newer, DeathKind earlier) => newer == earlier ? (int)newer : MixedTable;

    /// <summary>Recomputes every table's weights from its m and u probabilities.</summary>
    public void ComputeWeights()
    {
        foreach (var t in Tables) t.ComputeWeights();
    }

    /// <summary>Learns from an analyst's decision on a pair. A confirmation adds the pair to the confirmed pairs
    /// of its table (m moves towards its levels and the kind's prior rises); a rejection adds it to the
    /// unrelated pairs with the weight of <see cref="KindTable.FeedbackWeight"/> random pairs, so that the
    /// pattern that misled the model counts for less next time.</summary>
    public void Update(in PairComparison comparison, DeathKind newer, DeathKind earlier, bool confirmed)
    {
        var t = Tables[TableFor(newer, earlier)];
        if (confirmed)
        {
            var n = t.TruePairs + 10.0;
            Blend(t.M, comparison, 1 / (n + 1));
            t.Rho += 1.0 / (t.Records + 1.0);
            t.TruePairs++;
        }
        else
        {
            Blend(t.U, comparison, t.FeedbackWeight / (t.FeedbackWeight + 1000.0));
        }
        t.ComputeWeights();
    }

    private static void Blend(double[][] p, in PairComparison c, double rate)
    {
        for (var k = 0; k < Comparisons.Count; k++)
            for (var l = 0; l < p[k].Length; l++)
                p[k][l] = (1 - rate) * p[k][l] + (l == c.Levels[k] ? rate : 0);
    }

    /// <summary>Serialises the model as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ModelJson.Default.LinkageModel);

    /// <summary>Reads a model from JSON.</summary>
    public static LinkageModel FromJson(string json)
    {
        var model = JsonSerializer.Deserialize(json, ModelJson.Default.LinkageModel)
            ?? throw new InvalidDataException("model JSON is null");
        if (model.Tables.Count != DeathKinds.Count + 1)
            throw new InvalidDataException($"model has {model.Tables.Count} tables; expected {DeathKinds.Count + 1}");
        for (var t = 0; t < model.Tables.Count; t++) CheckShape(model.Tables[t], t);
        CheckNumbers(model);
        if (model.Calibration is { } c && c.Coefficients.Length != Calibration.Size)
        {
            // A model from before the surveillance signals weighs them at nothing; anything else is not ours.
            if (c.Coefficients.Length is < Calibration.Size - 4 or > Calibration.Size)
                throw new InvalidDataException($"model calibration has {c.Coefficients.Length} coefficients; expected {Calibration.Size}");
            c.Coefficients = [.. c.Coefficients, .. new double[Calibration.Size - c.Coefficients.Length]];
        }
        model.ComputeWeights();
        return model;
    }

    /// <summary>A table whose m or u rows do not have one probability (above 0, at most 1) per level of each comparison
    /// would score with an index out of range, or with weights of infinity, at the first death; refused here, naming the
    /// field, so that a malformed file is refused before it is published (ADR 3153).</summary>
    private static void CheckShape(KindTable table, int t)
    {
        foreach (var (name, rows) in new[] { ("m", table.M), ("u", table.U) })
        {
            if (rows is null || rows.Length != Comparisons.Count)
                throw new InvalidDataException($"$.tables[{t}].{name}: {rows?.Length ?? 0} comparisons; expected {Comparisons.Count}");
            for (var c = 0; c < Comparisons.Count; c++)
            {
                if (rows[c] is null || rows[c].Length != Comparisons.Levels[c])
                    throw new InvalidDataException($"$.tables[{t}].{name}[{c}]: {rows[c]?.Length ?? 0} levels; expected {Comparisons.Levels[c]}");
                for (var l = 0; l < rows[c].Length; l++)
                    if (!(rows[c][l] is > 0 and <= 1))
                        throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                            $"$.tables[{t}].{name}[{c}][{l}]: {rows[c][l]} is not a probability above 0 and at most 1"));
            }
        }
    }

    /// <summary>The model's other numbers, which the JSON may spell "NaN" or "Infinity" (named literals are read): a NaN
    /// or infinite scale, prior, calibration coefficient or rarity cut-off, a scale or prior at or below 0, or an alert
    /// threshold above 1 makes every pair's probability NaN or 0 (or the bar unreachable), so the model would be published
    /// and every node would silently raise no alert at all; refused here, naming the field (ADR 3153).</summary>
    private static void CheckNumbers(LinkageModel model)
    {
        static void Require(bool ok, string field, double value, string what)
        {
            if (!ok) throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{field}: {value} is not {what}"));
        }
        Require(double.IsFinite(model.Scale) && model.Scale > 0, "$.scale", model.Scale, "a number above 0");
        for (var t = 0; t < model.Tables.Count; t++)
        {
            var table = model.Tables[t];
            Require(double.IsFinite(table.Rho) && table.Rho > 0, $"$.tables[{t}].rho", table.Rho, "a number above 0");
            Require(double.IsFinite(table.FeedbackWeight) && table.FeedbackWeight >= 0, $"$.tables[{t}].feedback_weight", table.FeedbackWeight, "a number at least 0");
            Require(table.TruePairs >= 0, $"$.tables[{t}].true_pairs", table.TruePairs, "a count");
            Require(table.Records >= 0, $"$.tables[{t}].records", table.Records, "a count");
        }
        if (model.Calibration is { } c)
            for (var i = 0; i < c.Coefficients.Length; i++)
                Require(double.IsFinite(c.Coefficients[i]), $"$.calibration.coefficients[{i}]", c.Coefficients[i], "a finite number");
        if (model.RarityEven is { } even) Require(double.IsFinite(even), "$.rarity_even", even, "a finite number");
        for (var i = 0; i < model.AlertThresholds.Count; i++)
        {
            var p = model.AlertThresholds[i];
            Require(double.IsFinite(p.Budget), $"$.alert_thresholds[{i}].budget", p.Budget, "a finite number");
            Require(p.Threshold is >= 0 and <= 1, $"$.alert_thresholds[{i}].threshold", p.Threshold, "a probability");
        }
    }

    /// <summary>Loads a model from a file.</summary>
    public static LinkageModel Load(string path) => FromJson(File.ReadAllText(path));

    /// <summary>The default model shipped with Vigil, trained on the London benchmark alone.</summary>
    public static LinkageModel Default() => FromJson(DefaultJson());

    /// <summary>The default model's JSON as embedded (its SHA-256 is the default model's id, ADR 3153).</summary>
    public static string DefaultJson()
    {
        using var stream = typeof(LinkageModel).Assembly.GetManifestResourceStream("Vigil.Linkage.default-model.json")
            ?? throw new InvalidOperationException("the default model is not embedded in this build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>A threshold and the alert rate it gave in training.</summary>
/// <param name="Budget">Alerts per 100 deaths.</param>
/// <param name="Threshold">Alerting probability threshold.</param>
public sealed record BudgetThreshold([property: JsonPropertyName("budget")] double Budget, [property: JsonPropertyName("threshold")] double Threshold);

/// <summary>m and u probabilities of every comparison level for one kind of pair, and its prior.</summary>
public sealed class KindTable
{
    /// <summary>Name of the kind (or "mixed").</summary>
    [JsonPropertyName("kind")] public string Kind { get; set; } = "";
    /// <summary>Expected number of earlier deaths in this table's population that share an offender with a new death.</summary>
    [JsonPropertyName("rho")] public double Rho { get; set; }
    /// <summary>Confirmed pairs the m probabilities were learnt from.</summary>
    [JsonPropertyName("true_pairs")] public int TruePairs { get; set; }
    /// <summary>Records of this kind in the training data.</summary>
    [JsonPropertyName("records")] public int Records { get; set; }
    /// <summary>P(level | same offender), per comparison and level.</summary>
    [JsonPropertyName("m")] public double[][] M { get; set; } = [];
    /// <summary>P(level | unrelated deaths), per comparison and level.</summary>
    [JsonPropertyName("u")] public double[][] U { get; set; } = [];
    /// <summary>How many random pairs one analyst rejection is worth when updating u (out of 1,000).</summary>
    [JsonPropertyName("feedback_weight")] public double FeedbackWeight { get; set; } = 5;
    /// <summary>log(m/u), per comparison and level, after monotonicity is enforced on ordered bands.</summary>
    [JsonPropertyName("weights")] public double[][] Weights { get; set; } = [];

    /// <summary>Computes the weights and makes the distance, time and age bands non-increasing:
    /// a nearer place or a shorter gap never counts less than a farther one.</summary>
    public void ComputeWeights()
    {
        Weights = new double[Comparisons.Count][];
        for (var c = 0; c < Comparisons.Count; c++)
        {
            var levels = Comparisons.Levels[c];
            Weights[c] = new double[levels];
            for (var l = 0; l < levels; l++) Weights[c][l] = Math.Log(M[c][l] / U[c][l]);
        }
        Monotone(Weights[(int)Comparison.Distance], Weights[(int)Comparison.Distance].Length);
        Monotone(Weights[(int)Comparison.TimeGap], Weights[(int)Comparison.TimeGap].Length);
        Monotone(Weights[(int)Comparison.AgeGap], Comparisons.AgeEdges.Length + 1);
    }

    private static void Monotone(double[] w, int n)
    {
        for (var l = 1; l < n; l++) w[l] = Math.Min(w[l], w[l - 1]);
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(LinkageModel))]
internal sealed partial class ModelJson : JsonSerializerContext;
