namespace Vigil.Web.Features.Enquiries.Rules;

/// <summary>A rule that holds for a case. <see cref="FactKey"/> is stable across saves (an exhibit's reference,
/// a person's id, a feature's name), so the same fact never raises the same action twice.</summary>
public sealed record RuleHit(EnquiryRule Rule, string FactKey, string FactLabel)
{
    public string TriggerKey => $"{Rule.Id}|{FactKey}";
    public string Title => Rule.Title.Replace("{fact}", FactLabel, StringComparison.Ordinal);
}

/// <summary>Evaluates the rules against a case's facts. Pure: no database, no clock.</summary>
public sealed class EnquiryRuleEngine(EnquiryRuleSet rules)
{
    public EnquiryRuleSet Rules => rules;

    public IEnumerable<RuleHit> Evaluate(DeathCase c)
    {
        foreach (var rule in rules.Rules)
        {
            if (rule.All is { } all && !all.All(m => Facts(m, c).Any())) continue;
            var facts = rule.Any.SelectMany(m => Facts(m, c)).ToList();
            if (facts.Count == 0) continue;
            if (rule.Per == "case") yield return new RuleHit(rule, "case", facts[0].Label);
            else foreach (var f in facts.DistinctBy(f => f.Key)) yield return new RuleHit(rule, f.Key, f.Label);
        }
    }

    /// <summary>Every fact of the case that the test matches, as (stable key, words for an officer).</summary>
    private static IEnumerable<(string Key, string Label)> Facts(FactMatcher m, DeathCase c)
    {
        if (m.SceneFeature is { } sf)
            foreach (var f in c.SceneFeatureList.Where(sf.Contains)) yield return ($"scene:{f}", f.EndsWith("-missing", StringComparison.Ordinal) ? f[..^8] : Words.Of(f));
        if (m.ExhibitType is { } et)
            foreach (var e in c.Exhibits.Where(e => et.Contains(e.Type))) yield return ($"exhibit:{e.Reference}", $"exhibit {e.Reference} ({Words.Of(e.Type)})");
        if (m.PersonRole is { } pr)
        {
            var unnamed = 0;
            foreach (var p in c.People.Where(p => pr.Contains(p.Role)))
                // An unnamed person is a new Person on every save, so they are keyed by role and order instead.
                yield return Unnamed(p.NameAsWritten)
                    ? ($"person:unnamed:{p.Role}:{++unnamed}", $"{Words.Of(p.Role)} (name not recorded)")
                    : ($"person:{p.PersonId}", $"{Words.Of(p.Role)} {p.NameAsWritten}");
        }
        if (m.Position is { } pos && c.Position is { } cp && pos.Contains(cp)) yield return ($"position:{cp}", Words.Of(cp));
        if (m.Setting is { } set && c.Setting is { } cs && set.Contains(cs)) yield return ($"setting:{cs}", Words.Of(cs));
        if (m.Toxicology is { } tox)
            foreach (var t in c.Toxicology.Select(t => t.Substance).Distinct(StringComparer.OrdinalIgnoreCase))
                if (tox.Any(x => string.Equals(x, t.Trim(), StringComparison.OrdinalIgnoreCase))) yield return ($"tox:{t.Trim().ToUpperInvariant()}", t.Trim());
        if (m.DeceasedMissing is { } missing)
        {
            if (missing.Contains("name") && string.IsNullOrWhiteSpace(c.Deceased.Name)) yield return ("missing:name", "name not recorded");
            if (missing.Contains("age") && c.Deceased.Age is null) yield return ("missing:age", "age not recorded");
        }
        // An unknown age passes an age limit: suspicious until shown otherwise, so the action is raised and can be
        // marked not pursued with a reason, rather than never raised.
        if (m.AgeAtMost is { } max && (c.Deceased.Age is null || c.Deceased.Age <= max)) yield return ("age", c.Deceased.Age is { } age ? $"aged {age}" : "age not recorded");
        if (m.MannerNot is { } not && (c.Manner is null || !not.Contains(c.Manner))) yield return ("manner", Words.Of(c.Manner, "manner not recorded"));
    }

    private static bool Unnamed(string? name) => string.IsNullOrWhiteSpace(name) || Data.People.PersonKeys.Name(name).Length == 0;
}
