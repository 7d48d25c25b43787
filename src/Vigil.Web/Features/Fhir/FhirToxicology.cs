using Hl7.Fhir.Model;
using static Vigil.Web.Features.Fhir.FhirCodes;

namespace Vigil.Web.Features.Fhir;

/// <summary>Toxicology as the MDI guide's "DiagnosticReport - Toxicology Lab Result to MDI": one report carrying the
/// case's tracking number, one Observation per substance (mg/L as UCUM, or "detected" with no concentration).</summary>
public static class FhirToxicology
{
    public const string Detected = "260373001";

    public static Resource Report(IReadOnlyList<RecordToxicology> results, ResourceReference subject, string caseReference,
        Func<string, Resource, ResourceReference> add)
    {
        var report = new DiagnosticReport
        {
            Status = DiagnosticReport.DiagnosticReportStatus.Final,
            Category = [Concept("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB", "Laboratory")],
            Code = new CodeableConcept(VigilObservation, "toxicology", "Toxicology") { Text = "Toxicology" },
            Subject = subject,
        };
        report.Extension.Add(FhirBundleWriter.Tracking(CaseReference, caseReference));
        for (var i = 0; i < results.Count; i++)
            report.Result.Add(add($"toxicology-{i}", Result(results[i], subject)));
        return report;
    }

    public static Observation Result(RecordToxicology t, ResourceReference? subject)
    {
        DataType value = t.ConcentrationMgL is { } mg
            ? new Quantity((decimal)mg, "mg/L", Ucum) { Unit = "mg/L" }
            : Concept(Snomed, Detected, "Detected");
        var o = FhirBundleWriter.Observe(subject!, new CodeableConcept { Text = t.Substance }, value);
        o.Category.Add(Concept("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "Laboratory"));
        return o;
    }

    /// <summary>A laboratory's result back as the format's toxicology entry; null when it names no substance.</summary>
    public static RecordToxicology? Read(Observation o)
    {
        var substance = o.Code?.Text ?? o.Code?.Coding.FirstOrDefault()?.Display;
        if (string.IsNullOrWhiteSpace(substance)) return null;
        var mg = o.Value is Quantity { Value: { } v } q ? ToMgPerL(v, q.Code ?? q.Unit) : null;
        return new RecordToxicology { Substance = substance, ConcentrationMgL = mg };
    }

    /// <summary>mg/L as Vigil stores it, from the units laboratories commonly report.</summary>
    private static double? ToMgPerL(decimal value, string? unit) => unit switch
    {
        "mg/L" or "mg/l" or "ug/mL" or "µg/mL" => (double)value,
        "ng/mL" or "ng/ml" or "ug/L" or "µg/L" => (double)(value / 1000m),
        "g/L" => (double)(value * 1000m),
        "g/dL" => (double)(value * 10000m),
        _ => null,
    };
}
