namespace Vigil.Web.Features.Users;

/// <summary>Every user with roles, teams and status; each opens its own page to change them (ADR 0652).</summary>
[Audit.NoCaseData]
[Authorize(Policy = Policies.ManageUsers)]
public sealed class IndexModel(UserAdmin admin) : PageModel
{
    public List<UserSummary> Users { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Users = await admin.ListAsync(ct);
}
