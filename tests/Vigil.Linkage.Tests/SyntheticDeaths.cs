using System.Globalization;
using Vigil.Records;

namespace Vigil.Linkage.Tests;

/// <summary>Generates a small city of deaths with planted series: young men dead of GHB in one area within
/// weeks, sharing a finder written in different ways. Background deaths are spread over areas and years.</summary>
internal static class SyntheticDeaths
{
    private static readonly string[] Areas = ["North", "South", "East", "West", "Centre", "Docks"];
    private static readonly string[] Firsts = ["Stephen", "Mary", "Ahmed", "Linda", "Kwame", "Ewa", "Paul", "Joan", "Ravi", "Chloe"];
    private static readonly string[] Surnames = ["Jones", "Patel", "Okafor", "Nowak", "Hughes", "Begum", "Walsh", "Reid", "Clarke", "Moore", "Hale", "Byrne"];
    private static readonly DateTimeOffset Start = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static (List<DeathRecord> Deaths, Dictionary<string, string> Truth) Generate(int background, int series, int seed)
    {
        var random = new Random(seed);
        var deaths = new List<DeathRecord>();
        var truth = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < background; i++)
        {
            var area = random.Next(Areas.Length);
            var elderly = random.NextDouble() < 0.6;
            deaths.Add(Death($"B{i:D5}", Start.AddDays(random.NextDouble() * 1460), area, random,
                elderly ? "female" : "male", elderly ? 70 + random.Next(25) : 20 + random.Next(50),
                elderly ? "old age" : random.NextDouble() < 0.1 ? "GHB toxicity" : "hanging",
                elderly ? [] : random.NextDouble() < 0.1 ? ["GHB"] : [],
                [Person(elderly ? "certifying-doctor" : "finder", $"{Firsts[random.Next(Firsts.Length)]} {Surnames[random.Next(Surnames.Length)]}", null)]));
        }
        for (var s = 0; s < series; s++)
        {
            var area = random.Next(Areas.Length);
            var day = random.NextDouble() * 1300;
            var finder = $"{Firsts[random.Next(Firsts.Length)]}{s} {Surnames[random.Next(Surnames.Length)]}{s}";
            var phone = $"077009{s:D5}";
            var members = 3 + random.Next(3);
            for (var m = 0; m < members; m++)
            {
                var written = (m % 3) switch { 0 => finder, 1 => string.Join(", ", finder.Split(' ').Reverse()).ToUpperInvariant(), _ => finder[0] + ". " + finder.Split(' ')[1] };
                var refName = $"S{s:D2}-{m}";
                deaths.Add(Death(refName, Start.AddDays(day), area, random, "male", 20 + random.Next(10), "GHB toxicity", ["GHB"],
                    random.NextDouble() < 0.7 ? [Person("finder", written, m % 2 == 0 ? phone : "+44 " + phone[1..])] : []));
                truth[refName] = $"S{s:D2}";
                day += 5 + random.NextDouble() * 40;
            }
        }
        return ([.. deaths.OrderBy(d => d.FoundAt)], truth);
    }

    private static RecordPerson Person(string role, string name, string? phone) => new() { Role = role, Name = name, Phone = phone };

    private static DeathRecord Death(string id, DateTimeOffset at, int area, Random random, string sex, int age, string cause,
        string[] substances, RecordPerson[] people) => new()
    {
        Ref = id,
        FoundAt = at,
        Location = new RecordLocation
        {
            Lat = 51.5 + area * 0.05 + random.NextDouble() * 0.02,
            Lon = -0.1 + area * 0.04 + random.NextDouble() * 0.02,
            Setting = cause == "old age" ? "home-own" : "park",
            Area = Areas[area],
        },
        Deceased = new RecordDeceased { Sex = sex, Age = age, Name = "X " + id.ToString(CultureInfo.InvariantCulture) },
        CauseOfDeath = cause,
        Manner = cause == "old age" ? "natural" : "undetermined",
        Toxicology = [.. substances.Select(s => new RecordToxicology { Substance = s, ConcentrationMgL = 300 })],
        People = people,
    };
}
