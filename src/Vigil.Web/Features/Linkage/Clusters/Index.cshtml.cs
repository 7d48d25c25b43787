using Vigil.Linkage.Features;

namespace Vigil.Web.Features.Linkage.Clusters;

[Authorize(Policy = Policies.ReadLinkage)]
public sealed class IndexModel(ClusterScan scan, CaseAccess access, LinkageAccess linkage, VigilDbContext db, ForceTime time) : PageModel
{
    public sealed record MemberRow(Guid Id, string Reference, string? Name, int? Age, DateTime FoundAt, string? Area);

    private Dictionary<Guid, MemberRow> rows = [];

    public ClusterResult? Result { get; private set; }
    public DeathKind Kind { get; private set; } = DeathKind.Ghb;
    public int Days { get; private set; } = 1095;
    public ForceTime Time => time;

    /// <summary>The confirmed or candidate series each shown death is in, so a cluster links to its series: only a series
    /// whose page answers the reader (a team supervisor's candidate series reaching into another team does not: ADR 2903).</summary>
    public Dictionary<Guid, (Guid Id, string Reference)> SeriesOf { get; private set; } = [];

    public IEnumerable<MemberRow> Members(ClusterView c) =>
        c.MemberCaseIds.Where(rows.ContainsKey).Select(id => rows[id]).OrderBy(m => m.FoundAt);

    public async Task OnGetAsync(DeathKind? kind, int? days, CancellationToken ct)
    {
        Kind = kind ?? DeathKind.Ghb;
        Days = Math.Clamp(days ?? 1095, 30, 3650);
        var scope = await access.ScopeAsync(ct);
        var visibleCases = await access.VisibleAsync(ct);
        IReadOnlySet<Guid>? visible = scope.ReadAll ? null : (await visibleCases.Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        Result = await scan.RunAsync(Kind, Days, visible, ct);
        var ids = Result.Clusters.SelectMany(c => c.MemberCaseIds).Distinct().ToList();
        rows = await visibleCases.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new MemberRow(c.Id, c.Reference, c.Deceased.Name, c.Deceased.Age, c.FoundAt, c.Area)).ToDictionaryAsync(r => r.Id, ct);
        var series = await db.SeriesMembers().AsNoTracking().Where(m => ids.Contains(m.CaseId) && m.Status != MemberStatus.Rejected)
            .Join(db.Series(), m => m.SeriesId, s => s.Id, (m, s) => new { m.CaseId, s.Id, s.Reference, s.Status }).ToListAsync(ct);
        var answered = await linkage.AnsweredSeriesAsync([.. series.Select(x => x.Id).Distinct()], ct);
        SeriesOf = series.Where(x => answered.Contains(x.Id))
            .GroupBy(x => x.CaseId).ToDictionary(g => g.Key, g => g.OrderBy(x => x.Status == SeriesStatus.Confirmed ? 0 : 1).Select(x => (x.Id, x.Reference)).First());
    }
}
