namespace Vigil.Web.Features.Family.Liaison;

/// <summary>The FLO's dashboard (cases they are deployed to) and the supervisor's (every family case of their
/// teams): missed contacts, late questions, overdue "tell the family" tasks and unassessed submissions first.</summary>
[Authorize(Policy = Policies.Liaise)]
public sealed class DashboardModel(VigilDbContext db, CaseAccess access, LiaisonStatus status, TimeProvider clock, IOptions<FamilyOptions> options) : PageModel
{
    public Paged<CaseLiaisonStatus> Cases { get; private set; } = null!;
    /// <summary>Deaths of the reader's teams with no FLO now (<see cref="WaitingForFlo"/>): an FLO's own list holds only the
    /// cases she is deployed to, so without this count a new death reached no FLO (walk53 finding 19).</summary>
    public int WaitingForFloCount { get; private set; }
    public bool MineOnly { get; private set; }

    public async Task OnGetAsync(bool? all, [FromQuery(Name = "page")] int? pageNumber, int? size, CancellationToken ct)
    {
        MineOnly = User.IsInRole(Roles.FamilyLiaison) && all != true;
        var mine = MineOnly ? User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        var visible = await access.LiaisonVisibleAsync(ct);
        Cases = await status.PageAsync(visible, mine, pageNumber, size, ct);
        WaitingForFloCount = await WaitingForFlo.CountAsync(db, visible, clock.GetUtcNow().UtcDateTime, options.Value, ct);
    }
}
