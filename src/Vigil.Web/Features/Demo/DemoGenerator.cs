namespace Vigil.Web.Features.Demo;

/// <summary>Synthetic deaths for one city (London) over a few years: the mix a force sees (natural deaths of the
/// elderly, overdoses, suicides, accidents, chemsex deaths) plus one hidden series of the kind Vigil exists to find.
/// Deterministic for a seed, so the demo and the tests see the same data.</summary>
public sealed class DemoGenerator(int seed = 2014)
{
    private readonly Random random = new(seed);

    /// <summary>Dates of birth drawn apart from everything else, so giving them (ADR 1643) left every other generated
    /// fact as it was.</summary>
    private readonly Random births = new(seed + 1);

    private static readonly (string Area, double Lat, double Lon, bool East)[] Areas =
    [
        ("Barking and Dagenham", 51.5397, 0.0809, true), ("Newham", 51.5255, 0.0352, true), ("Tower Hamlets", 51.5150, -0.0300, true),
        ("Hackney", 51.5450, -0.0553, true), ("Redbridge", 51.5590, 0.0741, true), ("Havering", 51.5812, 0.1837, true),
        ("Westminster", 51.4975, -0.1357, false), ("Camden", 51.5290, -0.1255, false), ("Lambeth", 51.4607, -0.1163, false),
        ("Southwark", 51.5035, -0.0804, false), ("Islington", 51.5416, -0.1022, false), ("Brent", 51.5588, -0.2817, false),
    ];

    private static readonly string[] First = ["James", "Callum", "Ibrahim", "Noah", "Elliot", "Margaret", "Patricia", "Mohammed", "Fatima", "Olu", "Grace", "Tom", "Ewa", "Kwame", "Priya", "Sean", "Aisha", "George", "Irene", "Luke"];
    private static readonly string[] Last = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Okafor", "Khan", "Walsh", "Hughes", "Clarke", "Nowak", "Adeyemi", "Evans", "Murphy", "Hall", "Wright"];
    private static readonly string[] Doctors = ["Dr Ruth Mensah", "Dr Alan Pike", "Dr Sunita Rao", "Dr Hugh Bell"];
    private static readonly string[] Carers = ["Kwame Walsh", "Joy Adeyemi", "Maria Nowak", "Beth Hughes", "Tariq Khan"];

    public IEnumerable<DeathRecord> Generate(int count, DateTime start, DateTime end)
    {
        var span = (end - start).TotalMinutes;
        var records = new List<DeathRecord>(count + 4);
        for (var i = 0; i < count; i++)
        {
            var found = start.AddMinutes(random.NextDouble() * span);
            records.Add(random.NextDouble() switch
            {
                < 0.50 => Natural(found),
                < 0.70 => Overdose(found),
                < 0.82 => Suicide(found),
                < 0.94 => Accident(found),
                _ => Chemsex(found),
            });
        }
        records.AddRange(Series(start.AddDays(span / 1440 * 0.55)));
        records.Sort((a, b) => a.FoundAt.CompareTo(b.FoundAt));
        for (var i = 0; i < records.Count; i++)
            records[i] = records[i] with { Ref = string.Create(CultureInfo.InvariantCulture, $"DEMO-{records[i].FoundAt.Year}-{i + 1:000000}") };
        return records;
    }

    public static bool IsEast(DeathRecord r) => Areas.FirstOrDefault(a => a.Area == r.Location.Area).East;

    private DeathRecord Natural(DateTime found) => Base(found, Pick(["home-own", "home-own", "care-home"]), age: random.Next(68, 99)) with
    {
        Position = "lying-supine",
        Narrative = "Found in bed by carer. Had been unwell. GP contacted to certify.",
        CauseOfDeath = Pick(["ischaemic heart disease", "COPD", "pneumonia", "stroke"]),
        Manner = "natural",
        Classification = "expected",
        People = [Person("carer", Pick(Carers)), Person("certifying-doctor", Pick(Doctors))],
    };

