using Vigil.Linkage.Clusters;
using Vigil.Linkage.Features;

namespace Vigil.Web.Features.Linkage.Clusters;

/// <summary>What the scan found over which deaths.</summary>
public sealed record ClusterResult(DeathKind Kind, int Deaths, double SinceDays, ScanCluster? Cluster, IReadOnlyList<Guid> MemberCaseIds);

/// <summary>The space–time permutation scan over the store's deaths of one kind (e.g. GHB deaths) in a recent period.
/// Restricted to the deaths a reader may see, so a team-scoped supervisor's scan discloses nothing of other teams.</summary>
public sealed class ClusterScan(LinkageEngine engine)
{
    public const int MaxDeaths = 5000; // the scan's circles are quadratic in the deaths scanned

    public async Task<ClusterResult> RunAsync(DeathKind kind, int periodDays, IReadOnlySet<Guid>? visible, CancellationToken ct)
    {
        var all = await engine.ScanCasesAsync(new HashSet<DeathKind> { kind }, ct);
        if (visible is not null) all = all.Where(c => visible.Contains(c.CaseId)).ToList();
        var latest = all.Count == 0 ? 0 : all.Max(c => c.Case.Days);
        var recent = all.Where(c => c.Case.Days >= latest - periodDays).OrderByDescending(c => c.Case.Days).Take(MaxDeaths).ToList();
        var cluster = await Task.Run(() => SpaceTimeScan.Run(recent.Select(c => c.Case).ToList()), ct);
        var members = cluster?.Members.Select(Guid.Parse).ToList() ?? [];
        return new ClusterResult(kind, recent.Count, periodDays, cluster, members);
    }

    public static IReadOnlyList<(DeathKind Kind, string Label)> Kinds { get; } =
    [
        (DeathKind.Ghb, "GHB/GBL deaths"), (DeathKind.Violent, "Violent deaths"), (DeathKind.Poisoning, "Possible poisonings"),
        (DeathKind.OtherDrug, "Other drug deaths"), (DeathKind.Injury, "Injury deaths"), (DeathKind.ElderlyNatural, "Natural deaths of older people"),
        (DeathKind.Other, "Other deaths"),
    ];
}
