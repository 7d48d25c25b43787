using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using static Vigil.Web.Features.Fhir.FhirCodes;

namespace Vigil.Web.Features.Fhir;

/// <summary>What a bundle says about the case besides its death record.</summary>
public sealed record FhirCaseInfo(Guid Id, string Reference, string Classification, string? Team, DateTime UpdatedAt);

/// <summary>A case as a FHIR R4 document bundle shaped on the MDI guide's "MDI and EDRS" document: a Composition with
/// the guide's sections (demographics, circumstances, jurisdiction, cause-manner, exam-autopsy, narratives), the
/// decedent as Patient, the place found as Location, the time found, cause and manner, police classification and
/// scene as Observations, toxicology as a DiagnosticReport with its Observations, people as RelatedPerson (the
/// certifying doctor as Practitioner and attester). ADR 1003 says why no MDI profile is claimed.</summary>
public static class FhirBundleWriter
{
    public static Bundle Write(DeathRecord r, FhirCaseInfo info)
    {
        var ids = new Ids(info.Id);
        var patient = Entry(ids, "patient", Patient(r));
        var subject = new ResourceReference(patient.FullUrl);
        var entries = new List<Bundle.EntryComponent>();
        var composition = new Composition
        {
            Status = r.Manner is null or "pending" ? CompositionStatus.Preliminary : CompositionStatus.Final,
            Type = Concept(Loinc, DeathDocument, "Death administrative information Document"),
            Subject = subject,
            Date = new DateTimeOffset(info.UpdatedAt, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            Title = $"Death investigation {info.Reference}",
            Identifier = new Identifier(CaseReference, info.Reference),
        };
        composition.Extension.Add(Tracking(CaseReference, info.Reference));
        if (r.Source is not null) composition.Extension.Add(Tracking(SourceSystem(r.Source), r.Ref));
        var team = Entry(ids, "team", new Organization { Name = info.Team ?? "Vigil", Identifier = [new Identifier(FhirCodes.Team, info.Team ?? "vigil")] });
        composition.Author.Add(new ResourceReference(team.FullUrl));

        var demographics = Section("demographics", "Additional demographics");
        if (r.Deceased?.Age is { } age)
            demographics.Entry.Add(Add(entries, ids, "age", Observe(subject, Concept(Loinc, AgeAtDeath, "Age at death"), new Quantity(age, "a", Ucum) { Unit = "years" })));
        if (r.Deceased?.Occupation is { } job)
            demographics.Entry.Add(Add(entries, ids, "occupation", Observe(subject, Concept(Loinc, Occupation, "History of Usual occupation"), new CodeableConcept { Text = job })));

        var circumstances = Section("circumstances", "Circumstances");
        circumstances.Entry.Add(Add(entries, ids, "location", Place(r.Location)));
        if (r.Position is { } position)
            circumstances.Entry.Add(Add(entries, ids, "position", Observe(subject, Concept(VigilObservation, "body-position", "Position of the body"), Concept(FhirCodes.Position, position))));
        foreach (var feature in r.SceneFeatures ?? [])
            circumstances.Entry.Add(Add(entries, ids, "feature-" + feature, Observe(subject, Concept(VigilObservation, "scene-feature", "Scene feature"), Concept(SceneFeature, feature))));
        var people = r.People ?? [];
        for (var i = 0; i < people.Count; i++)
        {
            var reference = Add(entries, ids, $"person-{i}", Person(people[i], subject));
            if (people[i].Role == "certifying-doctor")
                composition.Attester.Add(new Composition.AttesterComponent { Mode = Composition.CompositionAttestationMode.Professional, Party = reference });
            else circumstances.Entry.Add(reference);
        }

        var jurisdiction = Section("jurisdiction", "Jurisdiction");
        jurisdiction.Entry.Add(Add(entries, ids, "death-date", DeathDate(subject, r)));
        jurisdiction.Entry.Add(Add(entries, ids, "classification", Observe(subject, Concept(VigilObservation, "police-classification", "Police classification"),
            new CodeableConcept(FhirCodes.Classification, info.Classification) { Text = r.Classification })));

        var causeManner = Section("cause-manner", "Cause and manner of death");
        if (r.CauseOfDeath is { } cause)
            causeManner.Entry.Add(Add(entries, ids, "cause", Observe(subject, Concept(Loinc, CauseOfDeath, "Cause of death"), new CodeableConcept { Text = cause })));
        if (r.Manner is { } manner && Manners.TryGetValue(manner, out var coded))
            causeManner.Entry.Add(Add(entries, ids, "manner", Observe(subject, Concept(Loinc, MannerOfDeath, "Manner of death"), Concept(Snomed, coded.Code, coded.Display))));

        var autopsy = Section("exam-autopsy", "Examination and toxicology");
        if (r.Toxicology is { Count: > 0 } tox)
            autopsy.Entry.Add(Add(entries, ids, "toxicology", FhirToxicology.Report(tox, subject, info.Reference, (key, resource) => Add(entries, ids, key, resource))));

        var narrative = Section("narratives", "Narrative");
        if (r.Narrative is { } text) narrative.Text = FhirText.Div(text);

        composition.Section.AddRange(new[] { demographics, circumstances, jurisdiction, causeManner, autopsy, narrative }
            .Where(s => s.Entry.Count > 0 || s.Text is not null));
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Document,
            Identifier = new Identifier(CaseReference, info.Reference),
            Timestamp = new DateTimeOffset(info.UpdatedAt, TimeSpan.Zero),
        };
        bundle.Entry.Add(Entry(ids, "composition", composition));
        bundle.Entry.Add(patient);
        bundle.Entry.Add(team);
        bundle.Entry.AddRange(entries);
        return bundle;
    }

