using Vigil.Data.People;

namespace Vigil.Web.Features.Cases;

/// <summary>Between the interchange format and the case record. Import, export, the API and the forms all
/// go through here, so a field added to one is added to all (and the round trip stays lossless).</summary>
public static class CaseRecordMapper
{
    /// <summary>Copies a record's scalar facts onto a case (people and children are the <see cref="CaseWriter"/>'s job).</summary>
    public static void ApplyFacts(DeathCase c, DeathRecord r)
    {
        c.FoundAt = StoredTime(r.FoundAt);
        c.ReportedAt = r.ReportedAt is { } reported ? StoredTime(reported) : null;
        c.Latitude = r.Location.Lat;
        c.Longitude = r.Location.Lon;
        c.Setting = r.Location.Setting;
        c.LocationDescription = r.Location.Description;
        c.LocationAddress = r.Location.Address;
        c.Area = r.Location.Area;
        var d = r.Deceased;
        c.Deceased.Name = d?.Name;
        c.Deceased.NameSearch = d?.Name is { } n ? SearchName(n) : null;
        c.Deceased.Sex = d?.Sex;
        c.Deceased.Age = d?.Age;
        c.Deceased.DateOfBirth = d?.Dob;
        c.Deceased.HomeArea = d?.HomeArea;
        c.Deceased.Occupation = d?.Occupation;
        c.Deceased.Address = d?.Address;
        c.Position = r.Position;
        c.SetSceneFeatures(r.SceneFeatures ?? []);
        c.Narrative = r.Narrative;
        c.CauseOfDeath = r.CauseOfDeath;
        c.Manner = r.Manner;
        // A form edit carries no unknown fields: keep what an import stored rather than lose it.
        if (r.Extra is { Count: > 0 } extra) c.ExtraJson = JsonSerializer.Serialize(extra);
    }

    /// <summary>A record's time as both stores hold it: UTC, to the microsecond. RFC 3339 allows any number of
    /// fractional digits and .NET keeps seven; PostgreSQL keeps six (Npgsql drops the seventh, towards 2000-01-01), so
    /// the seventh is dropped here, downwards, and a record sent again reads the same on either store (ADR 3148).</summary>
    public static DateTime StoredTime(DateTimeOffset t)
    {
        var utc = t.UtcDateTime;
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMicrosecond));
    }

    /// <summary>Surname first, simplified: "Daniel Brook" and "BROOK, Daniel" both search as "brook daniel".</summary>
    public static string SearchName(string name)
    {
        var trimmed = name.Trim();
        var comma = trimmed.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0) return PersonKeys.Simplify(trimmed);
        var words = PersonKeys.Simplify(trimmed).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= 1 ? string.Join(' ', words) : words[^1] + " " + string.Join(' ', words[..^1]);
    }

    public static DeathRecord ToRecord(DeathCase c) => new()
    {
        Ref = c.SourceRef,
        Source = c.Source,
        ReportedAt = c.ReportedAt is { } rep ? new DateTimeOffset(rep, TimeSpan.Zero) : null,
        FoundAt = new DateTimeOffset(c.FoundAt, TimeSpan.Zero),
        Location = new RecordLocation
        {
            Lat = c.Latitude, Lon = c.Longitude, Setting = c.Setting, Description = c.LocationDescription,
            Address = c.LocationAddress, Area = c.Area,
        },
        Deceased = new RecordDeceased
        {
            Name = c.Deceased.Name, Sex = c.Deceased.Sex, Age = c.Deceased.Age, Dob = c.Deceased.DateOfBirth,
            HomeArea = c.Deceased.HomeArea, Occupation = c.Deceased.Occupation, Address = c.Deceased.Address,
        },
        Position = c.Position,
        SceneFeatures = c.SceneFeatureList,
        Narrative = c.Narrative,
        Toxicology = c.Toxicology.Select(t => new RecordToxicology { Substance = t.Substance, ConcentrationMgL = t.ConcentrationMgL }).ToList(),
        CauseOfDeath = c.CauseOfDeath,
        Manner = c.Manner,
        // The source's own term when it had one, so a re-import maps to the same category.
        Classification = c.SourceClassification ?? c.Classification,
        People = c.People.Select(p => new RecordPerson
        {
            Role = p.Role, Name = p.NameAsWritten, Dob = p.Person?.DateOfBirth, Phone = p.PhoneAsWritten, Address = p.AddressAsWritten,
        }).ToList(),
        Exhibits = c.Exhibits.OrderBy(e => e.Reference, StringComparer.Ordinal)
            .Select(e => new RecordExhibit { Type = e.Type, Description = e.Description, Tested = e.Tested }).ToList(),
        Extra = c.ExtraJson is { } extra ? JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(extra) : null,
    };
}
