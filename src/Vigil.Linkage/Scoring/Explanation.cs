using System.Globalization;
using Vigil.Linkage.Features;
using Vigil.Linkage.Explaining;
using Vigil.Linkage.Model;
using Vigil.Linkage.Surveillance;

namespace Vigil.Linkage.Scoring;

/// <summary>One comparison's contribution to a score, in an analyst's words.</summary>
/// <param name="Comparison">Which comparison.</param>
/// <param name="Finding">What was found, e.g. "found 0.4 km apart".</param>
/// <param name="Weight">Its weight of evidence: positive supports a link, negative counts against.</param>
public sealed record ExplanationItem(Comparison Comparison, string Finding, double Weight)
{
    /// <summary>The weight in words ("strong evidence for"): shown first, the number second.</summary>
    public string Strength => Words.Strength(Weight);
}

/// <summary>Why a pair scored what it did: each comparison with its weight, largest first, the surveillance signals
/// that count both deaths, and the probability.</summary>
/// <param name="Items">Contributions, largest absolute weight first.</param>
/// <param name="Score">The pair's score.</param>
/// <param name="Summary">One paragraph for the analyst, words first and weights second (the signals are apart, in
/// <see cref="Explanation.Signals"/>).</param>
public sealed record Explanation(IReadOnlyList<ExplanationItem> Items, PairScore Score, string Summary)
{
    /// <summary>Sentences for the surveillance signals that count both deaths (a person recurring, a concentration).</summary>
    public IReadOnlyList<string> Signals { get; init; } = [];

    /// <summary>Builds the explanation of a pair.</summary>
    public static Explanation For(LinkageModel model, LinkageRecord newer, LinkageRecord earlier, ITermFrequencies tf, FeatureExtractor extractor) =>
        For(model, newer, earlier, tf, extractor, null, -1);

    /// <summary>Builds the explanation of a pair whose alerting probability was calibrated against the new
    /// death's <paramref name="localComparable"/> candidates of its kind, with the person background and the
    /// signal sentences the score was made with.</summary>
    public static Explanation For(LinkageModel model, LinkageRecord newer, LinkageRecord earlier, ITermFrequencies tf, FeatureExtractor extractor,
        double? calibrated, int localComparable, PersonBackground? background = null, IReadOnlyList<string>? signals = null)
    {
        var c = PairComparer.Compare(newer, earlier);
        var score = PairScorer.Score(model, newer, earlier, c, tf, background);
        if (calibrated is { } p) score = score with { Probability = p };
        var table = LinkageModel.TableFor(newer.Kind, earlier.Kind);
        var items = new List<ExplanationItem>();
        for (var k = 0; k < Comparisons.Count; k++)
        {
            var w = PairScorer.LevelWeight(model.Tables[table], (Comparison)k, c, table, newer, tf, background);
            items.Add(new ExplanationItem((Comparison)k, Describe((Comparison)k, c, newer, earlier, tf, extractor, background), w));
        }
        items.Sort((a, b) => Math.Abs(b.Weight).CompareTo(Math.Abs(a.Weight)));
        var inv = CultureInfo.InvariantCulture;
        var kinds = newer.Kind == earlier.Kind ? $"Both {Words.Kind(newer.Kind)}" : $"{Words.Capitalise(Words.Kind(newer.Kind))} and {Words.Kind(earlier.Kind)}";
        var lines = new List<string> { kinds + "." };
        foreach (var group in items.Where(i => Math.Abs(i.Weight) >= 1.1).GroupBy(i => i.Strength))
            lines.Add($"{Words.Capitalise(group.Key)}: {string.Join("; ", group.Select(i => i.Finding))}.");
        lines.Add(calibrated is null
            ? string.Create(inv, $"Probability of a shared offender {score.Probability:P1} (evidence {score.Weight:+0.0;-0.0} against {Math.Exp(-score.LogPriorOdds):N0} comparable earlier deaths per expected link).")
            : string.Create(inv, $"Probability of a shared offender {score.Probability:P1} (evidence {score.Weight:+0.0;-0.0}, weighed against {localComparable:N0} earlier {Words.Kind(newer.Kind)} near it in place and time, calibrated on confirmed series)."));
        return new Explanation(items, score, string.Join(" ", lines)) { Signals = signals ?? [] };
    }

