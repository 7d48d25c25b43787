namespace Vigil.Web.Features.Family.Liaison;

/// <summary>The FLO's dashboard (cases they are deployed to) and the supervisor's (every family case of their
/// teams): missed contacts, late questions, overdue "tell the family" tasks and unassessed submissions first.</summary>
[Authorize(Policy = Policies.Liaise)]
public sealed class DashboardModel(CaseAccess access, LiaisonStatus status) : PageModel
{
    public Paged<CaseLiaisonStatus> Cases { get; private set; } = null!;
    public bool MineOnly { get; private set; }

    public async Task OnGetAsync(bool? all, [FromQuery(Name = "page")] int? pageNumber, int? size, CancellationToken ct)
    {
        MineOnly = User.IsInRole(Roles.FamilyLiaison) && all != true;
        var mine = MineOnly ? User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        Cases = await status.PageAsync(await access.LiaisonVisibleAsync(ct), mine, pageNumber, size, ct);
    }
}
