using Vigil.Data.Cases;
using Vigil.Data.Enquiries;
using Vigil.Web.Features.Enquiries.Exhibits;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>The pure rule of ADR 3356: a post-mortem or toxicology result has no action of its own to come after, so it
/// is late only to the case's category (not suspicious or expected, whatever set it) and to its closure.</summary>
public static class LateExaminationResultRulesTests
{
    private static readonly Guid Case = Guid.NewGuid();

    private static CaseDecision Called(string to, int sequence = 5) => new() { CaseId = Case, Sequence = sequence, Kind = DecisionKinds.Classification, ToCategory = to };

    private static CaseDecision Entry(string kind, int sequence) => new() { CaseId = Case, Sequence = sequence, Kind = kind };

    private static ArrivedResult Toxicology() =>
        LateExaminationResults.Of(new ExaminationResult { CaseId = Case, Kind = ExaminationKinds.Toxicology, Summary = "GHB 310 mg/L." });

    [Fact]
    public static void AnExaminationResult_BeforeAnyDecision_UnderACategoryStillOpen_OrOnceReopened_IsNotLate()
    {
        Assert.Empty(LateResults.After(Toxicology().Own, [], CaseClassification.UnderInvestigation));
        Assert.Empty(LateResults.After(Toxicology().Own, [Called(CaseClassification.Homicide)], CaseClassification.Homicide));
        Assert.Empty(LateResults.After(Toxicology().Own, [Entry(DecisionKinds.Closure, 7), Entry(DecisionKinds.Reopened, 8)], CaseClassification.UnderInvestigation));
    }

    [Fact]
    public static void AnExaminationResult_AfterNotSuspiciousOrExpected_WhateverSetIt_OrAfterClosure_IsLate()
    {
        Assert.Equal(["the case was called “Unexpected death – investigated, not suspicious” (D5)"],
            LateResults.After(Toxicology().Own, [Called(CaseClassification.NotSuspicious)], CaseClassification.NotSuspicious));
        Assert.Equal(["the case was called “Expected death” by its record"], LateResults.After(Toxicology().Own, [], CaseClassification.Expected));
        Assert.Equal(["the case was called “Expected death” (D5)", "the case was closed (D9)"],
            LateResults.After(Toxicology().Own, [Called(CaseClassification.Expected), Entry(DecisionKinds.Closure, 9)], CaseClassification.Expected));
    }

    [Fact]
    public static void AnExaminationResult_IsNamedByItsKind_KeyedByItsRow_AndLeftForASupervisorWithNoOfficerInCharge()
    {
        var pm = new ExaminationResult { CaseId = Case, Kind = ExaminationKinds.PostMortem, Summary = "Hypoxic brain injury." };
        var named = LateExaminationResults.Of(pm);
        Assert.Equal((Case, "examination-result", $"examination-result|examination:{pm.Id}", "the post-mortem result", "Consider the post-mortem result", "Hypoxic brain injury.", null),
            (named.CaseId, named.Source, named.Key, named.What, named.Title, named.Facts, named.Worker));
        Assert.Empty(named.Own);
        Assert.Equal(("the toxicology result", "Consider the toxicology result"), (Toxicology().What, Toxicology().Title));
        Assert.Contains("examination-result", LateResults.Sources);
        Assert.Contains("laboratory-result", LateResults.Sources);
    }
}
