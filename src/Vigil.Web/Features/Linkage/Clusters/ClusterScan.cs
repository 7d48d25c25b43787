using Vigil.Linkage.Features;
using Vigil.Linkage.Surveillance;

namespace Vigil.Web.Features.Linkage.Clusters;

/// <summary>One cluster for the page: its words, numbers, and the member deaths the reader may open (others counted).</summary>
public sealed record ClusterView(string Sentence, Locality Locality, double WindowDays, int Observed, double Expected, double Surprise,
    double RecurrenceYears, IReadOnlyList<Guid> MemberCaseIds, int HiddenMembers);

/// <summary>What the scan found over which deaths.</summary>
public sealed record ClusterResult(DeathKind Kind, double SinceDays, IReadOnlyList<ClusterView> Clusters);

/// <summary>Prospective clusters of one kind of death in a recent period, as the engine saw them when each death
/// arrived: deaths of the kind (or sharing a substance, scene feature or kind of place) gathered in an area or within
/// about a kilometre beyond the background, and places with more such deaths over two years than the force's share
/// explains. Each with a recurrence interval read from the force's own history. Restricted to what the reader may
/// see: a cluster with no visible death is not shown, and other teams' deaths are counted, not named.</summary>
public sealed class ClusterScan(LinkageEngine engine)
{
    public async Task<ClusterResult> RunAsync(DeathKind kind, int periodDays, IReadOnlySet<Guid>? visible, CancellationToken ct)
    {
        var found = await engine.ClustersAsync(kind, periodDays, ct);
        var views = new List<ClusterView>();
        foreach (var f in found)
        {
            var members = f.Members;
            var shown = visible is null ? members : [.. members.Where(visible.Contains)];
            if (shown.Count == 0) continue;
            views.Add(new ClusterView(f.Sentence, f.Locality, f.WindowDays, f.Observed, f.Expected, f.Surprise, f.RecurrenceYears, shown, members.Count - shown.Count));
        }
        return new ClusterResult(kind, periodDays, views);
    }

    public static IReadOnlyList<(DeathKind Kind, string Label)> Kinds { get; } =
    [
        (DeathKind.Ghb, "GHB/GBL deaths"), (DeathKind.Violent, "Violent deaths"), (DeathKind.Poisoning, "Possible poisonings"),
        (DeathKind.OtherDrug, "Other drug deaths"), (DeathKind.Injury, "Injury deaths"), (DeathKind.ElderlyNatural, "Natural deaths of older people"),
        (DeathKind.Other, "Other deaths"),
    ];
}