    private static string Describe(Comparison k, in PairComparison c, LinkageRecord a, LinkageRecord b, ITermFrequencies tf, FeatureExtractor x, PersonBackground? background)
    {
        var level = c.Levels[(int)k];
        var inv = CultureInfo.InvariantCulture;
        return k switch
        {
            Comparison.Area => level == 0 ? $"same area ({x.Values.Name(a.Area)[5..]})" : level == 1 ? "different areas" : "area not recorded",
            Comparison.Distance => string.Create(inv, $"found {c.DistanceKm:0.0} km apart"),
            Comparison.TimeGap => string.Create(inv, $"found {c.GapDays:0} days apart"),
            Comparison.Setting => level switch { 0 => $"same setting ({Settings.Known[a.Setting]})", 1 => "similar settings", 2 => "different settings", _ => "setting not recorded" },
            Comparison.Sex => level switch { 0 => "same sex", 1 => "different sex", _ => "sex not recorded" },
            Comparison.AgeGap => level == 5 ? "age not recorded" : $"ages {a.Age} and {b.Age}",
            Comparison.Cause => level switch { 0 => $"same cause ({x.Values.Name(a.Cause)[6..]})", 1 => "same kind of cause", 2 => "different causes", _ => "cause not recorded" },
            Comparison.Substance => level switch
            {
                0 => string.Create(inv, $"both show {string.Join(", ", Bits(c.SharedSubstances).Select(Substances.Name))} (seen in {tf.SubstanceShare(c.SharedSubstances, a.Kind == b.Kind ? a.Kind : null):P1} of comparable deaths)"),
                1 => "neither shows substances",
                2 => "only one shows substances",
                _ => "no substance in common",
            },
            Comparison.Manner => level switch { 0 => "same manner", 1 => "different manner", _ => "manner not recorded" },
            Comparison.Position => level switch { 0 => "body in the same position", 1 => "body in different positions", _ => "position not recorded" },
            Comparison.Scene => level switch
            {
                0 or 1 => $"shared scene features ({string.Join(", ", SceneFeatures.Names(a.Scene & b.Scene))})",
                2 => "scene features differ",
                _ => "few scene features recorded",
            },
            Comparison.PersonRole => level switch
            {
                0 => "the person in common was a finder, caller, witness or present",
                1 => "the person in common was a carer or certifying doctor",
                2 => "the person in common was next of kin",
                _ => "no person in common",
            },
            Comparison.Outdoors => level switch { 0 => "both found in outdoor public places", 1 => "one found outdoors", _ => "neither found outdoors" },
            Comparison.AgeGroup => level switch { 0 => "both under 30", 1 => "both aged 30-59", 2 => "both 60 or over", _ => "different age groups" },
            Comparison.Suspect => level switch { 0 => "no suspect named for either", 1 => "a suspect is named for one", _ => "suspects named for both" },
            _ => Person(level, c, a, b, tf, background),
        };
    }

    private static string Person(int level, in PairComparison c, LinkageRecord a, LinkageRecord b, ITermFrequencies tf, PersonBackground? background)
    {
        if (level == 3 || c.NewerPerson < 0) return "no person in common";
        var pa = a.People[c.NewerPerson];
        var pb = b.People[c.EarlierPerson];
        var how = level switch { 0 => "same phone", 1 => "same name", _ => "same initial and surname" };
        var inv = CultureInfo.InvariantCulture;
        var sameArea = c.Levels[(int)Comparison.Area] == 0;
        var ordinary = background?.Share(c.NewerPerson, sameArea, byPhone: level == 0) ?? double.NaN;
        var why = double.IsNaN(ordinary)
            ? string.Create(inv, $"in about {Math.Round(tf.PersonShare(c.PersonKey) * tf.Records):0} indexed deaths")
            : string.Create(inv, $"ordinarily in about 1 in {Math.Max(1, 1 / Math.Max(ordinary, 1e-6)):N0} deaths {(sameArea ? "here" : "anywhere")} for a {Words.Role(pa.Role)}");
        return $"{how}: {Who(pa, pb)} ({why})";
    }

    /// <summary>The person in common as a reader would say it: a name written the same way in both deaths is given once
    /// ("'Victor Hale', person last seen with the deceased in both"), not repeated with its role beside each death.</summary>
    private static string Who(PersonFeature newer, PersonFeature earlier)
    {
        var (name, earlierName) = (newer.DisplayName ?? "(no name)", earlier.DisplayName ?? "(no name)");
        var (role, earlierRole) = (Words.Role(newer.Role), Words.Role(earlier.Role));
        if (!string.Equals(name, earlierName, StringComparison.OrdinalIgnoreCase)) return $"{role} '{name}' and {earlierRole} '{earlierName}'";
        return role == earlierRole ? $"'{name}', {role} in both" : $"'{name}', {role} in this death and {earlierRole} in the earlier one";
    }

    private static IEnumerable<int> Bits(uint mask)
    {
        for (var i = 0; i < 32; i++)
            if ((mask & (1u << i)) != 0) yield return i;
    }
}