    private DeathRecord Overdose(DateTime found) => Base(found, Pick(["home-own", "home-other", "street", "park"]), age: random.Next(22, 58)) with
    {
        Position = Pick(["lying-side", "slumped", "lying-prone"]),
        SceneFeatures = ["drug-paraphernalia", "injection-site"],
        Narrative = "Found unresponsive with drug paraphernalia nearby. Ambulance attended; life pronounced extinct.",
        Toxicology = [new RecordToxicology { Substance = Pick(["morphine", "methadone", "cocaine"]), ConcentrationMgL = Math.Round(random.NextDouble() * 2, 2) }],
        CauseOfDeath = "mixed drug toxicity",
        Manner = "accident",
        Classification = "unexpected-not-suspicious",
        People = [Lay("finder", Name()), Lay("caller", Name(), Phone())],
        Exhibits = [new RecordExhibit { Type = "syringe", Description = "used syringe", Tested = random.NextDouble() < 0.6 }],
    };

    private DeathRecord Suicide(DateTime found) => Base(found, Pick(["home-own", "park", "railway"]), age: random.Next(18, 75)) with
    {
        Position = "hanging",
        SceneFeatures = random.NextDouble() < 0.3 ? ["ligature", "note-found"] : ["ligature"],
        Narrative = "Found by family member. No third-party involvement identified.",
        CauseOfDeath = "hanging",
        Manner = "suicide",
        Classification = "unexpected-not-suspicious",
        People = [Lay("finder", Name()), Lay("next-of-kin", Name())],
    };

    private DeathRecord Accident(DateTime found) => Base(found, Pick(["street", "water", "railway"]), age: random.Next(16, 90)) with
    {
        Position = Pick(["lying-supine", "in-water", "lying-prone"]),
        SceneFeatures = ["signs-of-trauma"],
        Narrative = "Road traffic collision / fall. Witnesses spoken to at scene.",
        CauseOfDeath = "multiple injuries",
        Manner = "accident",
        Classification = "unexpected-not-suspicious",
        People = [Lay("witness", Name(), Phone()), Lay("caller", Name(), Phone())],
    };

    private DeathRecord Chemsex(DateTime found) => Base(found, Pick(["home-other", "hotel", "venue"]), age: random.Next(20, 45), sex: "male") with
    {
        Position = "lying-supine",
        SceneFeatures = ["drug-paraphernalia", "sexual-context"],
        Narrative = "Found at a friend's flat after a party. Friend called ambulance.",
        Toxicology = [new RecordToxicology { Substance = "GHB", ConcentrationMgL = random.Next(90, 400) }],
        CauseOfDeath = "GHB toxicity",
        Manner = "accident",
        Classification = "unexpected-not-suspicious",
        People = [Lay("present-at-death", Name(), Phone())],
        Exhibits = [new RecordExhibit { Type = "bottle", Description = "small bottle, clear liquid", Tested = false }],
    };

