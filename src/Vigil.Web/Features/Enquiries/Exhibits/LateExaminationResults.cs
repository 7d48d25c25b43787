namespace Vigil.Web.Features.Enquiries.Exhibits;

/// <summary>A post-mortem or toxicology result, as the rule of late results reads it (<see cref="LateResults"/>, ADR 3356).
/// It has no action of its own to come after: it is late only to the case, when it is recorded after the death was called
/// not suspicious or expected (whatever set it) or after the case was closed. A toxicology result showing GHB after a
/// death was closed as expected is the information the decision was taken without; before ADR 3356 it was recorded and
/// raised nothing.</summary>
public static class LateExaminationResults
{
    /// <summary>The source of the action raised, and the start of its key: one per examination result recorded.</summary>
    public const string Source = "examination-result";

    /// <summary>The result as the rule names it ("the toxicology result"). With no officer in charge, the action is left
    /// for a supervisor to allocate: no officer worked an action for it.</summary>
    public static ArrivedResult Of(ExaminationResult x)
    {
        var what = $"the {Words.Of(x.Kind)} result";
        return new ArrivedResult(x.CaseId, Source, $"{Source}|examination:{x.Id}", what, $"Consider {what}", x.Summary, [], null);
    }

    /// <summary>A correction that changed the finding, or a withdrawal, as the same rule reads it (ADR 3368): after a
    /// decision or a closure, the decision was taken on a result the case no longer stands on. The facts are what the
    /// result says now, and what it said; a withdrawal's, why it was withdrawn.</summary>
    public static ArrivedResult Corrected(ExaminationResult before, ExaminationResult? current)
    {
        var kind = Words.Of(before.Kind);
        var (what, key, facts) = current is null
            ? ($"the withdrawal of the {kind} result", $"{Source}|withdrawn:{before.Id}", $"Withdrawn: {before.SupersededReason}")
            : ($"the corrected {Words.Of(current.Kind)} result", $"{Source}|examination:{current.Id}", $"{current.Summary} (corrected from: {before.Summary})");
        return new ArrivedResult(before.CaseId, Source, key, what, $"Consider {what}", facts, [], null);
    }
}
