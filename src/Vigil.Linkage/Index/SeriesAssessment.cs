using System.Globalization;
using Vigil.Linkage.Explaining;
using Vigil.Linkage.Features;
using Vigil.Linkage.Surveillance;

namespace Vigil.Linkage.Index;

/// <summary>A new death scored against a series as a whole: the probability that it belongs (at least one member
/// shares its offender, each member's probability weighed as the engine scores that pair, with the series' own
/// weight in the place), and what the members share and whether the new death shares it — in words that name no case.</summary>
/// <param name="Probability">Probability that the new death belongs to the series.</param>
/// <param name="Members">Live members scored.</param>
/// <param name="Reasons">What the series' members share and what of it the new death shares.</param>
public sealed record SeriesAssessment(double Probability, int Members, IReadOnlyList<string> Reasons);

public sealed partial class LinkageIndex
{
    /// <summary>Scores a new death against the series whose members have these refs (indexed, live). The new death
    /// is not added.</summary>
    public SeriesAssessment AssessAgainst(LinkageRecord r, IReadOnlyCollection<string> memberRefs)
    {
        var ids = memberRefs.Where(m => !string.Equals(m, r.Ref, StringComparison.Ordinal))
            .Select(m => _latest.TryGetValue(m, out var id) ? id : -1).Where(id => id >= 0).ToList();
        if (ids.Count == 0) return new SeriesAssessment(0, 0, []);
        var (ranked, _) = Rank(r, int.MaxValue, ids);
        var members = ids.Select(id => _records[id]).ToList();
        // A set, not the list: the members of a series of hundreds were each looked for in every ranked candidate.
        var isMember = new HashSet<LinkageRecord>(members, ReferenceEqualityComparer.Instance);
        var probabilities = ranked.Where(x => isMember.Contains(x.Candidate.Earlier)).Select(x => x.Candidate.Score.Probability).ToList();
        // At least one member shares the offender: 1 − Π(1 − p), the members' evidence taken together.
        var none = probabilities.Aggregate(1.0, (acc, p) => acc * (1 - Math.Min(p, 0.999)));
        return new SeriesAssessment(1 - none, members.Count, Profile(r, members));
    }

    /// <summary>What the members share, and whether the new death shares it.</summary>
    private List<string> Profile(LinkageRecord r, List<LinkageRecord> members)
    {
        var inv = CultureInfo.InvariantCulture;
        var n = members.Count;
        var reasons = new List<string>();
        foreach (var p in r.People)
        {
            var with = members.Count(m => m.People.Any(q => PersonSignals.Compatible(p, q)));
            if (with > 0) reasons.Add(string.Create(inv, $"{Words.Role(p.Role)} '{p.DisplayName ?? "(phone only)"}' is in {with} of its {n} deaths"));
        }
        foreach (var f in FeatureBits.Of(r).Where(f => f < 32))
        {
            var with = members.Count(m => (m.Substances & (1u << f)) != 0);
            if (with > 0) reasons.Add(string.Create(inv, $"{FeatureBits.Name(f)} as in {with} of its {n} deaths"));
        }
        var sameKind = members.Count(m => m.Kind == r.Kind);
        var sameArea = r.Area < 0 ? 0 : members.Count(m => m.Area == r.Area);
        reasons.Add(string.Create(inv, $"{Words.Kind(r.Kind)}: {sameKind} of its {n} deaths are"));
        if (sameArea > 0) reasons.Add(string.Create(inv, $"in {Extractor.AreaName(r.Area)}, as {sameArea} of its {n} deaths were"));
        var latest = members.Max(m => m.Days);
        reasons.Add(string.Create(inv, $"found {Math.Abs(r.Days - latest):0} days {(r.Days >= latest ? "after" : "before")} its latest death"));
        return reasons;
    }
}
