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

    /// <summary>What the decision log says after a decision's name: the gate's refusal once, on the request it refused; an
    /// answer to the request names it ("signs D1"), and a decision applied under a signature names that (walk55
    /// finding 8, ADR 3263: each entry repeated the whole refusal, and the applied decision seemed the asker's own).</summary>
    public static string Note(CaseDecision x, IReadOnlyList<CaseDecision> log, Func<string?, string> name)
    {
        var answered = x.SignsDecisionId is { } id ? log.FirstOrDefault(d => d.Id == id) : null;
        return (x.Kind, answered) switch
        {
            (DecisionKinds.OverrideSigned, { } request) => $" (signs D{request.Sequence})",
            (DecisionKinds.OverrideDeclined, { } request) => $" (declines D{request.Sequence})",
            (_, { Kind: DecisionKinds.OverrideSigned } signature) =>
                $" (asked for in D{log.FirstOrDefault(d => d.Id == signature.SignsDecisionId)?.Sequence}; applied when {name(signature.DecidedBy)} signed D{signature.Sequence})",
            _ => x.BlockedBy is { } b ? $" (gate: {b})" : "",
        };
    }
}
