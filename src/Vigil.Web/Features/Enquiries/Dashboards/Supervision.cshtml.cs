namespace Vigil.Web.Features.Enquiries.Dashboards;

/// <summary>The supervisor's dashboard: overdue actions, untested exhibits, pending sign-offs, red flags, overdue reviews.</summary>
[Authorize(Policy = Policies.Supervise)]
public sealed class SupervisionModel(CaseAccess access, WorkLists lists) : PageModel
{
    public Dictionary<string, int> Counts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Counts = await lists.CountsAsync(await access.VisibleAsync(ct), ct);
}