    public static Extension Tracking(string system, string value) =>
        new(TrackingNumber, new Identifier(system, value) { Type = Concept(Mdi, "mdi-case-number", "MDI Case Number") });

    private static Patient Patient(DeathRecord r)
    {
        var d = r.Deceased;
        var patient = new Patient { Deceased = new FhirBoolean(true) };
        if (d?.Name is { } name) patient.Name.Add(new HumanName { Text = name });
        patient.Gender = d?.Sex switch { "male" => AdministrativeGender.Male, "female" => AdministrativeGender.Female, "unknown" => AdministrativeGender.Unknown, _ => null };
        if (d?.Dob is { } dob) patient.BirthDate = dob.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (d?.Address is not null || d?.HomeArea is not null)
            patient.Address.Add(new Address { Use = Address.AddressUse.Home, Text = d.Address, District = d.HomeArea });
        return patient;
    }

    private static Location Place(RecordLocation l)
    {
        var place = new Location
        {
            Name = "Where the body was found",
            Description = l.Description,
            Position = new Location.PositionComponent { Latitude = (decimal)l.Lat, Longitude = (decimal)l.Lon },
        };
        place.Type.Add(Concept(Mdi, "death", "Death Location"));
        if (l.Setting is { } setting) place.Type.Add(Concept(Setting, setting));
        if (l.Address is not null || l.Area is not null) place.Address = new Address { Text = l.Address, District = l.Area };
        return place;
    }

    /// <summary>The time of death is not known, only that it was at or before the body was found: a period ending then
    /// (as the MDI guide's approximate death date), with when found and when reported as components.</summary>
    private static Observation DeathDate(ResourceReference subject, DeathRecord r)
    {
        var o = Observe(subject, Concept(Loinc, DeathDateCode, "Date+time of death"), new Period { End = Instant(r.FoundAt) });
        o.Method = Concept(Mdi, "approximate", "Approximate");
        o.Component.Add(new Observation.ComponentComponent { Code = Concept(VigilObservation, "found-at", "Date and time found"), Value = new FhirDateTime(r.FoundAt) });
        if (r.ReportedAt is { } reported)
            o.Component.Add(new Observation.ComponentComponent { Code = Concept(VigilObservation, "reported-at", "Date and time reported"), Value = new FhirDateTime(reported) });
        return o;
    }

    private static Resource Person(RecordPerson p, ResourceReference patient)
    {
        var name = p.Name is { } n ? new HumanName { Text = n } : null;
        var phone = p.Phone is { } tel ? new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, tel) : null;
        var address = p.Address is { } a ? new Address { Text = a } : null;
        var dob = p.Dob?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (p.Role == "certifying-doctor")
            return new Practitioner { Name = name is null ? [] : [name], Telecom = phone is null ? [] : [phone], Address = address is null ? [] : [address], BirthDate = dob };
        return new RelatedPerson
        {
            Patient = patient, Relationship = [Concept(Role, p.Role)],
            Name = name is null ? [] : [name], Telecom = phone is null ? [] : [phone], Address = address is null ? [] : [address], BirthDate = dob,
        };
    }

    public static Observation Observe(ResourceReference subject, CodeableConcept code, DataType value) =>
        new() { Status = ObservationStatus.Final, Code = code, Subject = subject, Value = value };

    public static string Instant(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static Composition.SectionComponent Section(string code, string title) => new() { Title = title, Code = Concept(Mdi, code) };

    private static ResourceReference Add(List<Bundle.EntryComponent> entries, Ids ids, string key, Resource resource)
    {
        var entry = Entry(ids, key, resource);
        entries.Add(entry);
        return new ResourceReference(entry.FullUrl);
    }

    private static Bundle.EntryComponent Entry(Ids ids, string key, Resource resource)
    {
        resource.Id = ids.For(key);
        return new Bundle.EntryComponent { FullUrl = "urn:uuid:" + resource.Id, Resource = resource };
    }

    /// <summary>Stable ids: the same case exports with the same resource ids every time.</summary>
    internal sealed class Ids(Guid caseId)
    {
        public string For(string key)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{caseId:N}/{key}"));
            hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
            hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
            return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
        }
    }
}
