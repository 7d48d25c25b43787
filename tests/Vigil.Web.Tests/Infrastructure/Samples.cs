using Vigil.Records;

namespace Vigil.Web.Tests.Infrastructure;

/// <summary>Death records for tests, varied by argument rather than copied.</summary>
public static class Samples
{
    public static DeathRecord Record(string? reference = null, string? source = null, string? name = "Daniel Brook",
        string? classification = null, DateTimeOffset? foundAt = null, string? area = "Southwark") => new()
    {
        Ref = reference ?? "T-" + Guid.NewGuid().ToString("N")[..10],
        Source = source,
        FoundAt = foundAt ?? new DateTimeOffset(2015, 3, 2, 7, 20, 0, TimeSpan.Zero),
        ReportedAt = (foundAt ?? new DateTimeOffset(2015, 3, 2, 7, 20, 0, TimeSpan.Zero)).AddMinutes(21),
        Location = new RecordLocation { Lat = 51.5079, Lon = -0.0877, Setting = "churchyard", Description = "against the north wall of the churchyard", Area = area },
        Deceased = new RecordDeceased { Name = name, Sex = "male", Age = 24, HomeArea = "Lewisham", Occupation = "chef" },
        Position = "sitting-propped",
        SceneFeatures = ["body-moved", "clothing-anomaly"],
        Narrative = "Found by a dog walker sitting against the churchyard wall.",
        Toxicology = [new RecordToxicology { Substance = "GHB", ConcentrationMgL = 310.0 }],
        CauseOfDeath = "GHB toxicity",
        Manner = "pending",
        Classification = classification,
        People = [new RecordPerson { Role = "finder", Name = "Margaret Hale", Phone = "07700 900417" }],
        Exhibits = [new RecordExhibit { Type = "bottle", Description = "small plastic bottle, clear liquid", Tested = false }],
    };

    public const string ExampleLine = """{"ref":"LB-2015-004211","source":"synthetic-london","reported_at":"2015-03-02T07:41:00Z","found_at":"2015-03-02T07:20:00Z","location":{"lat":51.5079,"lon":-0.0877,"setting":"churchyard","description":"against the north wall of the churchyard","address":null,"area":"Southwark"},"deceased":{"name":"Daniel Brook","sex":"male","age":24,"dob":null,"home_area":"Lewisham","occupation":"chef","address":null},"position":"sitting-propped","scene_features":["body-moved","clothing-anomaly"],"narrative":"Found by a dog walker sitting against the churchyard wall.","toxicology":[{"substance":"GHB","concentration_mg_l":310.0}],"cause_of_death":"GHB toxicity","manner":"pending","classification":"non-suspicious","people":[{"role":"finder","name":"Margaret Hale","dob":null,"phone":"07700 900417","address":null}],"exhibits":[{"type":"bottle","description":"small plastic bottle, clear liquid","tested":false}]}""";
}
