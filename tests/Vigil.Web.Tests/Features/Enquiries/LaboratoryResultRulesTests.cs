using Microsoft.Extensions.Options;
using Vigil.Data.Cases;
using Vigil.Data.Enquiries;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Features.Enquiries.Exhibits;
using Vigil.Web.Features.Shared;
using Vigil.Web.Hosting;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>The pure rules of ADRs 3336 and 3337: which laboratory results hold the gate, and when a result that comes
/// back is late to a decision.</summary>
public static class LaboratoryResultRulesTests
{
    private static readonly ForceTime Time = new(Options.Create(new VigilSettings()));
    private static readonly Guid Case = Guid.NewGuid();
    private static readonly Exhibit Syringe = new() { CaseId = Case, Reference = "VGL-2026-000042/EX-01", Type = "syringe" };

    private static ForensicSubmission Sent(string? result = null, int day = 3) => new()
    {
        CaseId = Case, ExhibitId = Syringe.Id, Laboratory = "LGC Forensics", Examination = "DNA",
        SubmittedAt = new DateTime(2026, 12, day, 10, 0, 0, DateTimeKind.Utc), SubmittedBy = "ivy", Result = result,
    };

    private static readonly ExaminationResult[] Examined =
        [new() { CaseId = Case, Kind = ExaminationKinds.PostMortem, Summary = "x" }, new() { CaseId = Case, Kind = ExaminationKinds.Toxicology, Summary = "x" }];

    [Fact]
    public static void AnExhibitAwaitingItsResult_HoldsTheGate_InWordsNamingItAndTheLaboratory()
    {
        Assert.Equal(["VGL-2026-000042/EX-01 (syringe) submitted to LGC Forensics on 03 Dec 2026, awaiting the laboratory's result"],
            ClassificationGate.Blockers([], Examined, [Syringe], [Sent()], Time));
    }

    [Fact]
    public static void AResultRecorded_LiftsIt_ButAFurtherExaminationAwaited_HoldsItWhateverTheTestedFlag()
    {
        Assert.Empty(ClassificationGate.Blockers([], Examined, [Syringe], [Sent("Heroin residue.")], Time));
        var tested = new Exhibit { CaseId = Case, Reference = Syringe.Reference, Type = "syringe", Tested = true };
        var (first, again) = (Sent("Heroin residue."), Sent(day: 5));
        (first.ExhibitId, again.ExhibitId) = (tested.Id, tested.Id);
        Assert.Equal(["VGL-2026-000042/EX-01 (syringe) submitted to LGC Forensics on 05 Dec 2026, awaiting the laboratory's result"],
            ClassificationGate.Blockers([], Examined, [tested], [first, again], Time));
    }

    [Fact]
    public static void ASubmissionWhoseExhibitWasNotRead_StillHoldsTheGate_Unnamed()
    {
        Assert.Equal(["An exhibit submitted to LGC Forensics on 03 Dec 2026, awaiting the laboratory's result"],
            ClassificationGate.Blockers([], Examined, [], [Sent()], Time));
    }

    private static CaseAction Forensic(string status) => new() { CaseId = Case, Number = 3, Title = "Forensic submission", Mandatory = true, Status = status };

    private static CaseDecision Called(string to, int sequence = 5) => new() { CaseId = Case, Sequence = sequence, Kind = DecisionKinds.Classification, ToCategory = to };

    private static CaseDecision Entry(string kind, int sequence) => new() { CaseId = Case, Sequence = sequence, Kind = kind };

    [Fact]
    public static void AResult_BeforeAnyDecisionOnIt_IsNotLate()
    {
        Assert.Empty(LateLaboratoryResults.After([Forensic(ActionStatus.ResultSubmitted)], [], CaseClassification.UnderInvestigation));
        Assert.Empty(LateLaboratoryResults.After([], [Called(CaseClassification.Homicide)], CaseClassification.Homicide));
    }

    [Theory]
    [InlineData(ActionStatus.Reviewed, "A3 was reviewed")]
    [InlineData(ActionStatus.Closed, "A3 was closed")]
    [InlineData(ActionStatus.NotPursued, "A3 was marked not pursued")]
    public static void AResult_AfterItsActionWasDecided_IsLate(string status, string words)
    {
        Assert.Equal([words], LateLaboratoryResults.After([Forensic(status)], [], CaseClassification.UnderInvestigation));
    }

    [Fact]
    public static void AResult_AfterTheDeathWasCalledNotSuspiciousHere_IsLate_NamingTheDecision()
    {
        Assert.Equal(["A3 was closed", "the case was called “Unexpected death – investigated, not suspicious” (D5)"],
            LateLaboratoryResults.After([Forensic(ActionStatus.Closed)], [Called(CaseClassification.NotSuspicious)], CaseClassification.NotSuspicious));
    }

    /// <summary>ADR 3345: the category the case stands in, whatever set it; ADR 3337 counted only a decision recorded here.</summary>
    [Fact]
    public static void AResult_AfterACategoryTheRecordCameWith_OrOneSetSinceTheLastDecision_IsLate_NamingTheRecord()
    {
        Assert.Equal(["the case was called “Expected death” by its record"], LateLaboratoryResults.After([], [], CaseClassification.Expected));
        Assert.Equal(["the case was called “Unexpected death – investigated, not suspicious” by its record"],
            LateLaboratoryResults.After([], [Called(CaseClassification.Expected)], CaseClassification.NotSuspicious));
        Assert.Empty(LateLaboratoryResults.After([], [Called(CaseClassification.NotSuspicious)], CaseClassification.Homicide));
    }

    /// <summary>ADR 3344: closed is the closed-case gate's rule, the latest closure or reopening.</summary>
    [Fact]
    public static void AResult_OnAClosedCase_IsLate_NamingTheClosure_NotOnceItWasReopened()
    {
        Assert.Equal(["A3 was closed", "the case was closed (D7)"],
            LateLaboratoryResults.After([Forensic(ActionStatus.Closed)], [Called(CaseClassification.UnderInvestigation, 2), Entry(DecisionKinds.Closure, 7)], CaseClassification.UnderInvestigation));
        Assert.Empty(LateLaboratoryResults.After([], [Entry(DecisionKinds.Closure, 7), Entry(DecisionKinds.Reopened, 8)], CaseClassification.UnderInvestigation));
        Assert.Equal(["the case was closed (D9)"],
            LateLaboratoryResults.After([], [Entry(DecisionKinds.Closure, 7), Entry(DecisionKinds.Reopened, 8), Entry(DecisionKinds.Closure, 9)], CaseClassification.UnderInvestigation));
    }

    [Fact]
    public static void TheClauses_ReadAsOneSentence()
    {
        Assert.Equal("A3 was closed", LateResults.Joined(["A3 was closed"]));
        Assert.Equal("A3 was closed and the case was closed (D9)", LateResults.Joined(["A3 was closed", "the case was closed (D9)"]));
        Assert.Equal("A3 was closed, the case was called “Expected death” (D5) and the case was closed (D9)",
            LateResults.Joined(["A3 was closed", "the case was called “Expected death” (D5)", "the case was closed (D9)"]));
    }
}
