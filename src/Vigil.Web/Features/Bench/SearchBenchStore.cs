using Spectre.Console;
using Vigil.Data.People;
using Vigil.Web.Features.Search;

namespace Vigil.Web.Features.Bench;

/// <summary>Fills a store for the search benchmark: deaths with one or two people each (names from a few thousand
/// surnames, so a surname is shared by a few hundred people as real ones are; one person in twenty recurs in several
/// deaths), phones, addresses, narrative and an exhibit, and their search documents. Load generation: no audit.</summary>
public sealed class SearchBenchStore(BenchStore store)
{
    private static readonly string[] Syllables = ["ash", "bel", "cor", "dun", "el", "far", "gar", "hol", "ing", "ken", "lam", "mor", "nor", "ock", "pel", "ras", "sted", "tan", "wick", "ley"];
    private static readonly string[] Firsts = ["James", "Callum", "Ibrahim", "Noah", "Elliot", "Margaret", "Patricia", "Mohammed", "Fatima", "Olu", "Grace", "Thomas", "Ewa", "Kwame", "Priya", "Sean", "Aisha", "George", "Irene", "Luke", "Stephen", "Robert", "Daniel", "Susan", "Michael"];
    private static readonly string[] Streets = ["Acorn", "Baker", "Chapel", "Dock", "Elm", "Ferry", "Granary", "Hythe", "Ivy", "Jubilee", "Kiln", "Larch", "Mill", "North", "Orchard", "Priory"];
    private static readonly string[] Words = ["found", "collapsed", "bedroom", "stairwell", "churchyard", "flat", "party", "friend", "ambulance", "bottle", "syringe", "note", "neighbour", "dog", "walker", "carer", "hostel", "canal", "towpath", "garage"];
    public static readonly string[] Roles = ["finder", "caller", "last-seen-with", "witness", "next-of-kin", "present-at-death"];

    public static string Surname(int i) => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(Syllables[i % 20] + Syllables[i / 20 % 20] + Syllables[i / 400 % 20]);

    public static string FirstName(int i) => Firsts[i % Firsts.Length];

    public static string PhoneOf(long n) => string.Create(CultureInfo.InvariantCulture, $"07{n % 1_000_000_000:000000000}");

    public async Task EnsureAsync(int target, List<Guid> teams, CancellationToken ct)
    {
        await using var db = store.NewContext();
        var have = await db.Cases.CountAsync(c => c.Source == "bench-search", ct);
        if (have >= target) return;
        var random = new Random(have + 11);
        var start = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var recurring = new List<Person>();
        await AnsiConsole.Progress().StartAsync(async ctx =>
        {
            var task = ctx.AddTask($"generating {target - have:N0} searchable deaths", maxValue: target - have);
            for (var done = 0; done < target - have; done += 5_000)
            {
                await using var batch = store.NewBulkContext();
                batch.ChangeTracker.AutoDetectChangesEnabled = false;
                var n = Math.Min(5_000, target - have - done);
                for (var i = 0; i < n; i++)
                    Add(batch, have + done + i + 1, random, start, teams, recurring);
                await BenchStore.SaveBulkAsync(batch, ct);
                task.Increment(n);
            }
        });
    }

    private static void Add(VigilDbContext db, int number, Random random, DateTime start, List<Guid> teams, List<Person> recurring)
    {
        var found = start.AddMinutes(random.NextDouble() * 26 * 365 * 1440);
        var area = BenchStore.AreaNames[random.Next(BenchStore.AreaNames.Count)];
        var deceased = $"{FirstName(random.Next(1000))} {Surname(random.Next(8000))}";
        var c = new DeathCase
        {
            Reference = $"BSR-{found.Year}-{number:0000000}", Source = "bench-search", SourceRef = $"S{number}", TeamId = teams[random.Next(teams.Count)],
            FoundAt = found, CreatedAt = found, UpdatedAt = found, Latitude = 51.3 + random.NextDouble() * 0.4, Longitude = -0.4 + random.NextDouble() * 0.6,
            Area = area, Setting = "home-own", Classification = CaseClassification.All[random.Next(4)],
            LocationAddress = $"{random.Next(1, 300)} {Streets[random.Next(Streets.Length)]} Road, {area}",
            Narrative = string.Join(' ', Enumerable.Range(0, 14).Select(_ => Words[random.Next(Words.Length)])) + ".",
            Deceased = new Deceased { Name = deceased, NameSearch = Cases.CaseRecordMapper.SearchName(deceased), Age = random.Next(15, 99) },
        };
        var people = random.Next(2) + 1;
        for (var k = 0; k < people; k++)
        {
            Person person;
            var isNew = !(recurring.Count > 100 && random.Next(20) == 0);
            if (!isNew) person = recurring[random.Next(recurring.Count)];
            else
            {
                var name = $"{FirstName(random.Next(1000))} {Surname(random.Next(8000))}";
                person = new Person { Name = name, MatchKey = $"bench|{number}|{k}", CreatedAt = found };
                db.People.Add(person);
                if (random.Next(20) == 0) recurring.Add(person);
            }
            c.People.Add(new CasePerson
            {
                CaseId = c.Id, PersonId = person.Id, Person = isNew ? person : null, Role = Roles[random.Next(Roles.Length)], NameAsWritten = person.Name,
                PhoneAsWritten = PhoneOf(number * 3L + k), AddressAsWritten = $"{random.Next(1, 300)} {Streets[random.Next(Streets.Length)]} Street, {area}",
            });
        }
        c.Exhibits.Add(new Exhibit { CaseId = c.Id, Reference = $"{c.Reference}/EX-01", Type = "bottle", Description = "small bottle, " + Words[random.Next(Words.Length)], CreatedAt = found });
        db.Cases.Add(c);
        db.Set<SearchDocument>().AddRange(SearchIndexer.DocumentsOf(c));
    }
}
