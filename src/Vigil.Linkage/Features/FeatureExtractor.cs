using Vigil.Linkage.Normalisation;
using Vigil.Records;

namespace Vigil.Linkage.Features;

/// <summary>Turns a <see cref="DeathRecord"/> into a <see cref="LinkageRecord"/>. Holds the interning tables,
/// so every record compared in one index must come from the same extractor.</summary>
public sealed class FeatureExtractor
{
    private static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Keys of people (names, phones) with the number of indexed records carrying each.</summary>
    public KeyTable PersonKeys { get; } = new();

    /// <summary>Interned categorical values (areas, causes, manners, positions).</summary>
    public KeyTable Values { get; } = new();

    private readonly Dictionary<int, string> _areaNames = [];

    /// <summary>An area as first written ("Tower Hamlets"), for explanations; "" when unknown.</summary>
    public string AreaName(int area) => _areaNames.GetValueOrDefault(area, "");

    /// <summary>Extracts the comparable features of one death.</summary>
    public LinkageRecord Extract(DeathRecord r)
    {
        var cause = (r.CauseOfDeath ?? "").Trim().ToLowerInvariant();
        uint substances = 0;
        foreach (var t in r.Toxicology ?? []) substances |= Substances.Bit(t.Substance);
        uint scene = 0;
        foreach (var s in r.SceneFeatures ?? []) scene |= SceneFeatures.Bit(s);
        var age = r.Deceased?.Age ?? -1;
        var lat = r.Location.Lat;
        var lon = r.Location.Lon;
        var area = Intern("area:", r.Location.Area?.Trim().ToLowerInvariant());
        if (area >= 0) _areaNames.TryAdd(area, r.Location.Area!.Trim());
        return new LinkageRecord
        {
            Ref = r.Ref,
            Days = (r.FoundAt - Epoch).TotalDays,
            Lat = lat,
            Lon = lon,
            X = lon * 111.32 * Math.Cos(lat * Math.PI / 180),
            Y = lat * 110.57,
            Area = area,
            Setting = Settings.Index(r.Location.Setting),
            Sex = r.Deceased?.Sex switch { "male" => 1, "female" => 2, _ => 0 },
            Age = age,
            Kind = DeathKinds.Classify(cause, substances, r.Manner, age, scene),
            Cause = Intern("cause:", cause.Length == 0 ? null : cause),
            Substances = substances,
            Manner = Intern("manner:", r.Manner),
            Position = Intern("position:", r.Position),
            Scene = scene,
            HasSuspect = (r.People ?? []).Any(p => string.Equals(p.Role, "suspect", StringComparison.Ordinal)),
            People = [.. (r.People ?? []).Select(Person)],
        };
    }

    private int Intern(string prefix, string? value) => value is null ? -1 : Values.Intern(prefix + value);

    private PersonFeature Person(RecordPerson p)
    {
        var name = PersonName.Parse(p.Name);
        var surnameKey = -1;
        var fullKey = -1;
        if (name is { } n)
        {
            var sorted = n.SurnameKey;
            surnameKey = n.Initial == '\0' ? -1 : PersonKeys.Intern($"n:{n.Initial}:{sorted}");
            if (n.First is not null) fullKey = PersonKeys.Intern($"f:{n.First}:{sorted}");
        }
        var phone = PhoneNumber.Normalise(p.Phone);
        var phoneKey = phone is null ? -1 : PersonKeys.Intern("p:" + phone);
        var dob = p.Dob is { } d ? d.DayNumber - DateOnly.FromDateTime(Epoch.UtcDateTime).DayNumber : PersonFeature.NoDob;
        return new PersonFeature(p.Role, name, p.Name, surnameKey, fullKey, phoneKey, dob);
    }
}
