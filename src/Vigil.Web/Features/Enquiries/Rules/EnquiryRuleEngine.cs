namespace Vigil.Web.Features.Enquiries.Rules;

/// <summary>A rule that holds for a case. <see cref="FactKey"/> is stable across saves (an exhibit's reference,
/// a person's id, a feature's name), so the same fact never raises the same action twice.</summary>
public sealed record RuleHit(EnquiryRule Rule, string FactKey, string FactLabel)
{
    public string TriggerKey => $"{Rule.Id}|{FactKey}";
    public string Title => Rule.Title.Replace("{fact}", FactLabel, StringComparison.Ordinal);
}

/// <summary>Evaluates the rules against a case's facts. Pure: no database, no clock. Runs on every case of an import,
/// so it makes no iterator, closure or list per rule and matcher: only the hits and the facts that hold (ADR 2402).</summary>
public sealed class EnquiryRuleEngine(EnquiryRuleSet rules)
{
    public EnquiryRuleSet Rules => rules;

    /// <summary>The rules' hits on the case, in rule order; per fact, each fact key once (its first label).</summary>
    public IReadOnlyList<RuleHit> Evaluate(DeathCase c)
    {
        List<RuleHit>? hits = null;
        var facts = new CaseFacts(c);
        foreach (var rule in rules.Rules)
        {
            if (rule.All is { } all && !AllHold(all, facts)) continue;
            facts.Found.Clear();
            foreach (var m in rule.Any) facts.Add(m, firstOnly: false);
            if (facts.Found.Count == 0) continue;
            hits ??= [];
            if (rule.Per == "case") hits.Add(new RuleHit(rule, "case", facts.Found[0].Label));
            else
                for (var i = 0; i < facts.Found.Count; i++)
                    if (!SeenBefore(facts.Found, i)) hits.Add(new RuleHit(rule, facts.Found[i].Key, facts.Found[i].Label));
        }
        return hits ?? (IReadOnlyList<RuleHit>)[];
    }

    private static bool AllHold(IReadOnlyList<FactMatcher> all, CaseFacts facts)
    {
        foreach (var m in all)
        {
            facts.Found.Clear();
            facts.Add(m, firstOnly: true);
            if (facts.Found.Count == 0) return false;
        }
        return true;
    }

    /// <summary>Whether fact i's key came earlier in the list (as DistinctBy keeps the first).</summary>
    private static bool SeenBefore(List<(string Key, string Label)> found, int i)
    {
        for (var j = 0; j < i; j++)
            if (string.Equals(found[j].Key, found[i].Key, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>A case's facts as the matchers test them, gathered into one reused list; the scene features split once.</summary>
    private sealed class CaseFacts(DeathCase c)
    {
        private IReadOnlyList<string>? scene;

        public List<(string Key, string Label)> Found { get; } = [];

        /// <summary>Every fact of the case that the test matches, as (stable key, words for an officer), in the order
        /// the matcher's kinds are listed; with <paramref name="firstOnly"/>, only the first (whether any holds).</summary>
        public void Add(FactMatcher m, bool firstOnly)
        {
            if (m.SceneFeature is { } sf)
                foreach (var f in scene ??= c.SceneFeatureList)
                    if (sf.Contains(f) && Yield($"scene:{f}", f.EndsWith("-missing", StringComparison.Ordinal) ? f[..^8] : Words.Of(f), firstOnly)) return;
            if (m.ExhibitType is { } et)
                foreach (var e in c.Exhibits)
                    if (et.Contains(e.Type) && Yield($"exhibit:{e.Reference}", $"exhibit {e.Reference} ({Words.Of(e.Type)})", firstOnly)) return;
            if (m.PersonRole is { } pr)
                foreach (var p in c.People)
                {
                    if (!pr.Contains(p.Role)) continue;
                    // An unnamed person is a new Person on every save, so they are keyed by role and their count in that
                    // role instead. Counted per role, not across the matcher's roles: the store returns a case's people
                    // in no fixed order, and a count shared by two roles gave the same two people swapped keys on the
                    // next save, which raised their actions again (round 41).
                    var stop = Unnamed(p.NameAsWritten)
                        ? Yield($"person:unnamed:{p.Role}:{UnnamedBefore(p) + 1}", $"{Words.Of(p.Role)} (name not recorded)", firstOnly)
                        : Yield($"person:{p.PersonId}", $"{Words.Of(p.Role)} {p.NameAsWritten}", firstOnly);
                    if (stop) return;
                }
            if (m.Position is { } pos && c.Position is { } cp && pos.Contains(cp) && Yield($"position:{cp}", Words.Of(cp), firstOnly)) return;
            if (m.Setting is { } set && c.Setting is { } cs && set.Contains(cs) && Yield($"setting:{cs}", Words.Of(cs), firstOnly)) return;
            if (m.Toxicology is { } tox)
                for (var i = 0; i < c.Toxicology.Count; i++)
                {
                    var t = c.Toxicology[i].Substance;
                    if (EarlierSubstance(i, t)) continue; // distinct substances, ignoring case, the first spelling kept
                    if (tox.Any(x => string.Equals(x, t.Trim(), StringComparison.OrdinalIgnoreCase))
                        && Yield($"tox:{t.Trim().ToUpperInvariant()}", t.Trim(), firstOnly)) return;
                }
            if (m.DeceasedMissing is { } missing)
            {
                if (missing.Contains("name") && string.IsNullOrWhiteSpace(c.Deceased.Name) && Yield("missing:name", "name not recorded", firstOnly)) return;
                if (missing.Contains("age") && c.Deceased.Age is null && Yield("missing:age", "age not recorded", firstOnly)) return;
            }
            // An unknown age passes an age limit: suspicious until shown otherwise, so the action is raised and can be
            // marked not pursued with a reason, rather than never raised.
            if (m.AgeAtMost is { } max && (c.Deceased.Age is null || c.Deceased.Age <= max)
                && Yield("age", c.Deceased.Age is { } age ? $"aged {age}" : "age not recorded", firstOnly)) return;
            if (m.MannerNot is { } not && (c.Manner is null || !not.Contains(c.Manner))) Yield("manner", Words.Of(c.Manner, "manner not recorded"), firstOnly);
        }

        /// <summary>Unnamed people of <paramref name="p"/>'s role listed before it (no list made: a case names a few people).</summary>
        private int UnnamedBefore(Data.People.CasePerson p)
        {
            var before = 0;
            foreach (var q in c.People)
            {
                if (ReferenceEquals(q, p)) return before;
                if (q.Role == p.Role && Unnamed(q.NameAsWritten)) before++;
            }
            return before;
        }

        /// <summary>Adds the fact; true when the caller should stop (only the first was asked for).</summary>
        private bool Yield(string key, string label, bool firstOnly)
        {
            Found.Add((key, label));
            return firstOnly;
        }

        private bool EarlierSubstance(int i, string substance)
        {
            for (var j = 0; j < i; j++)
                if (string.Equals(c.Toxicology[j].Substance, substance, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }
    }

    private static bool Unnamed(string? name) => string.IsNullOrWhiteSpace(name) || Data.People.PersonKeys.Name(name).Length == 0;
}
