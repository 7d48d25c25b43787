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

    [Fact]
    public static void AResult_BeforeAnyDecisionOnIt_IsNotLate()
    {
        Assert.Empty(LateLaboratoryResults.After([Forensic(ActionStatus.ResultSubmitted)], null, CaseClassification.UnderInvestigation));
        Assert.Empty(LateLaboratoryResults.After([], Called(CaseClassification.Homicide), CaseClassification.Homicide));
    }

    [Theory]
    [InlineData(ActionStatus.Reviewed, "A3 was reviewed")]
    [InlineData(ActionStatus.Closed, "A3 was closed")]
    [InlineData(ActionStatus.NotPursued, "A3 was marked not pursued")]
    public static void AResult_AfterItsActionWasDecided_IsLate(string status, string words)
    {
        Assert.Equal([words], LateLaboratoryResults.After([Forensic(status)], null, CaseClassification.UnderInvestigation));
    }

    [Fact]
    public static void AResult_AfterTheDeathWasCalledNotSuspiciousHere_IsLate_NotAfterAnImportedCategoryOrOneSinceChanged()
    {
        Assert.Equal(["A3 was closed", "the case was called “Unexpected death – investigated, not suspicious” (D5)"],
            LateLaboratoryResults.After([Forensic(ActionStatus.Closed)], Called(CaseClassification.NotSuspicious), CaseClassification.NotSuspicious));
        Assert.Empty(LateLaboratoryResults.After([], null, CaseClassification.NotSuspicious));
        Assert.Empty(LateLaboratoryResults.After([], Called(CaseClassification.NotSuspicious), CaseClassification.Homicide));
    }
}
