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

    /// <summary>What a laboratory's bundle says: the Vigil case reference its DiagnosticReport carries as a tracking
    /// number (null: none) and its results that name a substance, each found by its entry's fullUrl or "Type/id".</summary>
    public static (string? CaseReference, List<RecordToxicology> Results) ResultsOf(Bundle bundle)
    {
        var resources = bundle.Entry.Select(e => e.Resource).OfType<Resource>().ToList();
        var report = resources.OfType<DiagnosticReport>().FirstOrDefault();
        var reference = report is null ? null : FhirBundleReader.CaseReferences(report).FirstOrDefault();
        if (report is null || reference is null) return (null, []);
        var byUrl = FhirBundleReader.ByUrl(bundle);
        var results = report.Result
            .Select(r => r.Reference is { } key && byUrl.TryGetValue(key, out var res) ? res : resources.FirstOrDefault(x => $"{x.TypeName}/{x.Id}" == r.Reference))
            .OfType<Observation>().Select(Read).OfType<RecordToxicology>().ToList();
        return (reference, results);
    }

    /// <summary>A laboratory's result back as the format's toxicology entry; null when it names no substance.</summary>
    public static RecordToxicology? Read(Observation o)
    {
        var substance = o.Code?.Text ?? o.Code?.Coding.FirstOrDefault()?.Display;
        if (string.IsNullOrWhiteSpace(substance)) return null;
        var mg = o.Value is Quantity { Value: { } v } q ? ToMgPerL(v, q.Code ?? q.Unit) : null;
        return new RecordToxicology { Substance = substance, ConcentrationMgL = mg };
    }

    /// <summary>mg/L as Vigil stores it, from the units laboratories commonly report. Scaled as a double: a value near
    /// decimal's limit times 10,000 overflowed decimal and failed the request (found by the fuzz target, round 41).</summary>
    private static double? ToMgPerL(decimal value, string? unit) => unit switch
    {
        "mg/L" or "mg/l" or "ug/mL" or "µg/mL" => (double)value,
        "ng/mL" or "ng/ml" or "ug/L" or "µg/L" => (double)value / 1000,
        "g/L" => (double)value * 1000,
        "g/dL" => (double)value * 10000,
        _ => null,
    };
}
