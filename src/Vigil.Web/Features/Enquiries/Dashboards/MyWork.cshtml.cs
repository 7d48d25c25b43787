using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Enquiries;
using Vigil.Web.Features.Auth;
using Vigil.Web.Features.Shared;

namespace Vigil.Web.Features.Enquiries.Dashboards;

/// <summary>An investigator's own open actions, overdue first.</summary>
[Authorize(Policy = Policies.EditCases)]
public sealed class MyWorkModel(CaseAccess access, WorkLists lists, ForceTime time, TimeProvider clock) : PageModel
{
    public List<CaseAction> Actions { get; private set; } = [];
    public Dictionary<Guid, string> References { get; private set; } = [];
    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;
    public ForceTime Time => time;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var visible = await access.VisibleAsync(ct);
        Actions = await lists.MineAsync(Officer.From(User).UserName, visible, ct);
        var ids = Actions.Select(a => a.CaseId).Distinct().ToList();
        References = await visible.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Reference, ct);
    }
}