    /// <summary>Four young men, GHB, near one churchyard in Barking; the same dog walker finds two; a note blames
    /// "the man I was with last night". Each written off on its own; together they are a series.</summary>
    private IEnumerable<DeathRecord> Series(DateTime first)
    {
        var churchyard = (Lat: 51.5362, Lon: 0.0765);
        var dogWalker = "Marjorie Quill";
        var killer = ("Victor Hale", "07700 900481");
        DeathRecord Victim(int days, string name, int age, string finder, string[] features, RecordExhibit[] exhibits, string narrative) => new()
        {
            Ref = "x", Source = "demo-met",
            FoundAt = new DateTimeOffset(first.AddDays(days).Date.AddHours(7.3), TimeSpan.Zero),
            ReportedAt = new DateTimeOffset(first.AddDays(days).Date.AddHours(7.6), TimeSpan.Zero),
            Location = new RecordLocation { Lat = churchyard.Lat + random.NextDouble() * 0.004, Lon = churchyard.Lon + random.NextDouble() * 0.004, Setting = "churchyard", Area = "Barking and Dagenham", Description = "against the churchyard wall" },
            Deceased = new RecordDeceased { Name = name, Sex = "male", Age = age, HomeArea = "Barking and Dagenham", Occupation = "student" },
            Position = "sitting-propped", SceneFeatures = features, Narrative = narrative,
            Toxicology = [new RecordToxicology { Substance = "GHB", ConcentrationMgL = random.Next(200, 400) }],
            CauseOfDeath = "GHB toxicity", Manner = "pending", Classification = "non-suspicious",
            People = [Person("finder", finder), Person("last-seen-with", killer.Item1, killer.Item2)],
            Exhibits = exhibits,
        };
        yield return Victim(0, "Owen Carraway", 23, "Colin Ashby", ["body-moved", "clothing-anomaly"], [new() { Type = "bottle", Description = "small bottle", Tested = false }], "Found outside a block of flats, propped up. Clothes disarranged.");
        yield return Victim(66, "Mateo Lindqvist", 22, dogWalker, ["body-moved", "drug-paraphernalia"], [new() { Type = "syringe", Description = "syringe beside body", Tested = false }], "Found by a dog walker against the churchyard wall.");
        yield return Victim(87, "Rhys Albright", 21, dogWalker, ["note-found", "body-moved", "drug-paraphernalia"], [new() { Type = "note", Description = "note: 'blame the man I was with last night'", Tested = false }, new() { Type = "bottle", Description = "bottle of clear liquid", Tested = false }], "Found by the same dog walker at the same wall. A note was in his hand.");
        yield return Victim(400, "Tobias Fenwick", 25, "Council worker", ["body-moved", "clothing-anomaly", "drug-paraphernalia"], [new() { Type = "syringe", Description = "syringe", Tested = false }], "Found near the churchyard. Wearing another person's T-shirt.");
    }

    private DeathRecord Base(DateTime found, string setting, int age, string? sex = null)
    {
        var area = Areas[random.Next(Areas.Length)];
        return new DeathRecord
        {
            Ref = "x", Source = "demo-met",
            FoundAt = new DateTimeOffset(found, TimeSpan.Zero),
            ReportedAt = new DateTimeOffset(found.AddMinutes(random.Next(10, 180)), TimeSpan.Zero),
            Location = new RecordLocation { Lat = Math.Round(area.Lat + (random.NextDouble() - 0.5) * 0.04, 6), Lon = Math.Round(area.Lon + (random.NextDouble() - 0.5) * 0.06, 6), Setting = setting, Area = area.Area, Description = setting.Replace('-', ' ') },
            Deceased = new RecordDeceased { Name = Name(), Sex = sex ?? Pick(["male", "female"]), Age = age, HomeArea = area.Area },
        };
    }

    private RecordPerson Person(string role, string name, string? phone = null) => new() { Role = role, Name = name, Phone = phone };

    /// <summary>A member of the public, as an officer records them: a name from a small pool, so with a date of birth.
    /// Without one every "James Smith" was one person in the register, and nearly every death showed the red flag
    /// "same finder, caller or last-seen-with person in another death" (walk51), hiding the one that matters: the
    /// series' dog walker. Carers, doctors and the series' people are recorded by name only, as their recurrence is
    /// the point.</summary>
    private RecordPerson Lay(string role, string name, string? phone = null)
    {
        // Never a namesake born the same day: with 400 names, chance alone made one "person" of two strangers, and the
        // demo's strongest alert was theirs.
        DateOnly dob;
        do dob = new DateOnly(1940, 1, 1).AddDays(births.Next(365 * 65));
        while (!layPeople.Add((name, dob)));
        return Person(role, name, phone) with { Dob = dob };
    }

    private readonly HashSet<(string Name, DateOnly Dob)> layPeople = [];
    private string Name() => $"{Pick(First)} {Pick(Last)}";
    private string Phone() => string.Create(CultureInfo.InvariantCulture, $"07700 9{random.Next(0, 99999):00000}");
    private T Pick<T>(T[] options) => options[random.Next(options.Length)];
}
