using Hl7.Fhir.Model;

namespace Vigil.Web.Features.Fhir;

/// <summary>The code systems and codes of Vigil's FHIR bundles: LOINC and SNOMED CT where the MDI implementation guide
/// uses them, the MDI code system for sections and tracking numbers, and Vigil's own systems for what has no standard
/// code (police classification, scene features, settings, roles). docs/interop.md lists them.</summary>
public static class FhirCodes
{
    /// <summary>Vigil's own namespace. ".invalid" is reserved (RFC 2606): it can never be mistaken for a real registry.</summary>
    public const string Base = "https://vigil.invalid/fhir";
    public const string CaseReference = Base + "/case-reference";
    public const string VigilObservation = Base + "/CodeSystem/observation";
    public const string Setting = Base + "/CodeSystem/setting";
    public const string Position = Base + "/CodeSystem/position";
    public const string SceneFeature = Base + "/CodeSystem/scene-feature";
    public const string Classification = Base + "/CodeSystem/police-classification";
    public const string Role = Base + "/CodeSystem/person-role";
    public const string Team = Base + "/team";

    public const string Loinc = "http://loinc.org";
    public const string Snomed = "http://snomed.info/sct";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string Mdi = "http://hl7.org/fhir/us/mdi/CodeSystem/CodeSystem-vr-codes";
    public const string TrackingNumber = "http://hl7.org/fhir/us/mdi/StructureDefinition/Extension-tracking-number";

    public const string DeathDocument = "86807-5";
    public const string DeathDateCode = "81956-5";
    public const string CauseOfDeath = "69453-9";
    public const string MannerOfDeath = "69449-7";
    public const string AgeAtDeath = "39016-1";
    public const string Occupation = "21843-8";

    public static string SourceSystem(string source) => $"{Base}/source/{Uri.EscapeDataString(source)}";

    public static string? SourceOf(string? system) =>
        system is not null && system.StartsWith(Base + "/source/", StringComparison.Ordinal)
            ? Uri.UnescapeDataString(system[(Base.Length + "/source/".Length)..])
            : null;

    /// <summary>Manner of death as the MDI guide codes it (SNOMED CT).</summary>
    public static readonly IReadOnlyDictionary<string, (string Code, string Display)> Manners = new Dictionary<string, (string, string)>
    {
        ["natural"] = ("38605008", "Natural death"),
        ["accident"] = ("7878000", "Accidental death"),
        ["suicide"] = ("44301001", "Suicide"),
        ["homicide"] = ("27935005", "Homicide"),
        ["undetermined"] = ("65037004", "Death, manner undetermined"),
        ["pending"] = ("185973002", "Patient awaiting investigation"),
    };

    public static CodeableConcept Concept(string system, string code, string? display = null) => new(system, code, display);
}
