using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Linkage.Features;
using Vigil.Web.Features.Auth;
using Vigil.Web.Features.Shared;

namespace Vigil.Web.Features.Linkage.Clusters;

[Authorize(Policy = Policies.ReadLinkage)]
public sealed class IndexModel(ClusterScan scan, CaseAccess access, ForceTime time) : PageModel
{
    public ClusterResult? Result { get; private set; }
    public List<DeathCase> Members { get; private set; } = [];
    public DeathKind Kind { get; private set; } = DeathKind.Ghb;
    public int Days { get; private set; } = 1095;
    public ForceTime Time => time;

    public async Task OnGetAsync(DeathKind? kind, int? days, CancellationToken ct)
    {
        Kind = kind ?? DeathKind.Ghb;
        Days = Math.Clamp(days ?? 1095, 30, 3650);
        var scope = await access.ScopeAsync(ct);
        var visibleCases = await access.VisibleAsync(ct);
        IReadOnlySet<Guid>? visible = scope.ReadAll ? null : (await visibleCases.Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        Result = await scan.RunAsync(Kind, Days, visible, ct);
        var ids = Result.MemberCaseIds.ToList();
        Members = await visibleCases.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.FoundAt).ToListAsync(ct);
    }
}
