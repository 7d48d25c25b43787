using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Data.Identity;
using Vigil.Web.Features.Auth;

namespace Vigil.Web.Features.Family.Liaison;

/// <summary>The FLO's dashboard (cases they are deployed to) and the supervisor's (every family case of their
/// teams): missed contacts, late questions, overdue "tell the family" tasks and unassessed submissions first.</summary>
[Authorize(Policy = Policies.Liaise)]
public sealed class DashboardModel(CaseAccess access, LiaisonStatus status) : PageModel
{
    public List<CaseLiaisonStatus> Cases { get; private set; } = [];
    public bool MineOnly { get; private set; }

    public async Task OnGetAsync(bool? all, CancellationToken ct)
    {
        MineOnly = User.IsInRole(Roles.FamilyLiaison) && all != true;
        var mine = MineOnly ? User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        Cases = (await status.ForScopeAsync(await access.VisibleAsync(ct), mine, ct))
            .OrderByDescending(c => c.NeedsAttention).ThenBy(c => c.Contact?.DueAt ?? DateTime.MaxValue).ToList();
    }
}
