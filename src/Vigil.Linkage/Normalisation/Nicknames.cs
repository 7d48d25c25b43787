namespace Vigil.Linkage.Normalisation;

/// <summary>English nicknames and the formal names they stand for ("Steve" for Stephen or Steven).</summary>
public static class Nicknames
{
    private static readonly Dictionary<string, string[]> Formal = new(StringComparer.Ordinal)
    {
        ["alex"] = ["alexander", "alexandra"], ["andy"] = ["andrew"], ["babs"] = ["barbara"],
        ["ben"] = ["benjamin"], ["bob"] = ["robert"], ["rob"] = ["robert"], ["bobby"] = ["robert"],
        ["dan"] = ["daniel"], ["danny"] = ["daniel"], ["dave"] = ["david"], ["jen"] = ["jennifer"],
        ["jenny"] = ["jennifer"], ["jim"] = ["james"], ["jimmy"] = ["james"], ["jamie"] = ["james"],
        ["liz"] = ["elizabeth"], ["beth"] = ["elizabeth"], ["maggie"] = ["margaret"], ["peggy"] = ["margaret"],
        ["matt"] = ["matthew"], ["mike"] = ["michael"], ["mick"] = ["michael"], ["nick"] = ["nicholas"],
        ["pat"] = ["patricia", "patrick"], ["rich"] = ["richard"], ["rick"] = ["richard"], ["dick"] = ["richard"],
        ["sam"] = ["samuel", "samantha"], ["steve"] = ["stephen", "steven"], ["stephen"] = ["steven"],
        ["tom"] = ["thomas"], ["tony"] = ["anthony"], ["bill"] = ["william"], ["will"] = ["william"],
        ["chris"] = ["christopher", "christine"], ["kate"] = ["katherine", "kathleen"], ["kath"] = ["kathleen"],
        ["josh"] = ["joshua"], ["nat"] = ["nathan", "natalie"], ["greg"] = ["gregory"], ["ed"] = ["edward"],
        ["eddie"] = ["edward"], ["harry"] = ["henry"], ["sue"] = ["susan"], ["becky"] = ["rebecca"],
        ["zach"] = ["zachary"], ["charlie"] = ["charles"], ["jon"] = ["jonathan"], ["mo"] = ["mohammed"],
    };

    private static readonly Dictionary<string, string> CanonicalOf = BuildCanonical();

    /// <summary>One spelling per person for keys: a nickname maps to its first formal name.</summary>
    public static string Canonical(string lowerFirst) =>
        CanonicalOf.TryGetValue(lowerFirst, out var c) ? c : lowerFirst;

    // Every name of the table with the names it can stand for (itself, its formal names, and for a formal name its
    // nicknames and their other formal names), built once: comparing two first names is on the linkage engine's path
    // for every candidate pair, where walking the table per call was 6 % of the scoring (ADR 1801).
    private static readonly Dictionary<string, HashSet<string>> Equivalents = BuildEquivalents();

    /// <summary>True when two lower-case first names can be the same person's.</summary>
    public static bool Compatible(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal)) return true;
        // A name outside the table stands only for itself.
        var ea = Equivalents.GetValueOrDefault(a);
        var eb = Equivalents.GetValueOrDefault(b);
        if (ea is null) return eb is not null && eb.Contains(a);
        return eb is null ? ea.Contains(b) : ea.Overlaps(eb);
    }

    /// <summary>What <see cref="Compatible"/> decides, by walking the table: the definition it is tested against.</summary>
    internal static bool CompatibleByTable(string a, string b) =>
        string.Equals(a, b, StringComparison.Ordinal) || Names(a).Intersect(Names(b), StringComparer.Ordinal).Any();

    private static Dictionary<string, HashSet<string>> BuildEquivalents()
    {
        var map = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var name in Formal.Keys.Concat(Formal.Values.SelectMany(f => f)).Distinct(StringComparer.Ordinal))
            map[name] = new HashSet<string>(Names(name), StringComparer.Ordinal);
        return map;
    }

    private static IEnumerable<string> Names(string name)
    {
        yield return name;
        if (Formal.TryGetValue(name, out var formal))
            foreach (var f in formal) yield return f;
        foreach (var (nick, forms) in Formal)
            if (forms.Contains(name, StringComparer.Ordinal)) { yield return nick; foreach (var f in forms) yield return f; }
    }

    private static Dictionary<string, string> BuildCanonical()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (nick, forms) in Formal)
        {
            map[nick] = forms[0];
            // Steven and Stephen share a key: officers write either for the same man.
            foreach (var f in forms) map.TryAdd(f, forms[0]);
        }
        return map;
    }
}
