using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Data;
using Vigil.Web.Features.Auth;
using Vigil.Web.Features.Shared;

namespace Vigil.Web.Features.Series;

/// <summary>/series/{id}: a linked series — members in order, what they share, decisions with reasons, proposed
/// members (each confirmed or rejected on its comparison page), the chart and the timeline of the series.</summary>
[Authorize(Policy = Policies.ReadCases)]
public sealed class DetailsModel(SeriesProfiles profiles, VigilDbContext db, IAuthorizationService authz, ForceTime time) : PageModel
{
    public SeriesProfile Profile { get; private set; } = null!;
    /// <summary>Proposed members come from the analysts' queue: shown to those who may read it (the Linkage policy).</summary>
    public bool SeesCandidates { get; private set; }
    public ForceTime Time => time;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await profiles.LoadAsync(id, ct) is not { } profile) return NotFound();
        Profile = profile;
        SeesCandidates = (await authz.AuthorizeAsync(User, Policies.ReadLinkage)).Succeeded;
        // The series page names deaths and what links them: a view of the series, on the audit trail.
        Audit.ReadAudit.Record(HttpContext, db, Audit.ReadAudit.View, "LinkedSeries", id.ToString(), null,
            JsonSerializer.Serialize(new { via = "web", members = profile.Members.Select(m => m.Reference), hidden = profile.HiddenMembers }));
        await db.SaveChangesAsync(ct);
        return Page();
    }
}
