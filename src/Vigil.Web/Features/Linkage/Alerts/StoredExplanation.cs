using Vigil.Linkage.Scoring;

namespace Vigil.Web.Features.Linkage.Alerts;

/// <summary>An explanation as it was scored when the alert was raised, kept with the alert so that the queue and the
/// comparison page show the same figures however the store grows afterwards. <see cref="Model"/> is the short id of the
/// model that scored it (ADR 3153; null for alerts stored before models were kept in the store).</summary>
public sealed record StoredExplanation(
    [property: JsonPropertyName("probability")] double Probability,
    [property: JsonPropertyName("weight")] double Weight,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("items")] IReadOnlyList<StoredItem> Items,
    [property: JsonPropertyName("signals")] IReadOnlyList<string> Signals,
    [property: JsonPropertyName("model"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Model = null)
{
    public static StoredExplanation From(Explanation e, string? model) => new(e.Score.Probability, e.Score.Weight, e.Summary,
        [.. e.Items.Select(i => new StoredItem(i.Comparison.ToString(), i.Finding, i.Strength, i.Weight))], e.Signals, model);

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>The stored explanation, or null when none was stored (alerts raised before explanations were kept).</summary>
    public static StoredExplanation? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<StoredExplanation>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One comparison: what was found, its strength in words and its weight.</summary>
public sealed record StoredItem(
    [property: JsonPropertyName("comparison")] string Comparison,
    [property: JsonPropertyName("finding")] string Finding,
    [property: JsonPropertyName("strength")] string Strength,
    [property: JsonPropertyName("weight")] double Weight);
