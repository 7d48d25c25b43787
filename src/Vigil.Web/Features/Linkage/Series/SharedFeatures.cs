namespace Vigil.Web.Features.Linkage.Series;

/// <summary>Something several members of a series share, with how many of them share it.</summary>
public sealed record SharedFeature(string What, string Value, int Members, int Of);

/// <summary>What a series' (visible) members share: people (the same resolved person or the same phone), places,
/// substances, scene features, settings and causes — anything at least two of them have in common.</summary>
public static class SharedFeatures
{
    public static List<SharedFeature> Of(IReadOnlyList<DeathCase> members)
    {
        var shared = new List<SharedFeature>();
        // Each member counts once per value, however many times the value appears in it.
        void Add(string what, Func<DeathCase, IEnumerable<(string Key, string Label)>> values)
        {
            var counted = members.SelectMany(c => values(c).DistinctBy(v => v.Key)).GroupBy(v => v.Key)
                .Select(g => (Label: g.First().Label, Count: g.Count())).Where(g => g.Count >= 2).OrderByDescending(g => g.Count);
            shared.AddRange(counted.Select(g => new SharedFeature(what, g.Label, g.Count, members.Count)));
        }
        Add("person", c => c.People.Select(p => (p.PersonId.ToString(), NameOf(members, p.PersonId))));
        Add("phone", c => c.People.Where(p => p.PhoneId is not null).Select(p => (p.PhoneId!.Value.ToString(), p.PhoneAsWritten ?? "phone")));
        Add("area", c => c.Area is null ? [] : [(c.Area, c.Area)]);
        Add("setting", c => c.Setting is null ? [] : [(c.Setting, c.Setting.Replace('-', ' '))]);
        Add("cause", c => c.CauseOfDeath is null ? [] : [(c.CauseOfDeath.ToLowerInvariant(), c.CauseOfDeath)]);
        Add("substance", c => c.Toxicology.Select(t => (t.Substance.ToLowerInvariant(), t.Substance)));
        Add("scene feature", c => c.SceneFeatureList.Select(f => (f, f.Replace('-', ' '))));
        return shared;
    }

    private static string NameOf(IReadOnlyList<DeathCase> members, Guid person)
    {
        var mentions = members.SelectMany(c => c.People).Where(p => p.PersonId == person).ToList();
        var roles = string.Join(", ", mentions.Select(p => p.Role.Replace('-', ' ')).Distinct());
        return $"{mentions.First().NameAsWritten ?? "(no name)"} ({roles})";
    }
}
