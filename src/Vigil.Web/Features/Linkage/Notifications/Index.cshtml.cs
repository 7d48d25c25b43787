using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Auth;
using Vigil.Web.Features.Shared;

namespace Vigil.Web.Features.Linkage.Notifications;

/// <summary>An officer's inbox: messages addressed to them (e.g. "your case is in a linked series"), newest first.
/// Opening the inbox marks them read; the read time is on the audit trail.</summary>
[Authorize(Policy = Policies.ReadCases)]
public sealed class IndexModel(VigilDbContext db, TimeProvider clock, ForceTime time) : PageModel
{
    public List<OfficerNotification> Items { get; private set; } = [];
    public ForceTime Time => time;

    /// <summary>Series named in the notifications, by reference: each reference links to its series page.</summary>
    public Dictionary<string, Guid> Series { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        Items = await db.Notifications().Where(n => n.UserId == me).OrderByDescending(n => n.CreatedAt).Take(200).ToListAsync(ct);
        var references = Items.SelectMany(n => System.Text.RegularExpressions.Regex.Matches(n.Text, "LS-[0-9]{4}-[0-9A-F]{6}").Select(m => m.Value)).Distinct().ToList();
        Series = await db.Series().Where(s => references.Contains(s.Reference)).ToDictionaryAsync(s => s.Reference, s => s.Id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var n in Items.Where(n => n.ReadAt is null)) n.ReadAt = now;
        await db.SaveChangesAsync(ct);
    }
}
