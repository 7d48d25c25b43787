using Hl7.Fhir.Model;
using static Vigil.Web.Features.Fhir.FhirCodes;

namespace Vigil.Web.Features.Fhir;

/// <summary>A document bundle (Vigil's own, or another system's shaped on the MDI guide) back into a death record.
/// Resources are found by what they are (codes), not by position, so another system's ordering does not matter.</summary>
public static class FhirBundleReader
{
    public static (DeathRecord? Record, IReadOnlyList<string> Problems) Read(Bundle bundle)
    {
        var problems = new List<string>();
        if (bundle.Type != Bundle.BundleType.Document) problems.Add("the bundle is not a document (Bundle.type must be 'document')");
        var resources = ByUrl(bundle);
        var composition = resources.Values.OfType<Composition>().FirstOrDefault();
        if (composition is null) { problems.Add("the document has no Composition"); return (null, problems); }
        var patient = Resolve<Patient>(resources, composition.Subject);
        var observations = resources.Values.OfType<Observation>().ToList();
        var location = resources.Values.OfType<Location>().FirstOrDefault();

        var (source, reference) = Key(composition);
        if (reference is null) problems.Add("the Composition carries no tracking number (case number) to use as the record's ref");
        var deathDate = Coded(observations, Loinc, DeathDateCode);
        var foundAt = Component(deathDate, "found-at") ?? deathDate?.Value switch
        {
            FhirDateTime t => t.TryToDateTimeOffset(out var at) ? at : null,
            Period p => p.EndElement?.TryToDateTimeOffset(out var end) == true ? end : null,
            _ => null,
        };
        if (foundAt is null) problems.Add("no death date observation (LOINC 81956-5) says when the body was found");
        if (location?.Position is null) problems.Add("no Location with a position (latitude and longitude) says where");
        var age = Coded(observations, Loinc, AgeAtDeath)?.Value is Quantity { Value: { } years } ? years : (decimal?)null;
        if (age is < 0 or > int.MaxValue) problems.Add($"the age at death ({age}) is not a number of years");
        if (problems.Count > 0) return (null, problems);

        var record = new DeathRecord
        {
            Ref = reference!,
            Source = source,
            FoundAt = foundAt!.Value.ToUniversalTime(),
            ReportedAt = Component(deathDate, "reported-at")?.ToUniversalTime(),
            Location = new RecordLocation
            {
                Lat = (double)location!.Position!.Latitude!.Value, Lon = (double)location.Position!.Longitude!.Value,
                Setting = CodeIn(location.Type, Setting), Description = location.Description,
                Address = location.Address?.Text, Area = location.Address?.District,
            },
            Deceased = new RecordDeceased
            {
                Name = patient?.Name.FirstOrDefault() is { } n ? n.Text ?? string.Join(' ', n.Given.Append(n.Family).Where(p => p is not null)) : null,
                Sex = patient?.Gender switch { AdministrativeGender.Male => "male", AdministrativeGender.Female => "female", AdministrativeGender.Unknown => "unknown", _ => null },
                Age = age is { } whole ? (int)whole : null,
                Dob = patient?.BirthDate is { Length: 10 } dob ? DateOnly.ParseExact(dob, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                HomeArea = patient?.Address.FirstOrDefault()?.District,
                Occupation = (Coded(observations, Loinc, Occupation)?.Value as CodeableConcept)?.Text,
                Address = patient?.Address.FirstOrDefault()?.Text,
            },
            Position = CodeIn(Coded(observations, VigilObservation, "body-position")?.Value, FhirCodes.Position),
            SceneFeatures = observations.Where(o => Is(o, VigilObservation, "scene-feature")).Select(o => CodeIn(o.Value, SceneFeature)).OfType<string>().ToList(),
            Narrative = composition.Section.FirstOrDefault(s => Has(s.Code, Mdi, "narratives")) is { } section ? FhirText.Read(section.Text) : null,
            Toxicology = resources.Values.OfType<DiagnosticReport>().SelectMany(d => d.Result)
                .Select(r => Resolve<Observation>(resources, r)).OfType<Observation>().Select(FhirToxicology.Read).OfType<RecordToxicology>().ToList(),
            CauseOfDeath = (Coded(observations, Loinc, CauseOfDeath)?.Value as CodeableConcept)?.Text,
            Manner = Coded(observations, Loinc, MannerOfDeath)?.Value is CodeableConcept manner
                ? Manners.FirstOrDefault(m => Has(manner, Snomed, m.Value.Code)).Key : null,
            Classification = Coded(observations, VigilObservation, "police-classification")?.Value is CodeableConcept c ? c.Text ?? CodeIn(c, FhirCodes.Classification) : null,
            People = People(resources, composition),
        };
        return (record, problems);
    }

    /// <summary>The bundle's resources by fullUrl (else id, else a key of their own). Two entries claiming one fullUrl
    /// break FHIR's rules; the first is kept rather than the request failing on a duplicate key.</summary>
    public static Dictionary<string, Resource> ByUrl(Bundle bundle)
    {
        var resources = new Dictionary<string, Resource>(StringComparer.Ordinal);
        foreach (var e in bundle.Entry.Where(e => e.Resource is not null))
            resources.TryAdd(e.FullUrl ?? e.Resource!.Id ?? Guid.NewGuid().ToString(), e.Resource!);
        return resources;
    }

    /// <summary>The record's (source, ref): Vigil's own tracking number for the source record, else the first case number.</summary>
    public static (string? Source, string? Ref) Key(IExtendable resource)
    {
        var numbers = resource.Extension.Where(e => e.Url == TrackingNumber).Select(e => e.Value).OfType<Identifier>().ToList();
        if (numbers.FirstOrDefault(i => SourceOf(i.System) is not null) is { } own) return (SourceOf(own.System), own.Value);
        var other = numbers.FirstOrDefault(i => i.System != CaseReference) ?? numbers.FirstOrDefault();
        return (other?.System, other?.Value);
    }

    /// <summary>Vigil case references the resource carries as tracking numbers.</summary>
    public static IEnumerable<string> CaseReferences(IExtendable resource) =>
        resource.Extension.Where(e => e.Url == TrackingNumber).Select(e => e.Value).OfType<Identifier>()
            .Where(i => i.System == CaseReference && i.Value is not null).Select(i => i.Value!);

    private static List<RecordPerson> People(Dictionary<string, Resource> resources, Composition composition)
    {
        var people = resources.Values.OfType<RelatedPerson>().Select(p => Person(CodeIn(p.Relationship, Role) ?? "witness", p.Name, p.Telecom, p.Address, p.BirthDate)).ToList();
        foreach (var attester in composition.Attester)
            if (Resolve<Practitioner>(resources, attester.Party) is { } doctor)
                people.Add(Person("certifying-doctor", doctor.Name, doctor.Telecom, doctor.Address, doctor.BirthDate));
        return people;
    }

    private static RecordPerson Person(string role, List<HumanName> names, List<ContactPoint> telecom, List<Address> addresses, string? birthDate) => new()
    {
        Role = role,
        Name = names.FirstOrDefault()?.Text,
        Phone = telecom.FirstOrDefault(t => t.System == ContactPoint.ContactPointSystem.Phone)?.Value,
        Address = addresses.FirstOrDefault()?.Text,
        Dob = birthDate is { Length: 10 } d ? DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
    };

    private static T? Resolve<T>(Dictionary<string, Resource> resources, ResourceReference? reference) where T : Resource =>
        reference?.Reference is { } key && resources.TryGetValue(key, out var found) ? found as T
            : resources.Values.OfType<T>().FirstOrDefault(r => reference?.Reference == $"{r.TypeName}/{r.Id}");

    private static Observation? Coded(List<Observation> observations, string system, string code) => observations.FirstOrDefault(o => Is(o, system, code));

    private static bool Is(Observation o, string system, string code) => Has(o.Code, system, code);

    private static bool Has(CodeableConcept? concept, string system, string code) =>
        concept?.Coding.Any(c => c.System == system && c.Code == code) == true;

    private static string? CodeIn(DataType? value, string system) =>
        (value as CodeableConcept)?.Coding.FirstOrDefault(c => c.System == system)?.Code;

    private static string? CodeIn(IEnumerable<CodeableConcept> concepts, string system) =>
        concepts.SelectMany(c => c.Coding).FirstOrDefault(c => c.System == system)?.Code;

    private static DateTimeOffset? Component(Observation? o, string code) =>
        o?.Component.FirstOrDefault(c => Has(c.Code, VigilObservation, code))?.Value is FhirDateTime t && t.TryToDateTimeOffset(out var at) ? at : null;
}
