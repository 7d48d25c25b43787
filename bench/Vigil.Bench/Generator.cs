using Vigil.Records;

namespace Vigil.Bench;

/// <summary>Generates deaths for load tests: a 30-area city over twenty years, the benchmark's mix of kinds,
/// people drawn from a pool of common names (so that person keys collide as they do in real data).</summary>
public static class Generator
{
    // Names as a force's records hold them: a few very common (a "Smith" is about 1 in 100 people), a long tail of rare
    // ones. The first version drew from 20 first names and 24 surnames, so every name recurred thousands of times in a
    // million deaths and person surveillance compared each mention with thousands of namesakes: not a force's data.
    private static readonly string[] Syllables = ["al", "ber", "cor", "dan", "el", "fen", "gar", "hol", "is", "jon", "kel", "lin", "mor", "nor", "os", "pel", "quin", "ros", "sel", "tor", "ul", "van", "wes", "yar", "zen"];
    private static readonly string[] Firsts = Names(1_000, 3, 7);
    private static readonly string[] Surnames = Names(20_000, 4, 11);
    private static readonly (string Cause, string[] Tox, string Manner, int MinAge)[] Kinds =
    [
        ("old age", [], "natural", 65), ("ischaemic heart disease", ["morphine"], "natural", 60), ("opiate toxicity", ["morphine", "diazepam"], "accident", 20),
        ("hanging", [], "suicide", 16), ("GHB toxicity", ["GHB"], "undetermined", 18), ("drowning", ["ethanol"], "accident", 16),
        ("compression of the neck", [], "homicide", 18), ("diabetic coma", ["insulin"], "pending", 50),
    ];
    private static readonly double[] KindShare = [0.3, 0.12, 0.2, 0.2, 0.04, 0.1, 0.01, 0.03];
    private static readonly DateTimeOffset Start = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Generates <paramref name="count"/> deaths in time order.</summary>
    public static IEnumerable<DeathRecord> Deaths(int count, int seed, double years = 20)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var k = Pick(random);
            var (cause, tox, manner, minAge) = Kinds[k];
            var area = random.Next(30);
            yield return new DeathRecord
            {
                Ref = $"G{i:D7}",
                FoundAt = Start.AddDays(years * 365.25 * i / count),
                Location = new RecordLocation { Lat = 51.3 + (area / 6) * 0.07 + random.NextDouble() * 0.07, Lon = -0.4 + (area % 6) * 0.1 + random.NextDouble() * 0.1, Area = $"Area{area}", Setting = k < 2 ? "home-own" : "street" },
                Deceased = new RecordDeceased { Sex = random.Next(2) == 0 ? "male" : "female", Age = minAge + random.Next(30) },
                CauseOfDeath = cause,
                Manner = manner,
                Toxicology = [.. tox.Select(t => new RecordToxicology { Substance = t })],
                People = [.. Enumerable.Range(0, 1 + random.Next(2)).Select(_ => new RecordPerson
                {
                    Role = k < 2 ? "carer" : "finder",
                    Name = $"{Zipf(Firsts, random)} {Zipf(Surnames, random)}",
                    Phone = random.Next(3) == 0 ? $"077{random.Next(100_000_000):D8}" : null,
                })],
            };
        }
    }

    /// <summary>Distinct capitalised names of up to <paramref name="syllables"/> syllables, in a fixed order (the
    /// syllables must allow more than <paramref name="count"/> names).</summary>
    private static string[] Names(int count, int syllables, int seed)
    {
        var random = new Random(seed);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (names.Count < count)
        {
            var name = string.Concat(Enumerable.Range(0, 1 + random.Next(syllables)).Select(_ => Syllables[random.Next(Syllables.Length)]));
            names.Add(char.ToUpperInvariant(name[0]) + name[1..]);
        }
        return [.. names];
    }

    /// <summary>A surname drawn as the people's are.</summary>
    public static string Surname(Random random) => Zipf(Surnames, random);

    /// <summary>A name drawn with a heavy head: the i-th of n with probability about 1/(2·sqrt(i·n)).</summary>
    private static string Zipf(string[] names, Random random)
    {
        var u = random.NextDouble();
        return names[(int)(u * u * names.Length)];
    }

    private static int Pick(Random random)
    {
        var x = random.NextDouble();
        for (var i = 0; i < KindShare.Length; i++)
        {
            x -= KindShare[i];
            if (x < 0) return i;
        }
        return 0;
    }
}
