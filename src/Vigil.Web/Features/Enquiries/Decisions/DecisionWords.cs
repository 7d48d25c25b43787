namespace Vigil.Web.Features.Enquiries.Decisions;

/// <summary>A decision of the log in words, the same on the case page's decision log and in the missed-opportunity
/// report's chronology (ADR 3218): the report read "Decision: override-requested → unexpected-not-suspicious" (walk51
/// finding 11) where the case page said the classification's own name.</summary>
public static class DecisionWords
{
    /// <summary>"override requested → Unexpected death, not suspicious": the kind in <see cref="Words"/>' words, the
    /// category as <see cref="CaseClassification.Describe"/> names it.</summary>
    public static string Of(string kind, string? toCategory) =>
        Words.Of(kind) + (toCategory is { } to ? $" → {CaseClassification.Describe(to)}" : "");

    /// <summary>The same with a capital, to head a row of the log.</summary>
    public static string Capitalised(string kind, string? toCategory) => Of(kind, toCategory) is { Length: > 0 } w ? char.ToUpperInvariant(w[0]) + w[1..] : "";
}
