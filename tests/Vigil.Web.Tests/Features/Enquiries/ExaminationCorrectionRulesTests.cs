using Vigil.Data.Cases;
using Vigil.Data.Enquiries;
using Vigil.Records;
using Vigil.Web.Features.Enquiries.Exhibits;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>The pure rules of ADR 3368: what a correction must say, what counts as a change of the finding (which after a
/// decision is new information) and what is only a re-spacing or a date, and the form's substance lines.</summary>
public static class ExaminationCorrectionRulesTests
{
    private static readonly DateTime Now = new(2026, 12, 8, 1, 0, 0, DateTimeKind.Utc);

    private static ExaminationResult Earlier() => new()
    {
        CaseId = Guid.NewGuid(), Kind = ExaminationKinds.Toxicology, Summary = "Morphine 0.05 mg/L.", ReceivedAt = Now.AddDays(-3),
    };

    private static ToxicologyResult[] Findings(params (string Substance, double? MgL)[] rows) =>
        [.. rows.Select(r => new ToxicologyResult { Substance = r.Substance, ConcentrationMgL = r.MgL })];

    private static ExaminationCorrection Fix(string? summary, DateTime? received = null, string? kind = null, bool withdraw = false,
        IReadOnlyList<RecordToxicology>? substances = null, string? reason = "Amended report.") => new(kind, summary, received, reason, withdraw, substances);

    [Fact]
    public static void OnlyTheWordsOrTheSpacing_ChangeTheFinding_NotTheDate()
    {
        var before = Earlier();
        Assert.False(ExaminationCorrectionRules.ChangesFinding(before, Fix("  Morphine   0.05 mg/L. "), []));
        Assert.False(ExaminationCorrectionRules.ChangesFinding(before, Fix(before.Summary, Now.AddDays(-2)), []));
        Assert.True(ExaminationCorrectionRules.ChangesFinding(before, Fix("GHB 310 mg/L."), []));
        Assert.True(ExaminationCorrectionRules.ChangesFinding(before, Fix(before.Summary, kind: ExaminationKinds.PostMortem), []));
        Assert.True(ExaminationCorrectionRules.ChangesFinding(before, Fix(null, withdraw: true), []));
    }

    [Fact]
    public static void Substances_AreComparedAsASet_IgnoringOrderAndCase()
    {
        var findings = Findings(("morphine", 0.05), ("ethanol", null));
        Assert.False(ExaminationCorrectionRules.ChangesSubstances(Fix("x", substances: [new() { Substance = "Ethanol" }, new() { Substance = "MORPHINE", ConcentrationMgL = 0.05 }]), findings));
        Assert.True(ExaminationCorrectionRules.ChangesSubstances(Fix("x", substances: [new() { Substance = "morphine", ConcentrationMgL = 0.5 }, new() { Substance = "ethanol" }]), findings));
        Assert.False(ExaminationCorrectionRules.ChangesSubstances(Fix("x"), findings));
        Assert.True(ExaminationCorrectionRules.ChangesSubstances(Fix("x", substances: []), findings));
    }

    [Fact]
    public static void ACorrection_NeedsAReason_ANewReading_AndAStandingResult()
    {
        var before = Earlier();
        Assert.Equal((400, ExaminationCorrectionRules.ReasonMissing), Said(ExaminationCorrectionRules.Check(before, Fix("GHB.", reason: " "), [], Now)));
        Assert.Equal(400, ExaminationCorrectionRules.Check(before, Fix(before.Summary), [], Now)!.Status);
        Assert.Equal(400, ExaminationCorrectionRules.Check(before, Fix("GHB.", received: Now.AddHours(1)), [], Now)!.Status);
        Assert.Equal(400, ExaminationCorrectionRules.Check(before, Fix("Hanging.", kind: ExaminationKinds.PostMortem, substances: []), [], Now)!.Status);
        Assert.Null(ExaminationCorrectionRules.Check(before, Fix(before.Summary, Now.AddDays(-1)), [], Now));
        Assert.Null(ExaminationCorrectionRules.Check(before, Fix(null, withdraw: true), [], Now));
        before.SupersededAt = Now.AddMinutes(-1);
        Assert.Equal(409, ExaminationCorrectionRules.Check(before, Fix("GHB."), [], Now)!.Status);
    }

    [Fact]
    public static void TheFormsSubstanceLines_ReadBackAsTheFindings()
    {
        var findings = Findings(("GHB", 310), ("ethanol", 0.8), ("cocaine", null));
        var read = ExaminationCorrectionRules.ParseSubstances(ExaminationCorrectionRules.SubstanceLines(findings))!;
        Assert.Equal(findings.Select(f => (f.Substance, f.ConcentrationMgL)), read.Select(r => (r.Substance, r.ConcentrationMgL)));
        Assert.Equal(("GHB", (double?)310), ExaminationCorrectionRules.ParseSubstances("GHB, 310 mg/L")!.Select(r => (r.Substance, r.ConcentrationMgL)).Single());
        Assert.Empty(ExaminationCorrectionRules.ParseSubstances(" None ")!);
        Assert.Null(ExaminationCorrectionRules.ParseSubstances("  "));
    }

    private static (int, string) Said(Vigil.Web.Features.Shared.Refusal? r) => (r!.Status, r.Title);
}
